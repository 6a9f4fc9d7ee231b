import { G711Error } from './errors.js';
import { decodePCMA, encodePCMA } from './pcma.js';
import { decodePCMU, encodePCMU } from './pcmu.js';

/** The two G.711 laws, named by their RTP encoding names (RFC 3551 §4.5.14). */
export const G711Law = { PCMU: 'PCMU', PCMA: 'PCMA' } as const;
/** `'PCMU'` (mu-law) or `'PCMA'` (A-law). */
export type G711Law = (typeof G711Law)[keyof typeof G711Law];

function unknownLaw(law: unknown): G711Error {
  return new G711Error('UNKNOWN_LAW', `unknown G.711 law ${JSON.stringify(String(law)).slice(0, 64)}; expected 'PCMU' or 'PCMA'`);
}

/**
 * Encodes 16-bit PCM with the law given by name.
 * @param law - `'PCMU'` or `'PCMA'`.
 * @param pcm - signed 16-bit samples.
 * @param out - optional output, at least `pcm.length` bytes.
 * @returns the codes (`out` when given).
 * @throws {@link G711Error} `UNKNOWN_LAW`, `OUTPUT_TOO_SMALL`.
 */
export function encodeG711(law: G711Law, pcm: Int16Array, out?: Uint8Array): Uint8Array {
  if (law === 'PCMU') return encodePCMU(pcm, out);
  if (law === 'PCMA') return encodePCMA(pcm, out);
  throw unknownLaw(law);
}

/**
 * Decodes G.711 codes with the law given by name.
 * @param law - `'PCMU'` or `'PCMA'`.
 * @param bytes - the codes.
 * @param out - optional output, at least `bytes.length` samples.
 * @returns the samples (`out` when given).
 * @throws {@link G711Error} `UNKNOWN_LAW`, `OUTPUT_TOO_SMALL`.
 */
export function decodeG711(law: G711Law, bytes: Uint8Array, out?: Int16Array): Int16Array {
  if (law === 'PCMU') return decodePCMU(bytes, out);
  if (law === 'PCMA') return decodePCMA(bytes, out);
  throw unknownLaw(law);
}
