import type { SIPURI } from '@voip/sip-parser';
import type { Address } from './via-routing.js';

/** The transports a {@link SIPClient} speaks. */
export const TransportProtocol = { UDP: 'udp', TCP: 'tcp', TLS: 'tls' } as const;
/** `'udp'`, `'tcp'` or `'tls'` (lower case, as in a URI's `;transport=` parameter). */
export type TransportProtocol = (typeof TransportProtocol)[keyof typeof TransportProtocol];

/** A next hop: an address and, when already decided, the transport to reach it with. */
export interface Destination extends Address {
  readonly transport?: TransportProtocol;
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
  const secure = uri.scheme === 'sips';
  const asked = parseTransport(uri.params.transport);
  if (secure) return 'tls';
  return asked;
}
