import { parseNameAddr, parseReplaces } from '@voip/sip-parser';
import { describe, expect, it } from 'vitest';
import { referToWithReplaces, replacesFor } from './replaces.js';

describe('Replaces', () => {
  it('names our dialog as the peer sees it: its to-tag is our remote tag', () => {
    const dialog = { callId: 'c@h', localTag: 'mine', remoteTag: 'theirs' };
    expect(replacesFor(dialog)).toBe('c@h;to-tag=theirs;from-tag=mine');
    const referTo = referToWithReplaces('sip:carol@127.0.0.1:5070', dialog);
    expect(referTo).toBe('<sip:carol@127.0.0.1:5070?Replaces=c%40h%3Bto-tag%3Dtheirs%3Bfrom-tag%3Dmine>');
    expect(parseReplaces(parseNameAddr(referTo).uri.headers.Replaces!)).toMatchObject({ callId: 'c@h', toTag: 'theirs', fromTag: 'mine', earlyOnly: false });
  });
});
