import { describe, expect, it } from 'vitest';
import { codesOf } from './chars.js';
import { SIPBuildError, SIPParseError } from './errors.js';
import { isParamValue, newParams, parseParams, serializeParams, setParam } from './params.js';

describe('parseParams', () => {
  it('reads flags, token, host and quoted values with whitespace around ; and =', () => {
    const out = newParams();
    const s = ' ; A = 1 ;lr; received=[2001:db8::1] ;x="a;b" ,next';
    expect(parseParams(s, codesOf(s), 0, s.length, out, 'BAD_VIA')).toBe(s.indexOf(',next'));
    expect(out).toEqual({ a: '1', lr: null, received: '[2001:db8::1]', x: '"a;b"' });
  });

  it.each([';', ';;', ';=1', ';x="open'])('refuses %j', (s) => {
    expect(() => parseParams(s, codesOf(s), 0, s.length, newParams(), 'BAD_NAME_ADDR')).toThrow(SIPParseError);
  });
});

describe('setParam', () => {
  it('stores __proto__ as an own property', () => {
    const r: Record<string, string> = {};
    setParam(r, '__proto__', 'x');
    expect([Object.keys(r), Object.getPrototypeOf(r) === Object.prototype]).toEqual([['__proto__'], true]);
  });
});

describe('serializeParams', () => {
  it('writes in order, flags bare', () => {
    expect(serializeParams({ branch: 'z9hG4bK1', rport: null, x: '"q v"' })).toBe(';branch=z9hG4bK1;rport;x="q v"');
  });

  it('refuses values that would not read back', () => {
    expect(isParamValue('a b')).toBe(false);
    expect(isParamValue('"a b"')).toBe(true);
    expect(isParamValue('"a" b')).toBe(false);
    expect(() => serializeParams({ 'a b': null })).toThrow(SIPBuildError);
    expect(() => serializeParams({ a: 'x;y' })).toThrow(SIPBuildError);
  });
});
