import { describe, expect, it } from 'vitest';
import { CharFinder, codesOf, hasLineBreak, indexWithin, isDigits, isGenValueChar, isHostChar, isSchemeChar, isToken, isURIChar, isWS, trimWS, URIPart } from './chars.js';

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

describe('range searches', () => {
  it('indexWithin never looks past the end', () => {
    const codes = codesOf('ab@cd');
    expect([indexWithin(codes, 0x40, 0, 5), indexWithin(codes, 0x40, 0, 2), indexWithin(codes, 0x40, 3, 5)]).toEqual([2, -1, -1]);
  });

  it('CharFinder answers as indexOf within the range, whatever order the ranges and texts come in', () => {
    const at = new CharFinder('@');
    const a = 'x@y z@w';
    expect([at.find(a, 0, 7), at.find(a, 0, 1), at.find(a, 2, 7), at.find(a, 2, 4), at.find(a, 0, 7)]).toEqual([1, -1, 5, -1, 1]);
    expect([at.find('no at here', 0, 10), at.find(a, 6, 7), at.find(`${a}`, 1, 2)]).toEqual([-1, -1, 1]);
  });

  it('CharFinder stays linear over many ranges of one long text without the character', () => {
    const text = 'a'.repeat(200_000);
    const at = new CharFinder('@');
    let found = 0;
    for (let i = 0; i < text.length; i += 2) found += at.find(text, i, i + 2) === -1 ? 0 : 1;
    expect(found).toBe(0);
  });

  it('classes hosts and generic parameter values', () => {
    expect([isHostChar(0x61), isHostChar(0x5f), isHostChar(0x3a), isHostChar(0xe9)]).toEqual([true, true, false, false]);
    expect([isGenValueChar(0x3a), isGenValueChar(0x5b), isGenValueChar(0xe9), isGenValueChar(0x3b), isGenValueChar(0x22)]).toEqual([true, true, true, false, false]);
  });
});
