import { isIPv6 } from 'node:net';
import {
  getRequestURI,
  getRoutes,
  getTopVia,
  serializeSIPMessage,
  type SIPMessage,
  type SIPRequest,
  type SIPResponse,
  type SIPURI,
} from '@voip/sip-parser';
import type { Clock } from './clock.js';
import { literalTarget, nodeDNSResolver, resolveSIPURI, type ResolvedTarget, type SIPDNSResolver } from './dns-resolver.js';
import { TransportError } from './errors.js';
import type { StreamConnection } from './stream-connection.js';
import { StreamTransport } from './stream-transport.js';
import { tcpSocketFactory } from './tcp-transport.js';
import { tlsSocketFactory, type TLSOptions } from './tls-transport.js';
import {
  defaultPort,
  isReliable,
  newTransportStats,
  parseTransport,
  uriTransport,
  viaTransportToken,
  type Destination,
  type Flow,
  type TransportProtocol,
  type TransportStats,
} from './transport-protocol.js';
import { UDPTransport } from './udp-transport.js';
import { responseAddress, stripBrackets, withViaTransport, type Address } from './via-routing.js';

/** Options of a {@link TransportManager}. */
export interface TransportManagerOptions {
  /** Address to bind every listener to. */
  readonly host: string;
  /** UDP and TCP port (0 = any free port, the same for both). */
  readonly port: number;
  /** TLS listening port (default: `port + 1`, or any when `port` is 0); used only with `tls.cert` and `tls.key`. */
  readonly tlsPort?: number;
  /** Transport for requests whose URI names none; when set, RFC 3263 NAPTR selection is skipped. */
  readonly transport?: TransportProtocol;
  /** Certificates and verification for TLS. */
  readonly tls?: TLSOptions;
  /** Every request goes to this URI's address (RFC 3261 §8.1.2 outbound proxy). */
  readonly outboundProxy?: SIPURI;
  /** DNS lookups for host names (default {@link nodeDNSResolver}). */
  readonly resolver?: SIPDNSResolver;
  readonly clock: Clock;
  /** Path MTU for the UDP size rule (default 1500): requests over `mtu - 200` bytes go over TCP. */
  readonly mtu?: number;
  /** Largest message sent or accepted, in bytes (default 65 507 over UDP, 65 536 over TCP and TLS). */
  readonly maxMessageBytes?: number;
  /** Close TCP/TLS connections unused for this long, in ms (default 120 000). */
  readonly idleTimeout?: number;
  /** `Server` header of 400 answers. */
  readonly serverHeader?: string;
  /** Every well-formed message with the flow it came on. */
  readonly onMessage: (message: SIPMessage, flow: Flow) => void;
  /** Failures that belong to no transaction. */
  readonly onError: (error: Error) => void;
}

/** Counters of every transport of a {@link TransportManager}, summed. */
export interface TransportManagerStats extends Readonly<TransportStats> {
  /** Requests sent over TCP because they were too large for UDP (RFC 3261 §18.1.1). */
  readonly sizeUpgrades: number;
}

/**
 * The URI that decides how a request travels: the first Route (the next hop of a loose router) if any, else the
 * Request-URI.
 * @param request - the request
 * @returns the URI
 * @throws {@link SIPParseError} for an unreadable Route or Request-URI
 * @see RFC 3261 §8.1.2, §16.12
 */
export function decidingURI(request: SIPRequest): SIPURI {
  return getRoutes(request)[0]?.uri ?? getRequestURI(request);
}

/**
 * Where one transaction's requests go: resolved once (without DNS for IP literals, by RFC 3263 for names), then
 * every message of the transaction (retransmissions, the ACK of a non-2xx) goes to the same target. A request too
 * large for UDP goes over TCP; the top Via is set to the transport actually used.
 * @see RFC 3263 §4; RFC 3261 §18.1.1
 */
export class Route {
  readonly #manager: TransportManager;
  readonly #uri: SIPURI;
  readonly #preferred: TransportProtocol | undefined;
  #targets: ResolvedTarget[] | undefined;
  #resolving: Promise<ResolvedTarget[]> | undefined;

  /** @internal use {@link TransportManager.route} */
  constructor(manager: TransportManager, uri: SIPURI, preferred: TransportProtocol | undefined) {
    this.#manager = manager;
    this.#uri = uri;
    this.#preferred = preferred;
    const literal = literalTarget(uri, preferred);
    if (literal) this.#targets = [literal];
  }

  /** The target chosen, once known (at once for IP literals). */
  get target(): ResolvedTarget | undefined {
    return this.#targets?.[0];
  }

  /**
   * The target, resolving it by RFC 3263 on first use.
   * @throws (rejects) {@link TransportError} `RESOLVE_FAILED`
   */
  async resolve(): Promise<ResolvedTarget> {
    if (this.#targets) return this.#targets[0]!;
    this.#resolving ??= resolveSIPURI(this.#uri, {
      resolver: this.#manager.resolver,
      ...(this.#preferred !== undefined && { preferred: this.#preferred }),
    }).catch((error: unknown) => {
      this.#resolving = undefined; // the next transaction may try again
      throw error instanceof TransportError ? error : new TransportError('RESOLVE_FAILED', `DNS lookup failed: ${String(error)}`, error);
    });
    this.#targets = await this.#resolving;
    return this.#targets[0]!;
  }

  /**
   * Sends a request (or an ACK, a retransmission) of this route's transaction.
   * @param request - the message
   * @param onError - told asynchronously when DNS, the connection or TLS fails
   * @throws {@link TransportError} `CLOSED` or `MESSAGE_TOO_LARGE` when the failure is known at once
   */
  send(request: SIPRequest, onError: (error: TransportError) => void): void {
    if (this.#targets) {
      this.#manager.sendTo(request, this.#targets[0]!, onError);
      return;
    }
    this.resolve().then(
      (target) => {
        try {
          this.#manager.sendTo(request, target, onError);
        } catch (e) {
          onError(e instanceof TransportError ? e : new TransportError('SEND_FAILED', String(e), e));
        }
      },
      (error: TransportError) => onError(error),
    );
  }
}

/**
 * Every transport of a client: UDP, TCP and (with a certificate) TLS listeners on one address, the TCP/TLS
 * connection pools, transport selection per request (URI `;transport=`, `sips:`, RFC 3263 DNS, the outbound proxy,
 * the UDP size rule), responses over the connection the request came on, and the public address peers see us at
 * (learned from `received`/`rport` in responses).
 * @see RFC 3261 §18; RFC 3263; RFC 3581
 */
export class TransportManager {
  readonly resolver: SIPDNSResolver;
  readonly #options: TransportManagerOptions;
  readonly #udp: UDPTransport;
  readonly #tcp: StreamTransport;
  readonly #tls: StreamTransport;
  readonly #flows = new WeakMap<SIPRequest, Flow>();
  readonly #learned = new Map<string, Address>();
  readonly #udpLimit: number;
  #sizeUpgrades = 0;

  /** @param options - bind address, transports, certificates, resolver and handlers */
  constructor(options: TransportManagerOptions) {
    this.#options = options;
    this.resolver = options.resolver ?? nodeDNSResolver();
    this.#udpLimit = (options.mtu ?? 1500) - 200;
    const onMessage = (message: SIPMessage, flow: Flow): void => this.#receive(message, flow);
    this.#udp = new UDPTransport({
      host: options.host,
      port: options.port,
      ...(options.maxMessageBytes !== undefined && { maxMessageBytes: options.maxMessageBytes }),
      ...(options.serverHeader !== undefined && { serverHeader: options.serverHeader }),
      onMessage: (message, source) => onMessage(message, { host: source.host, port: source.port, transport: 'udp' }),
      onError: options.onError,
    });
    const stream = (transport: 'tcp' | 'tls', port: number): StreamTransport =>
      new StreamTransport({
        factory: transport === 'tcp' ? tcpSocketFactory() : tlsSocketFactory(options.tls),
        host: options.host,
        port,
        clock: options.clock,
        ...(options.idleTimeout !== undefined && { idleTimeout: options.idleTimeout }),
        ...(options.maxMessageBytes !== undefined && { maxMessageBytes: options.maxMessageBytes }),
        ...(options.serverHeader !== undefined && { serverHeader: options.serverHeader }),
        onMessage,
        onError: options.onError,
      });
    this.#tcp = stream('tcp', options.port);
    this.#tls = stream('tls', options.tlsPort ?? (options.port === 0 ? 0 : options.port + 1));
  }

  /** The default transport for requests whose URI names none. */
  get defaultTransport(): TransportProtocol {
    return this.#options.transport ?? 'udp';
  }

  /** The bound UDP (and TCP) address. @throws {@link TransportError} `CLOSED` before `start()` */
  get address(): Address {
    return this.#udp.address;
  }

  /** Counters summed over the transports. */
  get stats(): TransportManagerStats {
    const sum = newTransportStats();
    for (const { stats } of [this.#udp, this.#tcp, this.#tls]) {
      for (const key of Object.keys(sum) as (keyof TransportStats)[]) sum[key] += stats[key];
    }
    return { ...sum, sizeUpgrades: this.#sizeUpgrades };
  }

  /**
   * Binds UDP, then TCP on the same port (retrying with a new port when the OS picked one TCP cannot have), then
   * TLS when a certificate and key are configured.
   * @throws (rejects) {@link TransportError} `BIND_FAILED`
   */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await this.#udp.start();
      try {
        await this.#tcp.start(this.#udp.address.port);
        break;
      } catch (e) {
        await this.#udp.stop();
        if (this.#options.port !== 0 || attempt === 5) throw e;
      }
    }
    await this.#tls.start();
  }

  /** Closes every listener and connection. */
  async stop(): Promise<void> {
    await Promise.all([this.#udp.stop(), this.#tcp.stop(), this.#tls.stop()]);
  }

  /**
   * Our port for a transport: the listening port, else (TLS without a certificate) the TCP port.
   * @param transport - the transport
   * @returns the port to write in Via and Contact
   */
  portFor(transport: TransportProtocol): number {
    if (transport === 'udp') return this.address.port;
    if (transport === 'tls') return this.#tls.listeningPort ?? this.#tcp.listeningPort ?? this.address.port;
    return this.#tcp.listeningPort ?? this.address.port;
  }

  /** True when this side accepts connections (or datagrams) on `transport`. */
  listens(transport: TransportProtocol): boolean {
    return transport === 'udp' || (transport === 'tcp' ? this.#tcp : this.#tls).listeningPort !== undefined;
  }

  /**
   * The route for a new transaction's request: to the outbound proxy when configured, else to `destination`, with
   * the transport from `destination.transport`, the deciding URI (first Route, else Request-URI) when it names
   * that host, or the default.
   * @param request - the request that starts the transaction
   * @param destination - the next hop the caller chose
   * @returns the route every message of the transaction uses
   * @throws {@link SIPParseError} for an unreadable Route or Request-URI
   */
  route(request: SIPRequest, destination: Destination): Route {
    return this.routeTo(this.#options.outboundProxy ? undefined : decidingURI(request), destination);
  }

  /**
   * As {@link TransportManager.route}, given the deciding URI itself.
   * @param deciding - the first Route or the Request-URI (ignored with an outbound proxy)
   * @param destination - the next hop the caller chose
   * @returns the route
   */
  routeTo(deciding: SIPURI | undefined, destination: Destination): Route {
    const configured = this.#options.transport;
    if (this.#options.outboundProxy) return new Route(this, this.#options.outboundProxy, configured);
    const host = stripBrackets(destination.host);
    if (!deciding) return new Route(this, { scheme: 'sip', host, port: destination.port, params: {}, headers: {} }, destination.transport ?? configured);
    const sameHost = stripBrackets(deciding.params.maddr ?? deciding.host).toLowerCase() === host.toLowerCase();
    if (sameHost && destination.transport === undefined && deciding.port === undefined && destination.portFromDefault === true) {
      // the URI itself is the next hop and leaves its port open: RFC 3263 in full (SRV, default port per transport)
      return new Route(this, { ...deciding, params: { ...deciding.params } }, configured);
    }
    const transport = destination.transport ?? (sameHost ? uriTransport(deciding) : undefined) ?? configured;
    const params: Record<string, string | null> = transport === undefined ? {} : { transport };
    return new Route(this, { scheme: 'sip', host, port: destination.port, params, headers: {} }, configured ?? transport);
  }

  /**
   * The UDP size rule: true when a request of `byteLength` bytes must not go over UDP (more than `mtu - 200` bytes).
   * @param byteLength - the serialized request's size
   * @returns whether it goes over TCP instead
   * @see RFC 3261 §18.1.1
   */
  exceedsUDPLimit(byteLength: number): boolean {
    return byteLength > this.#udpLimit;
  }

  /**
   * Sends one request to a resolved target; the top Via is set to the transport used. Requests that would go over
   * UDP but exceed {@link TransportManager.exceedsUDPLimit} (except ACK) go over TCP instead.
   * @internal used by {@link Route}
   * @throws {@link TransportError} `CLOSED`, `MESSAGE_TOO_LARGE`
   * @see RFC 3261 §18.1.1
   */
  sendTo(request: SIPRequest, target: ResolvedTarget, onError: (error: TransportError) => void): void {
    let transport = target.transport;
    let message = withViaTransport(request, viaTransportToken(transport), this.portFor(transport));
    if (transport === 'udp') {
      const bytes = serializeSIPMessage(message);
      if (!this.exceedsUDPLimit(bytes.length) || message.method === 'ACK') {
        this.#udp.sendBytes(bytes, target);
        return;
      }
      // "If a request is within 200 bytes of the path MTU, or if it is larger than 1300 bytes and the path MTU is
      // not known, the request MUST be sent using an RFC 2914 congestion controlled transport protocol, such as TCP."
      transport = 'tcp';
      this.#sizeUpgrades++;
      message = withViaTransport(request, viaTransportToken('tcp'), this.portFor('tcp'));
    }
    const stream = transport === 'tcp' ? this.#tcp : this.#tls;
    stream.send(message, target, onError);
  }

  /**
   * Opens (or finds) the connection a route uses and waits until it carries data, so a registration can advertise
   * the flow and keep it (pinned: never closed for idleness). Does nothing for UDP.
   * @param route - a route from {@link TransportManager.route}
   * @returns the open connection, or undefined for UDP
   * @throws (rejects) {@link TransportError} `RESOLVE_FAILED`, `CONNECT_FAILED`, `TLS_FAILED`
   * @see RFC 5626 §4.2 (a flow per registration)
   */
  async openFlow(route: Route): Promise<StreamConnection | undefined> {
    const target = await route.resolve();
    if (!isReliable(target.transport)) return undefined;
    const connection = (target.transport === 'tcp' ? this.#tcp : this.#tls).connectionTo(target);
    connection.pinned = true;
    await connection.ready;
    return connection;
  }

  /**
   * Sends a response: for TCP/TLS over the connection the request came on (or one to its Via's address), for UDP
   * to the Via's `received`/`rport` address.
   * @param response - the response
   * @param request - the request it answers, when known (its flow is used)
   * @param onError - told when a new connection fails
   * @throws {@link TransportError} `CLOSED`; {@link SIPParseError} for an unreadable Via
   * @see RFC 3261 §18.2.2; RFC 3581 §4
   */
  sendResponse(response: SIPResponse, request?: SIPRequest, onError?: (error: TransportError) => void): void {
    const flow = request && this.#flows.get(request);
    const via = getTopVia(response);
    const transport = flow?.transport ?? parseTransport(via.transport) ?? 'udp';
    if (transport === 'udp') {
      this.#udp.sendResponse(response);
      return;
    }
    const stream = transport === 'tcp' ? this.#tcp : this.#tls;
    const open = flow?.connectionId !== undefined ? stream.byId(flow.connectionId) : undefined;
    // "the response MUST be sent using the existing connection to the source of the original request … if that
    // connection is still open", else "open a connection to the IP address in the received parameter … using the
    // port in the sent-by value"
    const sentBy = { host: stripBrackets(via.params.received || via.host), port: via.port ?? defaultPort(transport) };
    const connection = open ?? stream.find({ host: stripBrackets(via.host), port: sentBy.port }) ?? stream.find(responseAddress(response));
    if (connection) connection.send(response, onError);
    else stream.send(response, sentBy, onError);
  }

  /** The flow a received request came on. */
  flowOf(request: SIPRequest): Flow | undefined {
    return this.#flows.get(request);
  }

  /**
   * Where `peerHost` sees us, learned from `received`/`rport` in its responses (RFC 3581).
   * @param peerHost - the peer's address
   * @param transport - the transport of that flow
   * @returns the address, or undefined when nothing was learned
   */
  publicAddressFor(peerHost: string, transport: TransportProtocol): Address | undefined {
    return this.#learned.get(`${transport} ${stripBrackets(peerHost).toLowerCase()}`);
  }

  /**
   * Sends a keep-alive on the flow to `target`: CRLFCRLF on an open TCP/TLS connection (false when there is none,
   * so the caller can re-register), CRLFCRLF as a UDP datagram.
   * @param target - the registrar's or proxy's resolved address
   * @returns whether a keep-alive was sent
   * @see RFC 5626 §4.4.1, §3.5.1
   */
  keepAlive(target: ResolvedTarget): boolean {
    if (target.transport === 'udp') {
      this.#udp.sendBytes(CRLFCRLF, target);
      return true;
    }
    const connection = (target.transport === 'tcp' ? this.#tcp : this.#tls).find(target);
    if (!connection) return false;
    connection.pinned = true;
    connection.ping();
    return true;
  }

  #receive(message: SIPMessage, flow: Flow): void {
    if (message.type === 'REQUEST') {
      this.#flows.set(message, flow);
      if (flow.connectionId !== undefined) {
        // a connection the peer opened also reaches the Via sent-by address of its first request (reuse, RFC 5923 style)
        const stream = flow.transport === 'tls' ? this.#tls : this.#tcp;
        const connection = stream.byId(flow.connectionId);
        if (connection && !connection.aliased) {
          const via = getTopVia(message);
          stream.alias({ host: stripBrackets(via.host), port: via.port ?? defaultPort(flow.transport) }, connection);
        }
      }
    } else {
      this.#learn(message, flow);
    }
    this.#options.onMessage(message, flow);
  }

  /** RFC 3581: a response's top Via tells where the peer saw the request come from. */
  #learn(response: SIPResponse, flow: Flow): void {
    const { received, rport } = getTopVia(response).params;
    if (!received && !rport) return;
    // our requests' Vias always carry a port (withViaTransport), so responseAddress' 5060 default never applies
    const { host, port } = responseAddress(response);
    this.#learned.set(`${flow.transport} ${flow.host.toLowerCase()}`, { host: isIPv6(host) ? host.toLowerCase() : host, port });
  }
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
