import { isTokenChar, isWS } from './chars.js';
import { SIPParseError } from './errors.js';
import { newParams, parseParams, serializeParams } from './params.js';
import { quote, scanQuoted, unquote } from './quoted-string.js';
import { parseURI, serializeURI, type SIPURI } from './uri.js';

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
  const end = text.length;
  let i = 0;
  while (i < end && isWS(text.charCodeAt(i))) i++;
  if (i === end) fail(text, i, 'empty address');
  let displayName: string | undefined;
  let uri: SIPURI;
  let c = text.charCodeAt(i);
  if (c === 0x22) {
    const close = scanQuoted(text, i, end);
    if (close < 0) fail(text, i, 'the quoted display name is not closed');
    displayName = unquote(text.slice(i, close));
    i = close;
    while (i < end && isWS(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 0x3c) fail(text, i, 'expected "<" after the display name');
    c = 0x3c;
  } else if (c !== 0x3c) {
    const lt = text.indexOf('<', i);
    if (lt !== -1) {
      let name = '';
      let k = i;
      while (k < lt) {
        const ch = text.charCodeAt(k);
        if (isWS(ch)) {
          while (k < lt && isWS(text.charCodeAt(k))) k++;
          if (k < lt && name.length > 0) name += ' ';
        } else if (isTokenChar(ch)) {
          const start = k;
          while (k < lt && isTokenChar(text.charCodeAt(k))) k++;
          name += text.slice(start, k);
        } else fail(text, k, 'a display name must be quoted or made of tokens');
      }
      displayName = name;
      i = lt;
      c = 0x3c;
    }
  }
  if (c === 0x3c) {
    const gt = text.indexOf('>', i);
    if (gt === -1) fail(text, i, 'the "<" around the URI is not closed');
    uri = parseURI(text.slice(i + 1, gt));
    i = gt + 1;
  } else {
    const start = i;
    while (i < end) {
      const ch = text.charCodeAt(i);
      if (ch === 0x3b || isWS(ch) || ch === 0x2c) break;
      i++;
    }
    const spec = text.slice(start, i);
    if (spec.indexOf('?') !== -1) fail(text, start, 'a URI with headers ("?") must be enclosed in <>');
    uri = parseURI(spec);
  }
  const params = newParams();
  i = parseParams(text, i, end, params, 'BAD_NAME_ADDR');
  if (i !== end) fail(text, i, 'unexpected text after the address');
  return displayName === undefined ? { uri, params } : { displayName, uri, params };
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
