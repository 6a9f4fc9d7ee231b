import { checkOutput } from './errors.js';

/**
 * Converts 16-bit signed PCM to 8-bit unsigned linear PCM, the audio format pyVoIP's `read_audio`/`write_audio`
 * use (WAV "Unsigned 8-bit PCM", 0x80 = silence). Keeps the high byte (truncation, like Python's
 * `audioop.lin2lin(data, 2, 1)`) and adds the 128 bias.
 * @param pcm - signed 16-bit samples.
 * @param out - where to write; must hold at least `pcm.length` bytes. Given, nothing is allocated.
 * @returns `out`, or a new array of `pcm.length` bytes.
 * @throws {@link G711Error} `OUTPUT_TOO_SMALL` when `out` is shorter than `pcm`.
 */
export function pcm16ToUnsigned8(pcm: Int16Array, out?: Uint8Array): Uint8Array {
  const n = pcm.length;
  const dst = out ?? new Uint8Array(n);
  checkOutput(dst, n, 'pcm16ToUnsigned8');
  for (let i = 0; i < n; i++) dst[i] = (pcm[i]! >> 8) + 128;
  return dst;
}

/**
 * Converts 8-bit unsigned linear PCM (pyVoIP's audio format, 0x80 = silence) to 16-bit signed PCM: removes the
 * 128 bias and shifts into the high byte, so `pcm16ToUnsigned8(unsigned8ToPCM16(x))` equals `x`.
 * @param u8 - unsigned 8-bit samples.
 * @param out - where to write; must hold at least `u8.length` samples. Given, nothing is allocated.
 * @returns `out`, or a new array of `u8.length` samples.
 * @throws {@link G711Error} `OUTPUT_TOO_SMALL` when `out` is shorter than `u8`.
 */
export function unsigned8ToPCM16(u8: Uint8Array, out?: Int16Array): Int16Array {
  const n = u8.length;
  const dst = out ?? new Int16Array(n);
  checkOutput(dst, n, 'unsigned8ToPCM16');
  for (let i = 0; i < n; i++) dst[i] = (u8[i]! - 128) << 8;
  return dst;
}
