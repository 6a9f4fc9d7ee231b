import { isTokenChar, isWS } from './chars.js';
import { SIPParseError } from './errors.js';
import { newParams, parseParams, serializeParams } from './params.js';
import { parseHostPort } from './uri.js';

/**
 * One Via value (a header line may hold several, comma-separated). `params.branch` is the transaction id,
 * `params.received` and `params.rport` (`null` when sent as a flag) the RFC 3581 additions.
 * @see RFC 3261 §20.42, §18.2.1; RFC 3581 §4
 */
export interface Via {
  /** `'SIP/2.0'`. */
  readonly protocol: string;
  /** Upper-case transport: `'UDP'`, `'TCP'`, `'TLS'`, `'WSS'`, … */
  readonly transport: string;
  /** sent-by host; IPv6 with brackets. */
  readonly host: string;
  readonly port?: number;
  /** Parameters by lower-case name; `null` = flag. */
  readonly params: Readonly<Record<string, string | null>>;
}

function fail(text: string, at: number, detail: string): never {
  throw new SIPParseError('BAD_VIA', at, detail, text);
}

function token(text: string, i: number, end: number): number {
  const start = i;
  while (i < end && isTokenChar(text.charCodeAt(i))) i++;
  if (i === start) fail(text, i, 'expected a token in the Via sent-protocol');
  return i;
}

function slash(text: string, i: number, end: number): number {
  while (i < end && isWS(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 0x2f) fail(text, i, 'expected "/" in the Via sent-protocol');
  i++;
  while (i < end && isWS(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Parses one via-parm: `SIP / 2.0 / UDP host[:port] *(;param)`, whitespace allowed around `/` and `;`.
 * @param text - one Via value (already split at commas).
 * @returns the Via.
 * @throws {@link SIPParseError} `BAD_VIA` for a bad sent-protocol, host, port or parameter.
 * @example parseVia('SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776;rport').params.rport // null
 * @see RFC 3261 §20.42, §25.1 via-parm
 */
export function parseVia(text: string): Via {
  const end = text.length;
  let i = 0;
  while (i < end && isWS(text.charCodeAt(i))) i++;
  let protocol = 'SIP/2.0';
  if (text.startsWith('SIP/2.0/', i)) {
    i += 8;
    while (i < end && isWS(text.charCodeAt(i))) i++;
  } else {
    const nameStart = i;
    i = token(text, i, end);
    const name = text.slice(nameStart, i);
    i = slash(text, i, end);
    const versionStart = i;
    i = token(text, i, end);
    protocol = `${name}/${text.slice(versionStart, i)}`;
    i = slash(text, i, end);
  }
  const transportStart = i;
  i = token(text, i, end);
  const transport = text.slice(transportStart, i).toUpperCase();
  const wsStart = i;
  while (i < end && isWS(text.charCodeAt(i))) i++;
  if (i === wsStart || i === end) fail(text, i, 'expected whitespace and a host after the Via transport');
  const hostStart = i;
  if (text.charCodeAt(i) === 0x5b) i = Math.max(i, text.indexOf(']', i));
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 0x3b || isWS(c)) break;
    i++;
  }
  const hp = parseHostPort(text, hostStart, i, 'BAD_VIA');
  const params = newParams();
  i = parseParams(text, i, end, params, 'BAD_VIA');
  if (i !== end) fail(text, i, 'unexpected text in Via');
  const via: { -readonly [K in keyof Via]: Via[K] } = { protocol, transport, host: hp.host, params };
  if (hp.port !== undefined) via.port = hp.port;
  return via;
}

/**
 * Writes one via-parm.
 * @param via - the Via.
 * @returns e.g. `SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776;rport`.
 * @throws {@link SIPBuildError} `BAD_VALUE` for a bad parameter.
 * @see RFC 3261 §20.42
 */
export function serializeVia(via: Via): string {
  const port = via.port === undefined ? '' : `:${via.port}`;
  return `${via.protocol}/${via.transport} ${via.host}${port}${serializeParams(via.params)}`;
}
