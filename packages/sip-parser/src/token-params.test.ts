import { describe, expect, it } from 'vitest';
import { isTokenChar } from './chars.js';
import { SIPBuildError, SIPParseError } from './errors.js';
import { isCallIdChar, isMediaTypeChar, parseTokenParams, serializeTokenParams } from './token-params.js';

describe('token-params values', () => {
  it('round-trips a value with parameters', () => {
    const v = parseTokenParams(' presence ; id=7;Flag', 'BAD_HEADER', 'an event', isTokenChar);
    expect(v).toEqual({ value: 'presence', params: { id: '7', flag: null } });
    expect(serializeTokenParams(v)).toBe('presence;id=7;flag');
    expect(parseTokenParams(serializeTokenParams(v), 'BAD_HEADER', 'an event', isTokenChar)).toEqual(v);
  });
  it('tells the value classes apart', () => {
    expect(isCallIdChar('@'.charCodeAt(0))).toBe(true);
    expect(isCallIdChar(';'.charCodeAt(0))).toBe(false);
    expect(isMediaTypeChar('/'.charCodeAt(0))).toBe(true);
    expect(isMediaTypeChar(' '.charCodeAt(0))).toBe(false);
  });
  it('refuses an empty value and junk, and will not write one that reads back differently', () => {
    expect(() => parseTokenParams(';id=1', 'BAD_HEADER', 'an event', isTokenChar)).toThrow(SIPParseError);
    expect(() => parseTokenParams('a b', 'BAD_HEADER', 'an event', isTokenChar)).toThrow(SIPParseError);
    expect(() => serializeTokenParams({ value: 'a;b', params: {} })).toThrow(SIPBuildError);
    expect(() => serializeTokenParams({ value: '', params: {} })).toThrow(SIPBuildError);
  });
});
