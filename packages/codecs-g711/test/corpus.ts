import { corpusBytes, corpusJSON } from '@voip/testkit';

/** The 65 536 input samples of `g711/linear16_all.s16le` (-32768..32767 ascending). */
export function allSamples(): Int16Array {
  const bytes = corpusBytes('g711/linear16_all.s16le');
  const out = new Int16Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt16LE(2 * i);
  return out;
}

/** A corpus file of raw bytes as a Uint8Array. */
export function u8(path: string): Uint8Array {
  return new Uint8Array(corpusBytes(path));
}

/** A corpus s16le file as an Int16Array. */
export function s16(path: string): Int16Array {
  const bytes = corpusBytes(path);
  const out = new Int16Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt16LE(2 * i);
  return out;
}

/** `g711/g711-comparison.json`, the parts the tests read. */
export interface G711Comparison {
  decode_table_ulaw: number[];
  decode_table_alaw: number[];
  diff_ulaw_sox_vs_g191: { columns: string[]; rows: number[][] };
  diff_alaw_sox_vs_g191: { columns: string[]; rows: number[][] };
}

/** The comparison file. */
export function comparison(): G711Comparison {
  return corpusJSON<G711Comparison>('g711/g711-comparison.json');
}
