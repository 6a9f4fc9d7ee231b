import { checkOutput } from './errors.js';
import { ULAW_DECODE, ULAW_ENCODE } from './tables.js';

/** The mu-law code of a zero sample, used for silence. */
export const PCMU_SILENCE = 0xFF;

/**
 * Encodes 16-bit linear PCM to G.711 mu-law (PCMU, RTP payload type 0), bit-exact with ITU-T G.191.
 * @param pcm - signed 16-bit samples, any length.
 * @param out - where to write; must hold at least `pcm.length` bytes. Given, nothing is allocated.
 * @returns `out` (the first `pcm.length` bytes written), or a new array of `pcm.length` bytes.
 * @throws {@link G711Error} `OUTPUT_TOO_SMALL` when `out` is shorter than `pcm`.
 * @example encodePCMU(new Int16Array([0, 1000, -1000]))
 * @see ITU-T G.711 Table 2a; RFC 3551 §4.5.14
 */
export function encodePCMU(pcm: Int16Array, out?: Uint8Array): Uint8Array {
  const n = pcm.length;
  const dst = out ?? new Uint8Array(n);
  checkOutput(dst, n, 'encodePCMU');
  for (let i = 0; i < n; i++) dst[i] = ULAW_ENCODE[pcm[i]! & 0xffff]!;
  return dst;
}

/**
 * Decodes G.711 mu-law (PCMU) to 16-bit linear PCM, bit-exact with ITU-T G.191.
 * @param bytes - mu-law codes, any length.
 * @param out - where to write; must hold at least `bytes.length` samples. Given, nothing is allocated.
 * @returns `out` (the first `bytes.length` samples written), or a new array of `bytes.length` samples.
 * @throws {@link G711Error} `OUTPUT_TOO_SMALL` when `out` is shorter than `bytes`.
 * @see ITU-T G.711 Table 2b; RFC 3551 §4.5.14
 */
export function decodePCMU(bytes: Uint8Array, out?: Int16Array): Int16Array {
  const n = bytes.length;
  const dst = out ?? new Int16Array(n);
  checkOutput(dst, n, 'decodePCMU');
  for (let i = 0; i < n; i++) dst[i] = ULAW_DECODE[bytes[i]!]!;
  return dst;
}
