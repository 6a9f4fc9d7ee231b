import { describe, expect, it } from 'vitest';
import { allSamples, comparison, u8 } from '../test/corpus.js';
import { decodePCMASample, decodePCMUSample, encodePCMASample, encodePCMUSample } from './g191.js';

describe('G.191 sample algorithms', () => {
  const samples = allSamples();

  it('mu-law encode equals g191alg_ulaw for all 65 536 inputs', () => {
    const expected = u8('g711/g191alg_ulaw_of_linear16_all.u8');
    const got = Uint8Array.from(samples, (s) => encodePCMUSample(s));
    expect(Buffer.from(got).equals(Buffer.from(expected))).toBe(true);
  });

  it('A-law encode equals g191alg_alaw for all 65 536 inputs', () => {
    const expected = u8('g711/g191alg_alaw_of_linear16_all.u8');
    const got = Uint8Array.from(samples, (s) => encodePCMASample(s));
    expect(Buffer.from(got).equals(Buffer.from(expected))).toBe(true);
  });

  it('decodes all 256 codes as the reference decode tables', () => {
    const { decode_table_ulaw, decode_table_alaw } = comparison();
    expect(Array.from({ length: 256 }, (_, c) => decodePCMUSample(c))).toEqual(decode_table_ulaw);
    expect(Array.from({ length: 256 }, (_, c) => decodePCMASample(c))).toEqual(decode_table_alaw);
  });

  it.each([
    ['mu-law encode 0', encodePCMUSample(0), 0xff],
    ['mu-law encode -1 (one\'s complement: negative zero)', encodePCMUSample(-1), 0x7f],
    ['mu-law encode 32767', encodePCMUSample(32767), 0x80],
    ['mu-law encode -32768', encodePCMUSample(-32768), 0x00],
    ['A-law encode 0', encodePCMASample(0), 0xd5],
    ['A-law encode 32767', encodePCMASample(32767), 0xaa],
    ['A-law encode -32768', encodePCMASample(-32768), 0x2a],
    ['mu-law decode 0x00', decodePCMUSample(0x00), -32124],
    ['mu-law decode 0x7f', decodePCMUSample(0x7f), 0],
    ['A-law decode 0xd5', decodePCMASample(0xd5), 8],
    ['A-law decode 0x55', decodePCMASample(0x55), -8],
    ['A-law decode 0x2a', decodePCMASample(0x2a), -32256],
  ])('%s', (_name, got, want) => {
    expect(got).toBe(want);
  });

  it('wraps numbers outside 16 bits like an Int16Array store would', () => {
    expect(encodePCMUSample(65536 + 1000)).toBe(encodePCMUSample(1000));
    expect(encodePCMASample(32768)).toBe(encodePCMASample(-32768));
  });
});
