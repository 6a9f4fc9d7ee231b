import { describe, expect, it } from 'vitest';
import { codesOf } from './chars.js';
import { SIPBuildError } from './errors.js';
import { quote, scanQuoted, unquote } from './quoted-string.js';

describe('quoted strings', () => {
  it('scanQuoted finds the closing quote past escapes, or -1', () => {
    expect(scanQuoted(codesOf('x"a\\"b"y'), 1, 8)).toBe(7);
    expect(scanQuoted(codesOf('"a\\"'), 0, 4)).toBe(-1);
  });

  it('unquote resolves quoted-pairs; quote escapes what it must', () => {
    expect(unquote('"a\\"b\\\\c\\d"')).toBe('a"b\\cd');
    expect(quote('a"b\\c\u0001\td')).toBe('"a\\"b\\\\c\\\u0001\td"');
    expect(unquote(quote('x"\\\u007f'))).toBe('x"\\\u007f');
    expect(() => quote('a\nb')).toThrow(SIPBuildError);
  });
});
