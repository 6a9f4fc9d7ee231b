import { describe, expect, it } from 'vitest';
import { G711Error } from './errors.js';
import { decodeG711, encodeG711, G711Law } from './g711-law.js';
import { decodePCMA, encodePCMA } from './pcma.js';
import { decodePCMU, encodePCMU } from './pcmu.js';

describe('encodeG711 / decodeG711', () => {
  const pcm = new Int16Array([0, 1, -1, 1234, -1234, 32767, -32768]);

  it('dispatch by law name', () => {
    expect([...encodeG711(G711Law.PCMU, pcm)]).toEqual([...encodePCMU(pcm)]);
    expect([...encodeG711(G711Law.PCMA, pcm)]).toEqual([...encodePCMA(pcm)]);
    const codes = new Uint8Array([0, 0x55, 0x7f, 0xd5, 0xff]);
    expect([...decodeG711('PCMU', codes)]).toEqual([...decodePCMU(codes)]);
    expect([...decodeG711('PCMA', codes)]).toEqual([...decodePCMA(codes)]);
  });

  it('pass out through', () => {
    const out = new Uint8Array(pcm.length);
    expect(encodeG711('PCMA', pcm, out)).toBe(out);
    const back = new Int16Array(pcm.length);
    expect(decodeG711('PCMU', out, back)).toBe(back);
  });

  it('reject an unknown law with UNKNOWN_LAW', () => {
    expect(() => encodeG711('G722' as never, pcm)).toThrow(G711Error);
    expect(() => decodeG711('pcmu' as never, new Uint8Array(1))).toThrow(/unknown G.711 law "pcmu"/);
  });
});
