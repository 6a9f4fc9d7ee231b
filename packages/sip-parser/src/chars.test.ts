import { describe, expect, it } from 'vitest';
import { hasLineBreak, isDigits, isSchemeChar, isToken, isURIChar, isWS, trimWS, URIPart } from './chars.js';

describe('character classes (RFC 3261 §25.1)', () => {
  it('knows tokens', () => {
    expect(isToken("!interesting-Method0123456789_*+`.%indeed'~")).toBe(true);
    expect([isToken(''), isToken('a b'), isToken('a:b'), isToken('é')]).toEqual([false, false, false, false]);
  });

  it('knows URI component classes', () => {
    expect([isURIChar(0x3b, URIPart.USER), isURIChar(0x3b, URIPart.PARAM), isURIChar(0x3a, URIPart.PARAM), isURIChar(0x3f, URIPart.HVALUE)]).toEqual([true, false, true, true]);
    expect([isSchemeChar(0x2b), isSchemeChar(0x3a)]).toEqual([true, false]);
  });

  it('trims SP/HT only, finds line breaks, digits', () => {
    expect(trimWS(' \t a\u00a0 \t')).toBe('a\u00a0');
    expect([isWS(0x20), isWS(0x09), isWS(0x0a)]).toEqual([true, true, false]);
    expect([hasLineBreak('a\rb'), hasLineBreak('ab')]).toEqual([true, false]);
    expect([isDigits('0123'), isDigits(''), isDigits('1a')]).toEqual([true, false, false]);
  });
});
