import { codesOf, isTokenChar, isWS, type CharCodes } from './chars.js';
import { SIPParseError } from './errors.js';

/**
 * A CSeq value: sequence number and method.
 * @see RFC 3261 §20.16, §8.1.1.5
 */
export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

const MAX_SEQ = 0xffffffff;

/**
 * Parses `1*DIGIT LWS Method`. Leading zeros are allowed; the number must fit 32 bits unsigned (RFC 3261 §8.1.1.5),
 * so overlarge values (RFC 4475 §3.1.2.4) are refused rather than rounded.
 * @param text - the CSeq header value.
 * @returns the CSeq.
 * @throws {@link SIPParseError} `BAD_CSEQ`.
 * @example parseCSeq('0009 INVITE') // { seq: 9, method: 'INVITE' }
 * @see RFC 3261 §20.16
 */
export function parseCSeq(text: string): CSeq {
  return readCSeq(text, codesOf(text), 0, text.length);
}

/**
 * {@link parseCSeq} of `text[start, end)` (`codes` its character codes), without copying it out first.
 * @throws {@link SIPParseError} `BAD_CSEQ`, offsets indexing `text`.
 */
export function readCSeq(text: string, codes: CharCodes, start: number, end: number): CSeq {
  let i = start;
  while (i < end && isWS(codes[i]!)) i++;
  const numberStart = i;
  let seq = 0;
  while (i < end) {
    const c = codes[i]!;
    if (c < 0x30 || c > 0x39) break;
    seq = seq * 10 + (c - 0x30);
    if (seq > MAX_SEQ) throw new SIPParseError('BAD_CSEQ', numberStart, 'the CSeq number does not fit 32 bits', text);
    i++;
  }
  if (i === numberStart) throw new SIPParseError('BAD_CSEQ', i, 'expected the CSeq sequence number', text);
  const ws = i;
  while (i < end && isWS(codes[i]!)) i++;
  const methodStart = i;
  while (i < end && isTokenChar(codes[i]!)) i++;
  if (methodStart === ws || i === methodStart) throw new SIPParseError('BAD_CSEQ', i, 'expected whitespace and a method after the CSeq number', text);
  const method = text.slice(methodStart, i);
  while (i < end && isWS(codes[i]!)) i++;
  if (i !== end) throw new SIPParseError('BAD_CSEQ', i, 'unexpected text after the CSeq method', text);
  return { seq, method };
}

/**
 * Writes a CSeq value.
 * @param cseq - the CSeq.
 * @returns e.g. `314159 INVITE`.
 * @see RFC 3261 §20.16
 */
export function serializeCSeq(cseq: CSeq): string {
  return `${cseq.seq} ${cseq.method}`;
}
