import { networkInterfaces } from 'node:os';
import { isIPv4 } from 'node:net';
import { parseURI, sipMessageByteLength, type SIPMessage, type SIPRequest, type SIPResponse } from '@voip/sip-parser';
import type { Clock, TimerHandle } from './clock.js';
import type { SIPClientOptions } from './sip-client.js';
import { TransportError } from './errors.js';
import { newBranch } from './ids.js';
import type { StreamConnection } from './stream-connection.js';
import { transactionTimers, type TransactionTimerOptions, type TransactionTimers } from './timers.js';
import type { TransactionIO } from './transaction.js';
import { TransportManager, type Route, type TransportManagerStats } from './transport-manager.js';
import { isReliable, viaTransportToken, type Destination, type Flow } from './transport-protocol.js';
import { formatHost, stripBrackets, type Address } from './via-routing.js';

/** Options of a {@link ClientTransport}: the transport part of `SIPClientOptions`, plus what the client supplies. */
export interface ClientTransportOptions
  extends Pick<SIPClientOptions, 'host' | 'advertisedHost' | 'transport' | 'tls' | 'tlsPort' | 'outboundProxy' | 'resolver' | 'keepAliveInterval' | 'idleTimeout' | 'mtu'> {
  readonly port: number;
  readonly maxMessageBytes?: number;
  readonly serverHeader: string;
  readonly clock: Clock;
  readonly timers?: Omit<TransactionTimerOptions, 'reliable'>;
  readonly onMessage: (message: SIPMessage, flow: Flow) => void;
  readonly onError: (error: Error) => void;
  /** A message was sent again (a transaction retransmission or a 2xx resent by the UAS core). */
  readonly onRetransmission: () => void;
  /** The registration flow to `registrar` was lost (keep-alive found it closed): register again (RFC 5626 §4.4.1). */
  readonly onFlowLost?: (registrar: Destination) => void;
}

const isWildcard = (host: string): boolean => host === '0.0.0.0' || host === '::';

function defaultAdvertisedHost(host: string): string {
  if (!isWildcard(host)) return host;
  const family = host === '::' ? 'IPv6' : 'IPv4';
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) if (info.family === family && !info.internal) return info.address;
  }
  return host === '::' ? '::1' : '127.0.0.1';
}

/** A registration flow: its route, its connection (TCP/TLS) and its keep-alive timer. */
interface RegistrationFlow {
  readonly registrar: Destination;
  readonly route: Route;
  connection: StreamConnection | undefined;
  timer: TimerHandle | undefined;
}

/**
 * The transport side of a {@link SIPClient}: the {@link TransportManager}, the addresses written in Via and
 * Contact for each peer (the bound or advertised host, the loopback address for a peer on this machine, the public
 * address a peer reported in `received`/`rport`, the flow of a TCP/TLS registration), the transaction I/O with the
 * right timers per transport, and keep-alives on registration flows.
 * @see RFC 3261 §18; RFC 3581; RFC 5626 §3.5, §4.4
 * @internal
 */
export class ClientTransport {
  readonly #unreliableTimers: TransactionTimers;
  readonly #reliableTimers: TransactionTimers;
  readonly #options: ClientTransportOptions;
  readonly #manager: TransportManager;
  readonly #flows = new Map<string, RegistrationFlow>();
  #advertised: string | undefined;
  #running = false;

  /**
   * @param options - bind address, transports, certificates and handlers
   * @throws {@link SIPParseError} for an unreadable `outboundProxy`; {@link InvalidRangeError} for bad timers
   */
  constructor(options: ClientTransportOptions) {
    this.#options = options;
    this.#unreliableTimers = transactionTimers({ ...options.timers, reliable: false });
    this.#reliableTimers = transactionTimers({ ...options.timers, reliable: true });
    const { outboundProxy, ...rest } = options;
    this.#manager = new TransportManager({ ...rest, outboundProxy: outboundProxy === undefined ? undefined : parseURI(outboundProxy) });
  }

  /** The transport manager (listeners, pools, routes). */
  get manager(): TransportManager {
    return this.#manager;
  }

  /** The outbound proxy URI, if configured. */
  get outboundProxy(): string | undefined {
    return this.#options.outboundProxy;
  }

  /** Counters of every transport. */
  get stats(): TransportManagerStats {
    return this.#manager.stats;
  }

  /** The advertised host and the UDP/TCP port. @throws {@link TransportError} `CLOSED` before `start()` */
  get address(): Address {
    if (!this.#running || this.#advertised === undefined) throw new TransportError('CLOSED', 'the SIP transports are not started');
    return { host: this.#advertised, port: this.#manager.address.port };
  }

  /** Binds every listener. @throws (rejects) {@link TransportError} `BIND_FAILED` */
  async start(): Promise<void> {
    await this.#manager.start();
    this.#advertised = this.#options.advertisedHost ?? defaultAdvertisedHost(this.#options.host);
    this.#running = true;
  }

  /** Stops keep-alives and closes every listener and connection. */
  async stop(): Promise<void> {
    this.#running = false;
    for (const flow of this.#flows.values()) if (flow.timer) this.#options.clock.clearTimer(flow.timer);
    this.#flows.clear();
    await this.#manager.stop();
  }

  /**
   * The host to advertise to `peerHost`: `advertisedHost` when set; else the public address that peer reported
   * (RFC 3581 `received`); else the bound address; when bound to a wildcard, the loopback address of the peer's
   * family for a peer on this machine, and the first external address otherwise.
   * @param peerHost - the peer's IP address or host name
   * @returns an IP address or host name, without brackets
   */
  localHostFor(peerHost: string): string {
    const local = this.address.host;
    if (this.#options.advertisedHost !== undefined) return local;
    const learned = this.#manager.publicAddressFor(peerHost, this.#manager.defaultTransport);
    if (learned && learned.host !== local && !isLoopback(learned.host)) return learned.host;
    if (!isWildcard(this.#options.host)) return local;
    const peer = stripBrackets(peerHost);
    if (peer === '::1') return '::1';
    if (peer === 'localhost' || (isIPv4(peer) && peer.startsWith('127.'))) return '127.0.0.1';
    return local;
  }

  /**
   * Our Contact for messages to `peerHost`: `<sip:user@host:port>` plus `;transport=` for TCP/TLS. The host and port
   * are, in order: what that peer reported (`received`/`rport`) when it differs from ours (NAT), the local end of the
   * registration flow to that peer (TCP/TLS, so requests come back over it, RFC 5626 style), our listening port.
   * @param peerHost - the peer's host
   * @param user - the user part
   * @returns the header value
   * @see RFC 3261 §8.1.1.8; RFC 3581 §4; RFC 5626 §5
   */
  contact(peerHost: string, user: string): string {
    const transport = this.#manager.defaultTransport;
    const host = this.localHostFor(peerHost);
    let port = this.#manager.portFor(transport);
    const learned = this.#options.advertisedHost === undefined ? this.#manager.publicAddressFor(peerHost, transport) : undefined;
    const flow = this.#flows.get(stripBrackets(peerHost).toLowerCase())?.connection;
    if (learned && learned.host === host && (learned.host !== this.address.host || (isReliable(transport) && flow?.open))) port = learned.port;
    else if (flow?.open) port = flow.localPort;
    const param = transport === 'udp' ? '' : `;transport=${transport}`;
    return `<sip:${user}@${formatHost(host)}:${port}${param}>`;
  }

  /**
   * A Via for a new request to `peerHost`: the default transport, our host for that peer, `rport`, a fresh branch.
   * (The transport layer corrects the transport and port when the request goes another way.)
   * @param peerHost - the peer's host
   * @returns the header value
   * @see RFC 3261 §8.1.1.7; RFC 3581 §3
   */
  via(peerHost: string): string {
    const transport = this.#manager.defaultTransport;
    return `SIP/2.0/${viaTransportToken(transport)} ${formatHost(this.localHostFor(peerHost))}:${this.#manager.portFor(transport)};rport;branch=${newBranch()}`;
  }

  /**
   * The I/O of a client transaction for `request`: its route (resolved once), timers for the transport it will use
   * (reliable for TCP/TLS and for a request too large for UDP), and asynchronous transport failures reported
   * through `onError`.
   * @param request - the transaction's request
   * @param destination - the next hop the caller chose
   * @param onError - gets DNS, connection and TLS failures (feed them to the transaction as `transportError`)
   * @returns the transaction I/O
   * @throws {@link SIPParseError} for an unreadable Route or Request-URI
   */
  clientIO(request: SIPRequest, destination: Destination, onError: (error: TransportError) => void): TransactionIO {
    const route = this.#manager.route(request, destination);
    const transport = route.target?.transport ?? this.#manager.defaultTransport;
    const reliable = isReliable(transport) || this.#manager.exceedsUDPLimit(sipMessageByteLength(request));
    return {
      clock: this.#options.clock,
      timers: reliable ? this.#reliableTimers : this.#unreliableTimers,
      send: (message, retransmission) => {
        this.#requireRunning();
        if (message.type === 'REQUEST') route.send(message, onError);
        else this.#manager.sendResponse(message, undefined, onError);
        if (retransmission) this.#options.onRetransmission();
      },
    };
  }

  /**
   * The I/O of a server transaction for a received request: responses go over the flow it came on, with reliable
   * timers for TCP/TLS.
   * @param request - the received request
   * @param onError - gets failures of a connection opened to send a response
   * @returns the transaction I/O
   */
  serverIO(request: SIPRequest, onError: (error: TransportError) => void): TransactionIO {
    const flow = this.#manager.flowOf(request);
    return {
      clock: this.#options.clock,
      timers: flow && isReliable(flow.transport) ? this.#reliableTimers : this.#unreliableTimers,
      send: (message, retransmission) => {
        if (message.type !== 'RESPONSE') throw new TransportError('SEND_FAILED', 'a server transaction sends responses only');
        this.#requireRunning();
        this.#manager.sendResponse(message, request, onError);
        if (retransmission) this.#options.onRetransmission();
      },
    };
  }

  /**
   * Sends a request outside any transaction (the ACK of a 2xx).
   * @throws {@link TransportError} `CLOSED`
   */
  sendStateless(request: SIPRequest, destination: Destination, onError: (error: TransportError) => void): void {
    this.#requireRunning();
    this.#manager.route(request, destination).send(request, onError);
  }

  /**
   * Sends a response outside any transaction (a 2xx retransmission, a stateless 503/416).
   * @param request - the request it answers, when known, for its flow
   * @throws {@link TransportError} `CLOSED`
   */
  sendResponse(response: SIPResponse, request: SIPRequest | undefined, onError: (error: TransportError) => void): void {
    this.#requireRunning();
    this.#manager.sendResponse(response, request, onError);
  }

  /**
   * Prepares the flow a registration uses: for TCP/TLS opens the connection first (so the Contact can name it) and
   * pins it; then keeps it alive every `keepAliveInterval` (CRLFCRLF; a lost TCP/TLS flow is reported through
   * `onFlowLost`).
   * @param registrar - where REGISTER goes
   * @param requestURI - the REGISTER's Request-URI (`sip:domain`), which decides its transport like the REGISTER's
   * @throws (rejects) {@link TransportError} `RESOLVE_FAILED`, `CONNECT_FAILED`, `TLS_FAILED`
   * @see RFC 5626 §4.2, §4.4
   */
  async openRegistrationFlow(registrar: Destination, requestURI: string): Promise<void> {
    this.#requireRunning();
    const key = stripBrackets(registrar.host).toLowerCase();
    let flow = this.#flows.get(key);
    if (!flow) {
      flow = { registrar, route: this.#manager.routeTo(parseURI(requestURI), registrar), connection: undefined, timer: undefined };
      this.#flows.set(key, flow);
    }
    if (!flow.connection?.open) flow.connection = await this.#manager.openFlow(flow.route);
    const target = await flow.route.resolve();
    const interval = this.#options.keepAliveInterval ?? (isReliable(target.transport) ? 60_000 : 0);
    if (interval > 0 && !flow.timer) this.#scheduleKeepAlive(flow, interval);
  }

  #scheduleKeepAlive(flow: RegistrationFlow, interval: number): void {
    flow.timer = this.#options.clock.setTimer(interval, () => {
      flow.timer = undefined;
      if (!this.#running) return;
      const target = flow.route.target;
      try {
        if (target && !this.#manager.keepAlive(target)) {
          this.#options.onFlowLost?.(flow.registrar);
          return; // openRegistrationFlow() starts the timer again with the new connection
        }
      } catch (e) {
        this.#options.onError(e instanceof Error ? e : new Error(String(e)));
      }
      this.#scheduleKeepAlive(flow, interval);
    });
  }

  #requireRunning(): void {
    if (!this.#running) throw new TransportError('CLOSED', 'the SIP client is not running');
  }
}

function isLoopback(host: string): boolean {
  return host === '::1' || host.startsWith('127.');
}
