import { describe, expect, it } from 'vitest';
import { codesOf } from './chars.js';
import { SIPBuildError, SIPParseError } from './errors.js';
import { parseNameAddr, readNameAddr as readNameAddrIn, serializeNameAddr } from './name-addr.js';

/** readNameAddr of `text[start, end)`. */
const readNameAddr = (text: string, start: number, end: number) => readNameAddrIn(text, codesOf(text), start, end);

describe('parseNameAddr', () => {
  it('reads a quoted display name with escapes, the URI and header parameters', () => {
    const v = parseNameAddr('"Bob \\"B\\" Smith" <sip:bob@biloxi.com;transport=udp> ; tag = a6c85cf ;x');
    expect(v).toEqual({
      displayName: 'Bob "B" Smith',
      uri: { scheme: 'sip', user: 'bob', host: 'biloxi.com', params: { transport: 'udp' }, headers: {} },
      params: { tag: 'a6c85cf', x: null },
    });
  });

  it('reads token display names, with or without space before <', () => {
    expect(parseNameAddr('A.  Bell <sip:a@b>').displayName).toBe('A. Bell');
    expect(parseNameAddr('caller<sip:a@b>').displayName).toBe('caller');
    expect(parseNameAddr('<sip:a@b>').displayName).toBeUndefined();
  });

  it('gives parameters after an addr-spec to the header, not the URI', () => {
    const v = parseNameAddr('sip:+1972@gw1.example.net;user=phone;tag=9');
    expect([v.uri.params, v.params]).toEqual([{}, { user: 'phone', tag: '9' }]);
  });

  it('keeps quoted parameter values with their quotes', () => {
    expect(parseNameAddr('<sip:a@b>;+sip.instance="<urn:uuid:1>"').params['+sip.instance']).toBe('"<urn:uuid:1>"');
  });

  it.each([
    ['"unclosed <sip:a@b>', 'BAD_NAME_ADDR'],
    ['Bell, Alexander <sip:a@b>', 'BAD_NAME_ADDR'],
    ['<sip:a@b', 'BAD_NAME_ADDR'],
    ['< sip:a@b >', 'BAD_URI'],
    ['sip:a@b?Route=x', 'BAD_NAME_ADDR'],
    ['<sip:a@b>;;', 'BAD_NAME_ADDR'],
    ['<sip:a@b> junk', 'BAD_NAME_ADDR'],
    ['', 'BAD_NAME_ADDR'],
  ])('refuses %j with %s', (text, code) => {
    expect(() => parseNameAddr(text)).toThrow(expect.objectContaining({ code }) as Error);
    expect(() => parseNameAddr(text)).toThrow(SIPParseError);
  });
});

describe('serializeNameAddr', () => {
  it('always writes the <uri> form and quotes the display name', () => {
    const v = parseNameAddr('caller <sip:c@h>;tag=1');
    expect(serializeNameAddr(v)).toBe('"caller" <sip:c@h>;tag=1');
    expect(parseNameAddr(serializeNameAddr(v))).toEqual(v);
  });

  it('escapes control characters as quoted-pairs and refuses CR/LF', () => {
    const v = { displayName: 'a\u0000"\\', uri: { scheme: 'sip', host: 'h', params: {}, headers: {} }, params: {} };
    expect(serializeNameAddr(v)).toBe('"a\\\u0000\\"\\\\" <sip:h>');
    expect(parseNameAddr(serializeNameAddr(v))).toEqual(v);
    expect(() => serializeNameAddr({ ...v, displayName: 'a\r\nVia: x' })).toThrow(SIPBuildError);
  });

  it('refuses a parameter value that would not read back', () => {
    const v = { uri: { scheme: 'sip', host: 'h', params: {}, headers: {} }, params: { tag: 'a b' } };
    expect(() => serializeNameAddr(v)).toThrow(SIPBuildError);
  });
});

describe('readNameAddr', () => {
  it('reads one element of a longer text, never past its end', () => {
    const text = 'm: <sip:a@x>;q=0.5, "B" <sip:b@y>;tag=1';
    const comma = text.indexOf(',');
    expect(readNameAddr(text, 3, comma)).toEqual({ uri: { scheme: 'sip', user: 'a', host: 'x', params: {}, headers: {} }, params: { q: '0.5' } });
    expect(readNameAddr(text, comma + 1, text.length)).toMatchObject({ displayName: 'B', params: { tag: '1' } });
    expect(readNameAddr('sip:a@h x>', 0, 8)).toMatchObject({ uri: { user: 'a', host: 'h' } });
  });

  it('does not take a "<" or ">" beyond its end', () => {
    expect(() => readNameAddr('Bob <sip:b@h', 0, 12)).toThrow(expect.objectContaining({ code: 'BAD_NAME_ADDR' }) as Error);
    expect(() => readNameAddr('<sip:b@h x>', 0, 8)).toThrow(expect.objectContaining({ code: 'BAD_NAME_ADDR' }) as Error);
  });
});
