import { buildResponse, getContacts, getHeader, SIPParseError, type SIPRequest, type SIPResponse } from '@voip/sip-parser';
import { stampReceived, type Address } from './via-routing.js';

const REQUIRED_FOR_400 = ['Via', 'From', 'To', 'Call-ID', 'CSeq'] as const;

/**
 * The 400 answer to a request that did not parse, when enough of it was readable to address one: Via, From, To,
 * Call-ID and CSeq present and the top Via readable. ACKs are never answered.
 * @param partial - what the parser read of the request
 * @param source - where it came from (stamped into the top Via)
 * @param detail - why it was rejected (put, shortened and escaped, in a Warning header)
 * @param serverHeader - the Server header value, if any
 * @returns the response, or `undefined` when the request must be dropped instead
 * @see RFC 3261 §8.2, §21.4.1; STYLE §4 (receive loops never throw)
 */
export function badRequestFor(partial: SIPRequest, source: Address, detail: string, serverHeader?: string): SIPResponse | undefined {
  if (partial.method === 'ACK') return undefined;
  if (REQUIRED_FOR_400.some((name) => getHeader(partial, name) === undefined)) return undefined;
  try {
    const stamped = stampReceived(partial, source);
    const headers: [string, string][] = [warningHeader(detail)];
    if (serverHeader) headers.push(['Server', serverHeader]);
    return buildResponse(stamped, 400, { headers });
  } catch {
    // the readable part was still not enough to build or address a response: drop, as for garbage
    return undefined;
  }
}

/**
 * The Warning header of a 400: why the request was refused, shortened and escaped.
 * @param detail - the parse error's message
 * @returns the header name and value
 * @see RFC 3261 §20.43 (warn-code 399: miscellaneous)
 */
export function warningHeader(detail: string): [string, string] {
  return ['Warning', `399 - ${JSON.stringify(detail.slice(0, 80).replace(/[^\x20-\x7e]/g, '?'))}`];
}

/** Requests whose Contact a UA acts on: dialog-creating and target-refresh requests, and REGISTER. */
const READS_CONTACT = new Set(['INVITE', 'UPDATE', 'SUBSCRIBE', 'NOTIFY', 'REFER', 'REGISTER']);

/**
 * The error of a request that parsed but whose Contact (which the parser leaves to be read when needed) is
 * malformed, for the requests that use it. The UAS core answers such a request 400.
 * @param request - a parsed request
 * @returns the parse error of its Contact, or `undefined` when it is readable or not needed
 * @see RFC 3261 §8.2 (RFC 4475 §3.1.2.13 regbadct)
 */
export function unreadableContact(request: SIPRequest): SIPParseError | undefined {
  if (!READS_CONTACT.has(request.method)) return undefined;
  try {
    getContacts(request);
    return undefined;
  } catch (error) {
    if (SIPParseError.isInstance(error)) return error;
    throw error;
  }
}
