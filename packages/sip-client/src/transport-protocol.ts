import type { SIPURI } from '@voip/sip-parser';
import type { Address } from './via-routing.js';

/** The transports a {@link SIPClient} speaks. */
export const TransportProtocol = { UDP: 'udp', TCP: 'tcp', TLS: 'tls' } as const;
/** `'udp'`, `'tcp'` or `'tls'` (lower case, as in a URI's `;transport=` parameter). */
export type TransportProtocol = (typeof TransportProtocol)[keyof typeof TransportProtocol];

/** A next hop: an address and, when already decided, the transport to reach it with. */
export interface Destination extends Address {
  readonly transport?: TransportProtocol;
  /**
   * True when the address was read from a URI without a port (`port` is then 5060, a placeholder): the URI decides
   * the port and transport by RFC 3263 when it is the next hop itself.
   */
  readonly portFromDefault?: boolean;
}

/**
 * Where a message came from: the peer's address, the transport, and for TCP/TLS the connection it arrived on (so
 * responses and later requests can use the same connection).
 */
export interface Flow extends Address {
  readonly transport: TransportProtocol;
  /** An opaque id of the TCP/TLS connection; absent for UDP. */
  readonly connectionId?: number;
}

/** Counters of one transport (UDP, or every connection of TCP or TLS), updated in place. */
export interface TransportStats {
  /** Well-formed messages received. */
  received: number;
  /** Messages sent (datagrams, or messages written to a connection). */
  sent: number;
  /** Datagrams or framed messages that did not parse, and streams that could not be framed. */
  malformed: number;
  /** Malformed requests answered 400. */
  answered400: number;
  /** CRLF keep-alives received (pings answered on TCP/TLS, pongs seen; ignored on UDP). */
  keepAlives: number;
}

/**
 * New counters, all zero.
 * @returns the counters
 */
export const newTransportStats = (): TransportStats => ({ received: 0, sent: 0, malformed: 0, answered400: 0, keepAlives: 0 });

/**
 * True for TCP and TLS: transactions do not retransmit and use zero wait timers.
 * @param transport - the transport
 * @returns whether it is reliable
 * @see RFC 3261 §17.1.1.1, Table 4
 */
export const isReliable = (transport: TransportProtocol): boolean => transport !== 'udp';

/**
 * The Via sent-protocol transport token: `UDP`, `TCP`, `TLS`.
 * @param transport - the transport
 * @returns the upper-case token
 * @see RFC 3261 §20.42
 */
export const viaTransportToken = (transport: TransportProtocol): string => transport.toUpperCase();

/**
 * The default port of a transport: 5061 for TLS, 5060 otherwise.
 * @param transport - the transport
 * @returns the port
 * @see RFC 3261 §19.1.2
 */
export const defaultPort = (transport: TransportProtocol): number => (transport === 'tls' ? 5061 : 5060);

/**
 * Reads a transport name (`udp`, `TCP`, `tls`) as a {@link TransportProtocol}.
 * @param text - a URI `transport` parameter or a Via transport token
 * @returns the transport, or `undefined` for one this package does not speak (SCTP, WS)
 */
export function parseTransport(text: string | null | undefined): TransportProtocol | undefined {
  const lower = text?.toLowerCase();
  return lower === 'udp' || lower === 'tcp' || lower === 'tls' ? lower : undefined;
}

/**
 * The transport a URI asks for: its `;transport=` parameter (`tcp` under `sips:` means TLS), else TLS for `sips:`,
 * else `undefined` (the caller's default applies).
 * @param uri - a SIP or SIPS URI
 * @returns the transport, or `undefined` when the URI leaves it open
 * @see RFC 3261 §19.1.1, §26.2.2; RFC 3263 §4.1
 */
export function uriTransport(uri: SIPURI): TransportProtocol | undefined {
  return uri.scheme === 'sips' ? 'tls' : parseTransport(uri.params.transport);
}
