/**
 * 16-bit RTP sequence number arithmetic (RFC 3550 §5.1, Appendix A.1): numbers wrap from 65535 to 0, and "newer"
 * means less than half the space ahead.
 */

/**
 * The signed distance from `b` to `a` in sequence space: positive when `a` is newer than `b`.
 * @param a - a sequence number, 0..65535.
 * @param b - another one.
 * @returns -32768..32767 (`seqDiff(0, 65535) === 1`).
 * @see https://www.rfc-editor.org/rfc/rfc3550#appendix-A.1
 */
export function seqDiff(a: number, b: number): number {
  return ((a - b + 32768) & 0xffff) - 32768;
}

/**
 * The sequence number after `seq`, wrapping 65535 to 0.
 * @param seq - a sequence number, 0..65535.
 * @returns `(seq + 1) mod 65536`.
 */
export function nextSeq(seq: number): number {
  return (seq + 1) & 0xffff;
}
