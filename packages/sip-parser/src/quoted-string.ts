import type { CharCodes } from './chars.js';
import { SIPBuildError } from './errors.js';

/**
 * The index just past the quoted-string that opens at `start` (which holds `"`) and closes before `end`, or -1
 * when it does not.
 * A backslash escapes the next character (RFC 3261 §25.1 quoted-pair).
 */
export function scanQuoted(codes: CharCodes, start: number, end: number): number {
  let i = start + 1;
  while (i < end) {
    const c = codes[i]!;
    if (c === 0x5c) i += 2;
    else if (c === 0x22) return i + 1;
    else i++;
  }
  return -1;
}

/** The content of a quoted-string (quotes included in `q`), with quoted-pairs resolved. */
export function unquote(q: string): string {
  return unquoteRange(q, 0, q.length);
}

/** {@link unquote} of the quoted-string `s[start, end)` (quotes included). */
export function unquoteRange(s: string, start: number, end: number): string {
  const inner = s.slice(start + 1, end - 1);
  if (inner.indexOf('\\') === -1) return inner;
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (c === '\\' && i + 1 < inner.length) out += inner[++i];
    else out += c;
  }
  return out;
}

/**
 * `text` as an RFC 3261 quoted-string: `"` and `\` and control characters written as quoted-pairs.
 * @throws {@link SIPBuildError} `BAD_VALUE` when `text` holds CR or LF, which no quoted-string can carry.
 */
export function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d || c === 0x0a) throw new SIPBuildError('BAD_VALUE', 'a quoted string cannot hold CR or LF', text);
    if (c === 0x22 || c === 0x5c || (c < 0x20 && c !== 0x09) || c === 0x7f) out += '\\';
    out += text[i];
  }
  return `${out}"`;
}
