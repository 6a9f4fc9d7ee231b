import { isIPv6 } from 'node:net';
import { getHeaderList, getTopVia, serializeVia, withHeader, type SIPRequest, type SIPResponse } from '@voip/sip-parser';

/** A host (name or IP literal, IPv6 without brackets) and a UDP port. */
export interface Address {
  readonly host: string;
  readonly port: number;
}

/**
 * A host as an address: an IPv6 reference (`[2001:db8::1]`) without its brackets, anything else unchanged.
 * @param host - a host as written in a URI or Via
 * @returns the host without brackets
 * @see RFC 3261 §25.1 (`IPv6reference`)
 */
export const stripBrackets = (host: string): string => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host);

/**
 * A host as written in a URI, Via or Contact: an IPv6 address in brackets, anything else unchanged.
 * @param host - an IP address or host name, without brackets
 * @returns the host to write
 * @see RFC 3261 §25.1 (`IPv6reference`)
 */
export const formatHost = (host: string): string => (isIPv6(host) ? `[${host}]` : host);

/**
 * Records where a request really came from in its top Via: `received` when the source address differs from the
 * sent-by host (always when `rport` is present), and the source port in a valueless `rport`.
 * @param request - the request as received
 * @param source - the datagram's source address
 * @returns the request with its top Via stamped (the same object when nothing changed)
 * @throws {@link SIPParseError} when the top Via cannot be read
 * @see RFC 3261 §18.2.1; RFC 3581 §4
 */
export function stampReceived(request: SIPRequest, source: Address): SIPRequest {
  const via = getTopVia(request);
  const hasRport = 'rport' in via.params;
  const sameHost = stripBrackets(via.host) === source.host;
  if (!hasRport && sameHost) return request;
  const params: Record<string, string | null> = { ...via.params };
  if (hasRport || !sameHost) params.received = source.host;
  if (hasRport && !via.params.rport) params.rport = String(source.port);
  const values = getHeaderList(request, 'Via');
  values[0] = serializeVia({ ...via, params });
  return withHeader(request, 'Via', values.join(', '));
}

/**
 * Where a response goes over UDP: the top Via's `received` address (at the `rport` port when it has one), else its
 * sent-by host and port (default 5060).
 * @param response - the response to send (its top Via is the request's, stamped by {@link stampReceived})
 * @returns the destination address
 * @throws {@link SIPParseError} when the top Via cannot be read
 * @see RFC 3261 §18.2.2; RFC 3581 §4
 */
export function responseAddress(response: SIPResponse): Address {
  const via = getTopVia(response);
  const received = via.params.received;
  const rport = via.params.rport ? Number(via.params.rport) : undefined;
  const port = rport !== undefined && Number.isInteger(rport) && rport > 0 && rport < 65536 ? rport : (via.port ?? 5060);
  return { host: stripBrackets(received ?? via.host), port };
}

/**
 * The request with its top Via naming the transport it really goes over and our port for it: set by the transport
 * layer at send time, so a request moved to TCP for its size, or sent per a URI's `;transport=`, says so.
 * @param request - the request about to be sent
 * @param token - the Via transport token (`UDP`, `TCP`, `TLS`)
 * @param port - our port for that transport
 * @returns the request (the same object when the Via already says so)
 * @throws {@link SIPParseError} when the top Via cannot be read
 * @see RFC 3261 §18.1.1 ("the value of the transport parameter … MUST be changed"), §8.1.1.7
 */
export function withViaTransport(request: SIPRequest, token: string, port: number): SIPRequest {
  const via = getTopVia(request);
  if (via.transport === token && via.port === port) return request;
  const values = getHeaderList(request, 'Via');
  values[0] = serializeVia({ ...via, transport: token, port });
  return withHeader(request, 'Via', values.join(', '));
}
