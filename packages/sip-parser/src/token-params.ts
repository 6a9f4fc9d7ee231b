import { codesOf, isTokenChar, isWS } from './chars.js';
import { SIPBuildError, SIPParseError, type SIPParseErrorCode } from './errors.js';
import { newParams, parseParams, serializeParams } from './params.js';

/**
 * A header value of the shape `value *( ";" generic-param )`: Event (`presence;id=1`), Replaces (`call-id;to-tag=…`),
 * Content-Type (`application/sdp;charset=utf-8`).
 */
export interface TokenParams {
  /** The leading value as written (an Event package, a Call-ID, a media type). */
  readonly value: string;
  /** Parameters by lower-case name; quoted values keep their quotes; `null` = flag. */
  readonly params: Readonly<Record<string, string | null>>;
}

/**
 * Reads `value *(;param)`, where the value is a run of characters accepted by `isValueChar`.
 * @param text - the header value.
 * @param code - the error code to throw.
 * @param what - what the value is, for the error message.
 * @param isValueChar - the characters the leading value may hold.
 * @returns the value and parameters.
 * @throws {@link SIPParseError} with `code` for an empty value, a bad parameter or junk at the end.
 */
export function parseTokenParams(text: string, code: SIPParseErrorCode, what: string, isValueChar: (c: number) => boolean): TokenParams {
  const end = text.length;
  const codes = codesOf(text);
  let i = 0;
  while (i < end && isWS(codes[i]!)) i++;
  const start = i;
  while (i < end && isValueChar(codes[i]!)) i++;
  if (i === start) throw new SIPParseError(code, i, `expected ${what}`, text);
  const value = text.slice(start, i);
  const params = newParams();
  i = parseParams(text, codes, i, end, params, code);
  if (i !== end) throw new SIPParseError(code, i, `unexpected text after ${what}`, text);
  return { value, params };
}

/**
 * Writes `value;param=…`.
 * @param v - the value and parameters.
 * @returns the header value.
 * @throws {@link SIPBuildError} `BAD_VALUE` for an empty value, whitespace, `;` or CR/LF in it, or a bad parameter.
 */
export function serializeTokenParams(v: TokenParams): string {
  const value = v.value;
  if (value.length === 0) throw new SIPBuildError('BAD_VALUE', 'the value before the parameters cannot be empty', value);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0x20 || c === 0x3b || c === 0x7f) throw new SIPBuildError('BAD_VALUE', 'the value cannot hold whitespace, control characters or ";"', value);
  }
  return value + serializeParams(v.params);
}

/** Call-ID characters, RFC 3261 §25.1 `word`: any visible character but `;` (which starts the parameters). */
export function isCallIdChar(c: number): boolean {
  return c > 0x20 && c !== 0x7f && c !== 0x3b;
}

/** `type "/" subtype` characters: token characters and the slash. */
export function isMediaTypeChar(c: number): boolean {
  return isTokenChar(c) || c === 0x2f;
}
