import { describe, expect, it } from 'vitest';
import { codesOf } from './chars.js';
import { parseCSeq, readCSeq, serializeCSeq } from './cseq.js';

describe('parseCSeq', () => {
  it('reads number and method, leading zeros and folded space allowed', () => {
    expect(parseCSeq('0009 INVITE')).toEqual({ seq: 9, method: 'INVITE' });
    expect(parseCSeq('4294967295\t  ACK')).toEqual({ seq: 4294967295, method: 'ACK' });
  });

  it.each(['', 'INVITE', '1', '1INVITE', '4294967296 INVITE', '36893488147419103232 REGISTER', '1 INVITE x', '-1 INVITE'])('refuses %j', (text) => {
    expect(() => parseCSeq(text)).toThrow(expect.objectContaining({ code: 'BAD_CSEQ' }) as Error);
  });

  it('writes "seq METHOD"', () => {
    expect(serializeCSeq({ seq: 314159, method: 'INVITE' })).toBe('314159 INVITE');
    expect(parseCSeq(serializeCSeq({ seq: 1, method: 'OPTIONS' }))).toEqual({ seq: 1, method: 'OPTIONS' });
  });
});

describe('readCSeq', () => {
  it('reads a range of a longer text', () => {
    const text = 'CSeq: 7 BYE\r\nX: 1';
    expect(readCSeq(text, codesOf(text), 6, 11)).toEqual({ seq: 7, method: 'BYE' });
    expect(() => readCSeq(text, codesOf(text), 6, 8)).toThrow(expect.objectContaining({ code: 'BAD_CSEQ' }) as Error);
  });
});
