import { describe, expect, it } from 'vitest';
import { G711Error, isG711Error } from './errors.js';

describe('G711Error', () => {
  it('is a named RangeError with a code, recognised by isG711Error', () => {
    const e = new G711Error('UNKNOWN_LAW', 'nope');
    expect(e).toBeInstanceOf(RangeError);
    expect(e.name).toBe('G711Error');
    expect(e.code).toBe('UNKNOWN_LAW');
    expect(isG711Error(e)).toBe(true);
  });

  it('recognises a copy from another module instance by its marker', () => {
    const foreign = Object.assign(new RangeError('x'), { [Symbol.for('@voip/codecs-g711/G711Error')]: true });
    expect(isG711Error(foreign)).toBe(true);
    expect(isG711Error(new RangeError('x'))).toBe(false);
    expect(isG711Error(null)).toBe(false);
  });
});
