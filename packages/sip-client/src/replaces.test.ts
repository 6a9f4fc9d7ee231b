import { parseNameAddr } from '@voip/sip-parser';
import { describe, expect, it } from 'vitest';
import { parseReplaces, referToWithReplaces, replacesFor } from './replaces.js';

describe('Replaces', () => {
  it('parses call-id, tags and early-only, and refuses a value without both tags', () => {
    expect(parseReplaces('98732@sip.example.com;from-tag=r33th4x0r;to-tag=ff87ff;early-only')).toEqual({
      callId: '98732@sip.example.com', toTag: 'ff87ff', fromTag: 'r33th4x0r', earlyOnly: true,
    });
    expect(parseReplaces('abc;to-tag=1')).toBeUndefined();
    expect(parseReplaces(';to-tag=1;from-tag=2')).toBeUndefined();
  });

  it('names our dialog as the peer sees it: its to-tag is our remote tag', () => {
    const dialog = { callId: 'c@h', localTag: 'mine', remoteTag: 'theirs' };
    expect(replacesFor(dialog)).toBe('c@h;to-tag=theirs;from-tag=mine');
    const referTo = referToWithReplaces('sip:carol@127.0.0.1:5070', dialog);
    expect(referTo).toBe('<sip:carol@127.0.0.1:5070?Replaces=c%40h%3Bto-tag%3Dtheirs%3Bfrom-tag%3Dmine>');
    expect(parseReplaces(parseNameAddr(referTo).uri.headers.Replaces!)).toEqual({ callId: 'c@h', toTag: 'theirs', fromTag: 'mine', earlyOnly: false });
  });
});
