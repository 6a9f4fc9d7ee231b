import { codesOf, isGenValueChar, isTokenChar, isWS, isToken, hasLineBreak, type CharCodes } from './chars.js';
import { SIPBuildError, SIPParseError, type SIPParseErrorCode } from './errors.js';
import { scanQuoted } from './quoted-string.js';

/** Parameters by lower-case name; `null` marks a flag parameter without a value (`;lr`). */
export type SIPParams = Readonly<Record<string, string | null>>;

/** A fresh, empty parameter record (a plain object: fast to build and read). */
export function newParams(): Record<string, string | null> {
  return {};
}

/** Sets `record[name]`; a name `__proto__` becomes an own property instead of changing the prototype. */
export function setParam<V>(record: Record<string, V>, name: string, value: V): void {
  if (name === '__proto__') Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
  else record[name] = value;
}

/** Parameter names common enough to be recognised without lower-casing (RFC 3261 §19.1.1, §20, RFC 3581, RFC 5626). */
const KNOWN_NAMES = ['q', 'lr', 'ob', 'gr', 'tag', 'ttl', 'user', 'rport', 'maddr', 'branch', 'method', 'expires', 'received', 'transport'];
/** Known names by length. */
const BY_LENGTH: string[][] = [];
for (const name of KNOWN_NAMES) (BY_LENGTH[name.length] ??= []).push(name);

/**
 * The lower-case name `text[start, end)` (`codes` its character codes): one of the interned known names when it is
 * one (no new string, and a property key that needs no interning), else a lower-cased copy.
 */
export function paramName(text: string, codes: CharCodes, start: number, end: number): string {
  const list = BY_LENGTH[end - start];
  if (list !== undefined) {
    for (let n = 0; n < list.length; n++) {
      const known = list[n]!;
      let k = 0;
      for (; k < known.length; k++) {
        const c = codes[start + k]!;
        const l = known.charCodeAt(k);
        if (c !== l && ((c ^ 0x20) !== l || l < 0x61)) break;
      }
      if (k === known.length) return known;
    }
  }
  return text.slice(start, end).toLowerCase();
}

/**
 * Reads `*( SWS ";" SWS generic-param )` from `text` (`codes` its character codes) at `i`, into `out` (names
 * lower-cased, quoted values kept with their quotes). Stops at `end` or at the first character that does not start
 * another parameter.
 * @returns the index where reading stopped.
 * @throws {@link SIPParseError} with `code` for an empty or non-token name or a bad value.
 * @see RFC 3261 §25.1 generic-param
 */
export function parseParams(text: string, codes: CharCodes, i: number, end: number, out: Record<string, string | null>, code: SIPParseErrorCode): number {
  for (;;) {
    let j = i;
    while (j < end && isWS(codes[j]!)) j++;
    if (j >= end || codes[j] !== 0x3b) return j;
    j++;
    while (j < end && isWS(codes[j]!)) j++;
    const nameStart = j;
    while (j < end && isTokenChar(codes[j]!)) j++;
    if (j === nameStart) throw new SIPParseError(code, j, 'expected a parameter name (a token) after ";"', text);
    const name = paramName(text, codes, nameStart, j);
    let k = j;
    while (k < end && isWS(codes[k]!)) k++;
    if (k < end && codes[k] === 0x3d) {
      k++;
      while (k < end && isWS(codes[k]!)) k++;
      const valueStart = k;
      if (k < end && codes[k] === 0x22) {
        k = scanQuoted(codes, k, end);
        if (k < 0) throw new SIPParseError(code, valueStart, `the quoted value of parameter "${name}" is not closed`, text);
      } else {
        while (k < end && isGenValueChar(codes[k]!)) k++;
      }
      setParam(out, name, text.slice(valueStart, k));
      i = k;
    } else {
      setParam(out, name, null);
      i = j;
    }
  }
}

/**
 * `;name=value;flag` for each parameter, in insertion order.
 * @throws {@link SIPBuildError} `BAD_VALUE` for a name that is not a token or a value with CR/LF.
 */
export function serializeParams(params: SIPParams): string {
  let out = '';
  for (const name in params) {
    const value = params[name];
    if (!isToken(name)) throw new SIPBuildError('BAD_VALUE', 'a parameter name must be a token', name);
    if (value === null || value === undefined) out += `;${name}`;
    else {
      if (!isParamValue(value)) throw new SIPBuildError('BAD_VALUE', `parameter "${name}" needs a token, host or quoted-string value`, value);
      out += `;${name}=${value}`;
    }
  }
  return out;
}

/** Whether `value` reads back unchanged as a gen-value: token/host characters only, or one whole quoted-string. */
export function isParamValue(value: string): boolean {
  if (hasLineBreak(value)) return false;
  if (value.charCodeAt(0) === 0x22) return scanQuoted(codesOf(value), 0, value.length) === value.length;
  for (let i = 0; i < value.length; i++) if (!isGenValueChar(value.charCodeAt(i))) return false;
  return true;
}
