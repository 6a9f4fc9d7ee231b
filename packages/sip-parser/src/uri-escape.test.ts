import { describe, expect, it } from 'vitest';
import { URIPart } from './chars.js';
import { escapeURI, unescapeURI } from './uri-escape.js';

describe('URI escapes', () => {
  it('unescapes a range once, as UTF-8, keeping a stray %', () => {
    const t = 'xx%41%c3%a9%2541%zz%4';
    expect(unescapeURI(t, 2, t.length)).toBe('Aé%41%zz%4');
    expect(unescapeURI('plain', 1, 4)).toBe('lai');
    expect(unescapeURI('a😀%20', 0, 6)).toBe('a😀 ');
  });

  it('escapes only what the component may not carry, and always %', () => {
    expect(escapeURI('a;b?c', URIPart.USER)).toBe('a;b?c');
    expect(escapeURI('a;b?c', URIPart.PARAM)).toBe('a%3Bb%3Fc');
    expect(escapeURI('50% é', URIPart.HVALUE)).toBe('50%25%20%C3%A9');
    const s = 'x%y é;&=';
    expect(unescapeURI(escapeURI(s, URIPart.PASSWORD), 0, escapeURI(s, URIPart.PASSWORD).length)).toBe(s);
  });
});
