import { codesOf, isSIP20At, isTokenChar, isWS, type CharCodes } from './chars.js';
import { SIPParseError } from './errors.js';
import { newParams, parseParams, serializeParams } from './params.js';
import { hostPortEnded, lastHost, lastPort, scanHostPort } from './uri.js';

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

function token(text: string, codes: CharCodes, i: number, end: number): number {
  const start = i;
  while (i < end && isTokenChar(codes[i]!)) i++;
  if (i === start) fail(text, i, 'expected a token in the Via sent-protocol');
  return i;
}

function slash(text: string, codes: CharCodes, i: number, end: number): number {
  while (i < end && isWS(codes[i]!)) i++;
  if (i === end || codes[i] !== 0x2f) fail(text, i, 'expected "/" in the Via sent-protocol');
  i++;
  while (i < end && isWS(codes[i]!)) i++;
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
  return readVia(text, codesOf(text), 0, text.length);
}

/** Whether `codes` holds `SIP/2.0/` at `i`, before `end`. */
function isSIP20Slash(codes: CharCodes, i: number, end: number): boolean {
  return i + 8 <= end && isSIP20At(codes, i) && codes[i + 7] === 0x2f;
}

/** The upper-case transport `text[start, end)`, interned for the usual ones. */
function transportName(text: string, codes: CharCodes, start: number, end: number): string {
  if (end - start === 3) {
    const a = codes[start]!;
    const b = codes[start + 1]!;
    const c = codes[start + 2]!;
    if (a === 0x55 && b === 0x44 && c === 0x50) return 'UDP';
    if (a === 0x54 && b === 0x43 && c === 0x50) return 'TCP';
    if (a === 0x54 && b === 0x4c && c === 0x53) return 'TLS';
    if (a === 0x57 && b === 0x53 && c === 0x53) return 'WSS';
  }
  return text.slice(start, end).toUpperCase();
}

/**
 * {@link parseVia} of `text[start, end)` (`codes` its character codes), without copying it out first.
 * @throws {@link SIPParseError} `BAD_VIA`, offsets indexing `text`.
 */
export function readVia(text: string, codes: CharCodes, start: number, end: number): Via {
  let i = start;
  while (i < end && isWS(codes[i]!)) i++;
  let protocol = 'SIP/2.0';
  if (isSIP20Slash(codes, i, end)) {
    i += 8;
    while (i < end && isWS(codes[i]!)) i++;
  } else {
    const nameStart = i;
    i = token(text, codes, i, end);
    const name = text.slice(nameStart, i);
    i = slash(text, codes, i, end);
    const versionStart = i;
    i = token(text, codes, i, end);
    protocol = `${name}/${text.slice(versionStart, i)}`;
    i = slash(text, codes, i, end);
  }
  const transportStart = i;
  i = token(text, codes, i, end);
  const transport = transportName(text, codes, transportStart, i);
  const wsStart = i;
  while (i < end && isWS(codes[i]!)) i++;
  if (i === wsStart || i === end) fail(text, i, 'expected whitespace and a host after the Via transport');
  i = scanHostPort(text, codes, i, end, 'BAD_VIA');
  if (i < end) {
    const c = codes[i]!;
    if (c !== 0x3b && !isWS(c)) hostPortEnded(text, i, 'BAD_VIA');
  }
  const host = lastHost();
  const port = lastPort();
  const params = newParams();
  i = parseParams(text, codes, i, end, params, 'BAD_VIA');
  if (i !== end) fail(text, i, 'unexpected text in Via');
  return port < 0 ? { protocol, transport, host, params } : { protocol, transport, host, params, port };
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
