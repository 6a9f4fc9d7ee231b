/**
 * The G.711 sample algorithms as the ITU-T G.191 Software Tools Library (module `g711`) defines them. They work on
 * one sample at a time and are the single source of truth: the lookup tables in `tables.ts` are built from them.
 *
 * Encoding keeps the 14 (mu-law) or 13 (A-law) most significant bits of a 16-bit sample by truncation, not
 * rounding, and takes the one's complement (`~x`) of negative samples rather than negating them. That is why
 * -1 encodes to mu-law 0x7F ("negative zero") and why the output differs from sox and audioop at decision
 * boundaries.
 * @see ITU-T G.711 (11/88) Tables 1a/1b and 2a/2b; ITU-T G.191 STL `g711.c`
 */

/** The mu-law bias (33) in the 14-bit domain: it makes the segment boundaries powers of two. */
const ULAW_BIAS = 33;
/** The largest biased 14-bit magnitude mu-law can code (`0x1FFF`). */
const ULAW_CLIP = 0x1fff;

/**
 * Encodes one 16-bit linear sample to an 8-bit mu-law code (G.191 algorithm, bit-exact).
 * @param sample - a signed 16-bit value (-32768..32767); other numbers are wrapped to 16 bits.
 * @returns the mu-law code, 0..255 (0xFF for 0).
 * @see ITU-T G.711 Table 2a
 */
export function encodePCMUSample(sample: number): number {
  const x = (sample << 16) >> 16;
  // 14-bit magnitude (one's complement for negatives), plus the bias.
  let magnitude = (x < 0 ? ~x >> 2 : x >> 2) + ULAW_BIAS;
  if (magnitude > ULAW_CLIP) magnitude = ULAW_CLIP;
  let segment = 1;
  for (let i = magnitude >> 6; i !== 0; i >>= 1) segment++;
  const high = 8 - segment;
  const low = 0x0f - ((magnitude >> segment) & 0x0f);
  const code = (high << 4) | low;
  return x >= 0 ? code | 0x80 : code;
}

/**
 * Decodes one mu-law code to a 16-bit linear sample (G.191 algorithm, bit-exact).
 * @param code - 0..255; higher bits are ignored.
 * @returns the linear value, -32124..32124 (0x7F and 0xFF both give 0).
 * @see ITU-T G.711 Table 2b
 */
export function decodePCMUSample(code: number): number {
  const c = code & 0xff;
  const inverted = ~c & 0xff;
  const exponent = (inverted >> 4) & 0x07;
  const mantissa = inverted & 0x0f;
  const step = 4 << (exponent + 1);
  const magnitude = (0x80 << exponent) + step * mantissa + step / 2 - 4 * ULAW_BIAS;
  // `| 0` turns the -0 of negative zero (0x7F) into 0.
  return c < 0x80 ? -magnitude | 0 : magnitude;
}

/**
 * Encodes one 16-bit linear sample to an 8-bit A-law code (G.191 algorithm, bit-exact, even bits inverted).
 * @param sample - a signed 16-bit value (-32768..32767); other numbers are wrapped to 16 bits.
 * @returns the A-law code, 0..255 (0xD5 for 0).
 * @see ITU-T G.711 Table 1a
 */
export function encodePCMASample(sample: number): number {
  const x = (sample << 16) >> 16;
  // 12-bit magnitude of the 13-bit value (one's complement for negatives).
  let code = x < 0 ? ~x >> 4 : x >> 4;
  if (code > 15) {
    let exponent = 1;
    while (code > 16 + 15) {
      code >>= 1;
      exponent++;
    }
    code = code - 16 + (exponent << 4);
  }
  if (x >= 0) code |= 0x80;
  return code ^ 0x55;
}

/**
 * Decodes one A-law code to a 16-bit linear sample (G.191 algorithm, bit-exact).
 * @param code - 0..255; higher bits are ignored.
 * @returns the linear value, ±8..±32256 (A-law has no zero: 0xD5 gives +8).
 * @see ITU-T G.711 Table 1b
 */
export function decodePCMASample(code: number): number {
  const c = code & 0xff;
  const toggled = (c ^ 0x55) & 0x7f;
  const exponent = toggled >> 4;
  let mantissa = toggled & 0x0f;
  if (exponent > 0) mantissa += 16;
  mantissa = (mantissa << 4) + 8;
  if (exponent > 1) mantissa <<= exponent - 1;
  return c > 0x7f ? mantissa : -mantissa;
}
