import { CharFinder, codesOf, isTokenChar, isWS, type CharCodes } from './chars.js';
import { SIPParseError } from './errors.js';
import { newParams, parseParams, serializeParams } from './params.js';
import { quote, scanQuoted, unquoteRange } from './quoted-string.js';
import { readURI, serializeURI, type SIPURI } from './uri.js';

/**
 * A From, To, Contact, Route or Record-Route value: optional display name, URI, header parameters (`tag` is
 * `params.tag`, `expires` of a Contact is `params.expires`).
 * @see RFC 3261 §20.10, §20.20, §20.39, §25.1 name-addr / addr-spec
 */
export interface NameAddr {
  /** The display name, unquoted and unescaped; `undefined` when there was none. */
  readonly displayName?: string;
  readonly uri: SIPURI;
  /** Header parameters by lower-case name (quoted values keep their quotes); `null` = flag. */
  readonly params: Readonly<Record<string, string | null>>;
}

const LT = new CharFinder('<');
const GT = new CharFinder('>');

function fail(text: string, at: number, detail: string): never {
  throw new SIPParseError('BAD_NAME_ADDR', at, detail, text);
}

/**
 * Parses `[display-name] <URI> *(;param)` or `addr-spec *(;param)`. A display name may be quoted or a run of tokens
 * (with or without space before `<`, as RFC 4475 §3.1.1.6 asks). In the addr-spec form the URI ends at the first
 * `;` or whitespace, so its parameters are header parameters, and a URI with `?` headers is refused (it needs `<>`).
 * @param text - one header value element.
 * @returns the name-addr.
 * @throws {@link SIPParseError} `BAD_NAME_ADDR` (unclosed quote or `<`, a non-token display name, junk after the
 *   value) or `BAD_URI`.
 * @example parseNameAddr('"Bob" <sip:bob@biloxi.com>;tag=a6c85cf').params.tag // 'a6c85cf'
 * @see RFC 3261 §20.10, §25.1
 */
export function parseNameAddr(text: string): NameAddr {
  return readNameAddr(text, codesOf(text), 0, text.length);
}

/**
 * {@link parseNameAddr} of `text[start, end)` (`codes` its character codes), without copying it out first.
 * @throws {@link SIPParseError} `BAD_NAME_ADDR` or `BAD_URI`, offsets indexing `text`.
 */
export function readNameAddr(text: string, codes: CharCodes, start: number, end: number): NameAddr {
  let i = start;
  while (i < end && isWS(codes[i]!)) i++;
  if (i === end) fail(text, i, 'empty address');
  let displayName: string | undefined;
  let uri: SIPURI;
  let c = codes[i]!;
  if (c === 0x22) {
    const close = scanQuoted(codes, i, end);
    if (close < 0) fail(text, i, 'the quoted display name is not closed');
    displayName = unquoteRange(text, i, close);
    i = close;
    while (i < end && isWS(codes[i]!)) i++;
    if (i === end || codes[i] !== 0x3c) fail(text, i, 'expected "<" after the display name');
    c = 0x3c;
  } else if (c !== 0x3c) {
    const lt = LT.find(text, i, end);
    if (lt !== -1) {
      displayName = tokenDisplayName(text, codes, i, lt);
      i = lt;
      c = 0x3c;
    }
  }
  if (c === 0x3c) {
    const gt = GT.find(text, i, end);
    if (gt === -1) fail(text, i, 'the "<" around the URI is not closed');
    uri = readURI(text, codes, i + 1, gt);
    i = gt + 1;
  } else {
    const specStart = i;
    while (i < end) {
      const ch = codes[i]!;
      if (ch === 0x3b || isWS(ch) || ch === 0x2c) break;
      if (ch === 0x3f) fail(text, specStart, 'a URI with headers ("?") must be enclosed in <>');
      i++;
    }
    uri = readURI(text, codes, specStart, i);
  }
  const params = newParams();
  i = parseParams(text, codes, i, end, params, 'BAD_NAME_ADDR');
  if (i !== end) fail(text, i, 'unexpected text after the address');
  return displayName === undefined ? { uri, params } : { displayName, uri, params };
}

/** A display name written as tokens, `text[start, end)`: the tokens joined by single spaces. */
function tokenDisplayName(text: string, codes: CharCodes, start: number, end: number): string {
  let name = '';
  let k = start;
  while (k < end) {
    const ch = codes[k]!;
    if (isWS(ch)) {
      while (k < end && isWS(codes[k]!)) k++;
      if (k < end && name.length > 0) name += ' ';
    } else if (isTokenChar(ch)) {
      const from = k;
      while (k < end && isTokenChar(codes[k]!)) k++;
      name += text.slice(from, k);
    } else fail(text, k, 'a display name must be quoted or made of tokens');
  }
  return name;
}

/**
 * Writes a name-addr, always in the `<uri>` form (display name quoted when present).
 * @param value - the name-addr.
 * @returns e.g. `"Bob" <sip:bob@biloxi.com>;tag=a6c85cf`.
 * @throws {@link SIPBuildError} for a display name with CR/LF, a bad URI or parameter.
 * @see RFC 3261 §25.1
 */
export function serializeNameAddr(value: NameAddr): string {
  const name = value.displayName === undefined ? '' : `${quote(value.displayName)} `;
  return `${name}<${serializeURI(value.uri)}>${serializeParams(value.params)}`;
}
