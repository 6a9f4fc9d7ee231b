import { decodePCMASample, decodePCMUSample, encodePCMASample, encodePCMUSample } from './g191.js';

/**
 * Lookup tables built once, when the module loads, from the G.191 sample algorithms. Encode tables have one entry
 * per 16-bit pattern (index `sample & 0xFFFF`); decode tables one per code.
 * @internal
 */
function buildEncodeTable(encode: (sample: number) => number): Uint8Array {
  const table = new Uint8Array(65_536);
  for (let i = 0; i < 65_536; i++) table[i] = encode(i);
  return table;
}

function buildDecodeTable(decode: (code: number) => number): Int16Array {
  const table = new Int16Array(256);
  for (let c = 0; c < 256; c++) table[c] = decode(c);
  return table;
}

/** @internal mu-law code for every 16-bit pattern. */
export const ULAW_ENCODE = buildEncodeTable(encodePCMUSample);
/** @internal A-law code for every 16-bit pattern. */
export const ALAW_ENCODE = buildEncodeTable(encodePCMASample);
/** @internal linear value for every mu-law code. */
export const ULAW_DECODE = buildDecodeTable(decodePCMUSample);
/** @internal linear value for every A-law code. */
export const ALAW_DECODE = buildDecodeTable(decodePCMASample);
