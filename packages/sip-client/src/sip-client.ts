import { EventEmitter } from 'node:events';
import {
  buildRequest,
  buildResponse,
  getCallId,
  getFrom,
  getReplaces,
  getTo,
  parseURI,
  SIPParseError,
  type Replaces,
  type SIPMessage,
  type SIPRequest,
  type SIPResponse,
} from '@voip/sip-parser';
import { unreadableContact, warningHeader } from './bad-request.js';
import { ACCEPTED_TYPES, ALLOWED_METHODS, SUPPORTED_EXTENSIONS, unsupportedMethodStatus, unsupportedRequirements } from './capabilities.js';
import { systemClock, type Clock } from './clock.js';
import type { CredentialsManager } from './credentials.js';
import { DigestSession } from './auth-session.js';
import { DialogState, dialogKey, uriAddress, type Dialog, type RespondInit } from './dialog.js';
import { InvalidRangeError, InvalidStateError, TransportError, isTransportError } from './errors.js';
import { newCallId, newTag } from './ids.js';
import { IncomingInvite } from './incoming-invite.js';
import { InviteClientTransaction } from './invite-client-transaction.js';
import { InviteServerTransaction } from './invite-server-transaction.js';
import { NonInviteClientTransaction } from './non-invite-client-transaction.js';
import { NonInviteServerTransaction } from './non-invite-server-transaction.js';
import { sendInvite, type InviteResult } from './outgoing-invite.js';
import { Registration, RegistrationState, type RegistrationOptions, type RegistrationRetryOptions } from './registration.js';
import { transactionTimers, type TransactionTimers } from './timers.js';
import type { ClientTransactionUser, TransactionIO } from './transaction.js';
import { TransactionLayer, type ServerTransaction } from './transaction-layer.js';
import { sendWithDigest } from './uac-request.js';
import { ClientTransport } from './client-transport.js';
import type { SIPDNSResolver } from './dns-resolver.js';
import type { TLSOptions } from './tls-transport.js';
import type { Destination, TransportProtocol } from './transport-protocol.js';
import type { UserAgentCore } from './user-agent-core.js';
import { formatHost, type Address } from './via-routing.js';

/** Options of {@link SIPClient}. */
export interface SIPClientOptions {
  /** Address to bind (`'127.0.0.1'`, `'0.0.0.0'`). */
  readonly host: string;
  /** Port to bind; default 5060; 0 = any free port. */
  readonly port?: number;
  /** Host written in Via and Contact; default `host`, or for `0.0.0.0` the first external IPv4 (else 127.0.0.1). */
  readonly advertisedHost?: string;
  /**
   * Registrar/proxy for out-of-dialog requests and REGISTER; without it requests go straight to the target URI.
   * `transport` picks how to reach it (default: `transport` below).
   */
  readonly server?: Destination;
  /** The AOR user (and the auth user unless the credentials say otherwise). */
  readonly username?: string;
  /** The AOR domain; default `server.host`. */
  readonly domain?: string;
  /** Passwords for digest challenges. */
  readonly credentials?: CredentialsManager;
  /** Requested registration expiry in seconds (default 300); refreshed at half the granted expiry. */
  readonly registerExpires?: number;
  /** Backoff after a temporary registration failure (default 30 s doubling to 30 min); `false`: no retry. */
  readonly registerRetry?: RegistrationRetryOptions | false;
  /** User-Agent and Server header value (default `@voip/sip-client`). */
  readonly userAgent?: string;
  /** Time source (default {@link systemClock}). */
  readonly clock?: Clock;
  /** RFC 3261 T1, T2, T4 in ms (defaults 500, 4000, 5000). */
  readonly timers?: { readonly t1?: number; readonly t2?: number; readonly t4?: number };
  /** Most transactions open at once (default 10 000); beyond it new requests get 503. */
  readonly maxTransactions?: number;
  /** Largest message accepted or sent (default 65 507 over UDP, 65 536 over TCP and TLS). */
  readonly maxMessageBytes?: number;
  /**
   * Transport for requests whose URI names none (default `'udp'`, with RFC 3263 NAPTR/SRV choosing for host names);
   * a URI's `;transport=` and `sips:` still win. Also written in our Via and Contact. UDP and TCP are always
   * listened on (same port); TLS when `tls.cert` and `tls.key` are given.
   */
  readonly transport?: TransportProtocol;
  /** TLS certificates: `ca` to verify servers (verified by default), `cert`/`key` to accept TLS and for mutual TLS. */
  readonly tls?: TLSOptions;
  /** TLS listening port (default `port + 1`, any when `port` is 0). */
  readonly tlsPort?: number;
  /**
   * Outbound proxy URI (e.g. `sip:proxy.example.com;transport=tcp`): every request is sent to it, and out-of-dialog
   * requests carry it as a preloaded `Route` (RFC 3261 §8.1.2).
   */
  readonly outboundProxy?: string;
  /** DNS for host names (RFC 3263: NAPTR, SRV, A/AAAA); default `node:dns`. Tests pass a fake. */
  readonly resolver?: SIPDNSResolver;
  /**
   * Keep-alive period in ms on the registration flow: CRLFCRLF over TCP/TLS (default 60 000), a CRLFCRLF datagram
   * over UDP (default 0 = off). A lost TCP/TLS flow is re-registered. RFC 5626 §4.4.
   */
  readonly keepAliveInterval?: number;
  /** Close TCP/TLS connections unused for this long, in ms (default 120 000); the registration flow stays open. */
  readonly idleTimeout?: number;
  /** Path MTU for the UDP size rule (default 1500): requests over `mtu - 200` bytes go over TCP (RFC 3261 §18.1.1). */
  readonly mtu?: number;
}

/** Events of a {@link SIPClient}. */
export interface SIPClientEvents {
  /** A new out-of-dialog INVITE (100 Trying already sent). Without listeners INVITEs are answered 480. */
  invite: [invite: IncomingInvite];
  /** An out-of-dialog MESSAGE (200 already sent). */
  message: [request: SIPRequest];
  /** The registration state changed; FAILED comes with the error. */
  registrationChange: [state: RegistrationState, error?: Error];
  /** A failure outside any pending call (a late send error, a handler that threw). Emitted only when listened to. */
  error: [error: Error];
}

/** Counters of a {@link SIPClient}. */
export interface SIPClientStats {
  /** Well-formed messages received. */
  readonly received: number;
  /** Datagrams sent. */
  readonly sent: number;
  /** Malformed messages (answered 400 or dropped), including requests whose Contact does not parse. */
  readonly malformed: number;
  /** Malformed requests answered 400. */
  readonly answered400: number;
  /** Messages sent again by a transaction timer or the 2xx retransmission of the UAS core. */
  readonly retransmissions: number;
}

/** What an out-of-dialog request or INVITE may carry. */
export interface RequestInit {
  readonly body?: Uint8Array | string;
  /** Content-Type of `body` (INVITE default `application/sdp`, others `text/plain`). */
  readonly contentType?: string;
  readonly headers?: readonly (readonly [string, string])[];
}

/** What {@link SIPClient.invite} takes. */
export interface InviteInit extends RequestInit {
  readonly body: Uint8Array | string;
  /** Aborting sends CANCEL and rejects with an `AbortError`. */
  readonly signal?: AbortSignal;
  /** Each provisional response (180 Ringing, 183 Session Progress with early media), with its early dialog when it has a To-tag. */
  readonly onProvisional?: (response: SIPResponse, earlyDialog?: Dialog) => void;
}

/** The outbound proxy as a preloaded loose Route (RFC 3261 §8.1.2), or nothing. */
function preloadedRoute(proxy: string | undefined): [string, string][] {
  if (proxy === undefined) return [];
  return [['Route', `<${proxy}${/;lr(;|=|$)/i.test(proxy) ? '' : ';lr'}>`]];
}

/**
 * A SIP user agent over UDP, TCP and TLS (IPv4 and IPv6): registration with digest auth, outgoing calls (INVITE/ACK/CANCEL/BYE), incoming calls
 * as {@link IncomingInvite}s, dialogs, OPTIONS and MESSAGE, on the four RFC 3261 transaction machines.
 * @example
 * const client = new SIPClient({ host: '0.0.0.0', port: 5060, server: { host: 'pbx.example.com', port: 5060 },
 *   username: '100', credentials });
 * await client.start();
 * await client.register();
 * const { dialog } = await client.invite('sip:200@pbx.example.com', { body: offerSDP });
 * await dialog.bye();
 * await client.stop();
 * @see RFC 3261 §8 (UA behaviour), §10 (registration), §12–15 (dialogs, INVITE, BYE), §17 (transactions)
 */
export class SIPClient extends EventEmitter<SIPClientEvents> {
  readonly #options: SIPClientOptions;
  readonly #clock: Clock;
  readonly #timers: TransactionTimers;
  readonly #layer: TransactionLayer;
  readonly #dialogs = new Map<string, Dialog>();
  readonly #awaitingAck = new Map<string, (ack: SIPRequest) => void>();
  readonly #invites = new Map<InviteServerTransaction, IncomingInvite>();
  readonly #core: UserAgentCore;
  #transport: ClientTransport | undefined;
  #local: Address | undefined;
  /** The Route of every out-of-dialog request: the outbound proxy, loose-routed (set at start). */
  #preloadedRoute: [string, string][] = [];
  #registration: Registration | undefined;
  readonly #registrations = new Set<Registration>();
  #retransmissions = 0;
  /** Requests the UAS core answered 400 (their Contact did not parse); the transport counts the rest. */
  #refused = 0;
  #stopped = false;
  #stopping: Promise<void> | undefined;

  /**
   * @param options - bind address, server, account and timers
   * @throws {@link InvalidRangeError} for bad timer values or port
   */
  constructor(options: SIPClientOptions) {
    super();
    if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)) {
      throw new InvalidRangeError('port', 'an integer from 0 to 65535', options.port);
    }
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#timers = transactionTimers({ ...options.timers, reliable: false });
    this.#layer = new TransactionLayer(options.maxTransactions);
    this.#core = this.#makeCore();
  }

  /**
   * The host to advertise (Via, Contact, and SDP above this layer) to a peer at `peerHost`: `advertisedHost` when
   * set; else the bound address; when bound to a wildcard, a loopback address for a loopback peer (a peer on this
   * machine must not be sent to an interface address it may not expect) and the first external IPv4 otherwise.
   * @param peerHost - the peer's IP address or host name
   * @returns an IP address or host name, without brackets
   * @throws {@link InvalidStateError} `NOT_STARTED` before `start()`
   */
  localHostFor(peerHost: string): string {
    if (!this.#transport || !this.#local) throw new InvalidStateError('NOT_STARTED', 'the client is not started; call start() first');
    return this.#transport.localHostFor(peerHost);
  }

  /** The bound port and the advertised host. @throws {@link InvalidStateError} `NOT_STARTED` before `start()` */
  get localAddress(): Address {
    if (!this.#local) throw new InvalidStateError('NOT_STARTED', 'the client is not started; call start() first');
    return this.#local;
  }

  /** Every registration of this client: the one from `options.server`/`username` first, then those added. */
  get registrations(): readonly Registration[] {
    return [...this.#registrations];
  }

  /**
   * The ports this client listens on: UDP and TCP (the same), and TLS when it has a certificate.
   * @throws {@link InvalidStateError} `NOT_STARTED` before `start()`
   */
  get ports(): { readonly udp: number; readonly tcp: number; readonly tls?: number } {
    if (!this.#transport || !this.#local) throw new InvalidStateError('NOT_STARTED', 'the client is not started; call start() first');
    const manager = this.#transport.manager;
    return { udp: manager.portFor('udp'), tcp: manager.portFor('tcp'), ...(manager.listens('tls') && { tls: manager.portFor('tls') }) };
  }

  /** The registration state (UNREGISTERED when no server or username is configured). */
  get registrationState(): RegistrationState {
    return this.#registration?.state ?? RegistrationState.UNREGISTERED;
  }

  /** Counters of the transport and the transactions. */
  get stats(): SIPClientStats {
    const t = this.#transport?.stats;
    return {
      received: t?.received ?? 0,
      sent: t?.sent ?? 0,
      malformed: (t?.malformed ?? 0) + this.#refused,
      answered400: (t?.answered400 ?? 0) + this.#refused,
      retransmissions: this.#retransmissions,
    };
  }

  /**
   * Binds the UDP socket.
   * @throws {@link InvalidStateError} `ALREADY_STARTED` or `STOPPED` (synchronously)
   * @throws (rejects) {@link TransportError} `BIND_FAILED`
   */
  async start(): Promise<void> {
    if (this.#transport) throw new InvalidStateError('ALREADY_STARTED', 'start() was called twice');
    if (this.#stopped) throw new InvalidStateError('STOPPED', 'a stopped client cannot start again; make a new one');
    const transport = this.#makeTransport();
    this.#transport = transport;
    try {
      await transport.start();
    } catch (e) {
      this.#transport = undefined;
      throw e;
    }
    this.#local = transport.address;
    this.#preloadedRoute = preloadedRoute(transport.outboundProxy);
    const { server, username } = this.#options;
    if (server && username) {
      this.#registration = this.addRegistration({
        registrar: server,
        username,
        ...(this.#options.domain !== undefined && { domain: this.#options.domain }),
        ...(this.#options.registerExpires !== undefined && { expires: this.#options.registerExpires }),
        ...(this.#options.registerRetry !== undefined && { retry: this.#options.registerRetry }),
      });
      this.#registration.on('change', (state, error) => this.emit('registrationChange', state, error));
    }
  }

  /**
   * Unregisters if registered, sends BYE on open dialogs, ends every transaction and closes the socket. Pending
   * requests reject with {@link TransportError} `CLOSED`.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#shutdown();
    return this.#stopping;
  }

  /** Unregisters and says BYE while the transport still runs; only then marks the client stopped. */
  async #shutdown(): Promise<void> {
    await Promise.all(
      [...this.#registrations].map(async (registration) => {
        if (registration.state === RegistrationState.REGISTERED) await registration.unregister().catch(() => undefined);
        registration.stop();
      }),
    );
    for (const dialog of [...this.#dialogs.values()]) dialog.bye().catch(() => undefined);
    this.#stopped = true;
    this.#awaitingAck.clear();
    const closed = new TransportError('CLOSED', 'the SIP client was stopped');
    for (const tx of this.#layer.all()) tx.handle({ type: 'transportError', error: closed });
    await this.#transport?.stop();
  }

  /**
   * Registers with `options.server` and keeps the registration fresh.
   * @param options - an abort signal
   * @throws {@link InvalidStateError} `NOT_STARTED` or `NOT_CONFIGURED` (no server or username), synchronously
   * @throws (rejects) {@link InvalidAccountInfoError} (403, credentials rejected or missing), {@link SIPStatusError},
   *   {@link TransactionTimeoutError}, {@link TransportError}, `AbortError`
   * @see RFC 3261 §10.2
   */
  register(options: { signal?: AbortSignal } = {}): Promise<void> {
    return this.#requireRegistration().register(options.signal);
  }

  /**
   * Adds one more account to keep registered (a second line, another registrar). Incoming calls for it arrive as
   * `invite` events like the others (the Request-URI names the account's user).
   * @param options - registrar, username, domain, credentials, expiry, retry
   * @returns the registration: call `register()` on it; its `change` events report its state
   * @throws {@link InvalidStateError} `NOT_STARTED` before `start()`
   * @see RFC 3261 §10.2
   */
  addRegistration(options: RegistrationOptions): Registration {
    if (!this.#local) throw new InvalidStateError('NOT_STARTED', 'the client is not started; call start() first');
    const registration = new Registration(this.#core, options);
    this.#registrations.add(registration);
    return registration;
  }

  /**
   * Removes the registration (Expires: 0) and stops refreshing.
   * @throws {@link InvalidStateError} `NOT_STARTED` or `NOT_CONFIGURED`, synchronously
   * @see RFC 3261 §10.2.2
   */
  unregister(): Promise<void> {
    return this.#requireRegistration().unregister();
  }

  /**
   * Calls `target`: INVITE with `init.body` as the offer, through `server` if configured, else to the URI's host.
   * @param target - a SIP URI, e.g. `sip:bob@127.0.0.1:5080`
   * @param init - offer body, headers, abort signal, provisional callback
   * @returns the 2xx and the confirmed dialog (the ACK is already sent)
   * @throws {@link InvalidStateError} `NOT_STARTED`; {@link SIPParseError} for a bad URI (both synchronously)
   * @throws (rejects) {@link SIPStatusError} (non-2xx final), {@link TransactionTimeoutError} (B),
   *   {@link TransportError}, `AbortError` (after CANCEL)
   * @see RFC 3261 §13.2
   */
  invite(target: string, init: InviteInit): Promise<InviteResult> {
    const { request, destination } = this.#outOfDialog('INVITE', target, { ...init, contentType: init.contentType ?? 'application/sdp' });
    return sendInvite(this.#core, request, destination, {
      ...(init.signal && { signal: init.signal }),
      ...(init.onProvisional && { onProvisional: init.onProvisional }),
    });
  }

  /**
   * Sends an out-of-dialog non-INVITE request (OPTIONS, MESSAGE, …), answering digest challenges once.
   * @param target - a SIP URI
   * @param method - the method (not INVITE, ACK, CANCEL or REGISTER)
   * @param init - body, content type, headers
   * @returns the final response, whatever its status
   * @throws {@link InvalidRangeError} for a method this call cannot send; {@link InvalidStateError} `NOT_STARTED`
   * @throws (rejects) {@link TransactionTimeoutError} (F), {@link TransportError}
   * @see RFC 3261 §8.1, §11 (OPTIONS); RFC 3428 (MESSAGE)
   */
  async request(target: string, method: string, init: RequestInit = {}): Promise<SIPResponse> {
    if (['INVITE', 'ACK', 'CANCEL', 'REGISTER'].includes(method.toUpperCase())) {
      throw new InvalidRangeError('method', 'a non-INVITE method other than ACK, CANCEL and REGISTER (use invite()/register())', method);
    }
    const { request, destination } = this.#outOfDialog(method, target, init);
    const session = new DigestSession(this.#options.credentials, this.#options.username);
    return (await sendWithDigest(this.#core, request, destination, session)).response;
  }

  get #userAgent(): string {
    return this.#options.userAgent ?? '@voip/sip-client';
  }

  #requireRegistration(): Registration {
    if (!this.#local) throw new InvalidStateError('NOT_STARTED', 'the client is not started; call start() first');
    if (!this.#registration) throw new InvalidStateError('NOT_CONFIGURED', 'register() needs options.server and options.username');
    return this.#registration;
  }

  #outOfDialog(method: string, target: string, init: RequestInit): { request: SIPRequest; destination: Address } {
    const local = this.localAddress;
    if (this.#stopping) throw new InvalidStateError('STOPPED', 'the client is stopped');
    const uri = parseURI(target);
    const destination: Destination = this.#options.server ?? uriAddress(uri);
    const user = this.#options.username ?? 'anonymous';
    const domain = this.#options.domain ?? this.#options.server?.host ?? local.host;
    const headers: [string, string][] = [
      ['Via', this.#core.via(destination.host)],
      ['Max-Forwards', '70'],
      ...this.#preloadedRoute,
      ['From', `<sip:${user}@${formatHost(domain)}>;tag=${newTag()}`],
      ['To', `<${target}>`],
      ['Call-ID', newCallId()],
      ['CSeq', `1 ${method}`],
      ['Contact', this.#core.contactFor(destination.host)],
      ['User-Agent', this.#userAgent],
    ];
    if (method === 'INVITE') headers.push(['Allow', ALLOWED_METHODS]);
    for (const header of init.headers ?? []) headers.push([header[0], header[1]]);
    if (init.body !== undefined) headers.push(['Content-Type', init.contentType ?? 'text/plain']);
    const request = buildRequest({ method, uri: target, headers, ...(init.body !== undefined && { body: init.body }) });
    return { request, destination };
  }

  #makeCore(): UserAgentCore {
    return {
      clock: this.#clock,
      timers: this.#timers,
      credentials: this.#options.credentials,
      localUser: this.#options.username,
      contactFor: (peerHost, user) => this.#requireTransport().contact(peerHost, user ?? this.#options.username ?? 'anonymous'),
      userAgent: this.#userAgent,
      via: (peerHost) => this.#requireTransport().via(peerHost),
      sendNonInvite: (request, destination) =>
        new Promise<SIPResponse>((resolve, reject) => {
          const tx: NonInviteClientTransaction = new NonInviteClientTransaction(request, this.#clientIO(request, destination, () => tx), {
            onResponse: (response) => {
              if (response.status >= 200) resolve(response);
            },
            onError: reject,
            onTerminated: () => this.#layer.remove(tx),
          });
          this.#layer.addClient(tx);
          tx.handle({ type: 'start' });
        }),
      startInvite: (request, destination, user: ClientTransactionUser) => {
        const tx: InviteClientTransaction = new InviteClientTransaction(request, this.#clientIO(request, destination, () => tx), {
          ...user,
          onTerminated: () => this.#layer.remove(tx),
        });
        this.#layer.addClient(tx);
        tx.handle({ type: 'start' });
        return tx;
      },
      sendStateless: (request, destination) =>
        this.#safely(() => this.#requireTransport().sendStateless(request, destination, (error) => this.#report(error))),
      resendResponse: (response) =>
        this.#safely(() => {
          this.#requireTransport().sendResponse(response, undefined, (error) => this.#report(error));
          this.#retransmissions++;
        }),
      expectAck: (key, onAck) => {
        this.#awaitingAck.set(key, onAck);
        return () => {
          if (this.#awaitingAck.get(key) === onAck) this.#awaitingAck.delete(key);
        };
      },
      addDialog: (dialog) => this.#dialogs.set(dialog.key, dialog),
      removeDialog: (dialog) => {
        if (this.#dialogs.get(dialog.key) === dialog) this.#dialogs.delete(dialog.key);
      },
      openRegistrationFlow: (registrar, requestURI) =>
        this.#requireTransport()
          .openRegistrationFlow(registrar, requestURI)
          .catch(() => undefined),
    };
  }

  #requireTransport(): ClientTransport {
    if (!this.#transport || this.#stopped) throw new TransportError('CLOSED', 'the SIP client is not running');
    return this.#transport;
  }

  #makeTransport(): ClientTransport {
    const o = this.#options;
    const { timers, advertisedHost, transport, tls, tlsPort, outboundProxy, resolver, keepAliveInterval, idleTimeout, mtu, maxMessageBytes } = o;
    return new ClientTransport({
      host: o.host,
      port: o.port ?? 5060,
      serverHeader: this.#userAgent,
      clock: this.#clock,
      onMessage: (message, flow) => this.#receive(message, flow),
      onError: (error) => this.#report(error),
      onRetransmission: () => this.#retransmissions++,
      onFlowLost: (registrar) => {
        // every account registered over the lost flow registers again, on a new connection (reported via FAILED)
        const host = registrar.host.toLowerCase();
        for (const registration of this.#registrations) {
          if (registration.state === RegistrationState.REGISTERED && registration.registrar.host.toLowerCase() === host) registration.register().catch(() => undefined);
        }
      },
      timers,
      advertisedHost,
      transport,
      tls,
      tlsPort,
      outboundProxy,
      resolver,
      keepAliveInterval,
      idleTimeout,
      mtu,
      maxMessageBytes,
    });
  }


  #clientIO(request: SIPRequest, destination: Destination, tx: () => { handle(event: { type: 'transportError'; error: TransportError }): void }): TransactionIO {
    return this.#requireTransport().clientIO(request, destination, (error) => tx().handle({ type: 'transportError', error }));
  }

  #serverIO(request: SIPRequest): TransactionIO {
    return this.#requireTransport().serverIO(request, (error) => this.#report(error));
  }

  #safely(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.#report(e instanceof Error ? e : new Error(String(e)));
    }
  }

  #report(error: Error): void {
    // transactions that stop() itself closes are not failures worth reporting
    if (this.#stopped && isTransportError(error) && error.code === 'CLOSED') return;
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  /** The receive path: responses to client transactions, requests to server transactions, dialogs or new handlers. */
  #receive(message: SIPMessage, source: Address): void {
    if (this.#stopped) return;
    if (message.type === 'RESPONSE') {
      // RFC 3261 §18.1.2 / §17.1.3: a response matching no transaction is dropped
      this.#layer.matchResponse(message)?.handle({ type: 'response', response: message });
      return;
    }
    const existing = this.#layer.matchRequest(message);
    if (existing) {
      existing.handle({ type: 'request', request: message });
      return;
    }
    if (message.method === 'ACK') {
      this.#receiveAck(message);
      return;
    }
    const scheme = message.uri.slice(0, message.uri.indexOf(':')).toLowerCase();
    if (scheme !== 'sip' && scheme !== 'sips') {
      this.#answerStateless(message, 416);
      return;
    }
    const badContact = unreadableContact(message);
    if (badContact) {
      // RFC 3261 §8.2 / RFC 4475 §3.1.2.13: a Contact the UA must act on does not parse
      this.#refused++;
      const tx = this.#serverTransaction(message);
      if (tx) this.#respond(tx, 400, { headers: [warningHeader(`Contact: ${badContact.detail}`)] });
      return;
    }
    const unsupported = unsupportedRequirements(message);
    if (unsupported.length > 0) {
      // RFC 3261 §8.2.2.3: "the UAS MUST respond by generating a 420 (Bad Extension) … Unsupported header field"
      const tx = this.#serverTransaction(message);
      if (tx) this.#respond(tx, 420, { headers: [['Unsupported', unsupported.join(', ')]] });
      return;
    }
    if (message.method === 'CANCEL') {
      this.#receiveCancel(message);
      return;
    }
    const toTag = getTo(message).params.tag;
    if (toTag) {
      this.#receiveInDialog(message, toTag);
      return;
    }
    if (message.method === 'INVITE') {
      this.#receiveInvite(message, source);
      return;
    }
    const tx = this.#serverTransaction(message);
    if (!tx) return;
    switch (message.method) {
      case 'OPTIONS':
        this.#respond(tx, 200, {
          headers: [['Allow', ALLOWED_METHODS], ['Accept', ACCEPTED_TYPES], ['Supported', SUPPORTED_EXTENSIONS]],
        });
        return;
      case 'MESSAGE':
        this.#respond(tx, 200);
        this.emit('message', message);
        return;
      case 'BYE':
        this.#respond(tx, 481);
        return;
      default:
        this.#respond(tx, unsupportedMethodStatus(message.method), { headers: [['Allow', ALLOWED_METHODS]] });
    }
  }

  #receiveAck(ack: SIPRequest): void {
    const tag = getTo(ack).params.tag;
    if (!tag) return;
    const key = dialogKey(getCallId(ack), tag, getFrom(ack).params.tag ?? '');
    const onAck = this.#awaitingAck.get(key);
    if (!onAck) return; // an ACK retransmission, or for nothing we know: ACKs are never answered
    this.#awaitingAck.delete(key);
    onAck(ack);
  }

  #receiveCancel(cancel: SIPRequest): void {
    const tx = this.#serverTransaction(cancel);
    if (!tx) return;
    const ist = this.#layer.matchCancelled(cancel);
    const invite = ist && this.#invites.get(ist);
    if (!invite) {
      this.#respond(tx, 481);
      return;
    }
    // "the UAS … respond to the CANCEL with a 200 (OK)"; "the original request SHOULD return a 487"; same To tag
    this.#respond(tx, 200, { toTag: invite.localTag });
    invite.cancelled();
  }

  #receiveInDialog(request: SIPRequest, toTag: string): void {
    const tx = this.#serverTransaction(request);
    if (!tx) return;
    const dialog = this.#dialogs.get(dialogKey(getCallId(request), toTag, getFrom(request).params.tag ?? ''));
    if (!dialog) {
      this.#respond(tx, 481); // RFC 3261 §12.2.2
      return;
    }
    dialog.receiveRequest(request, (status, init) => this.#respond(tx, status, init));
  }

  #receiveInvite(request: SIPRequest, source: Address): void {
    const tx = this.#serverTransaction(request);
    if (!(tx instanceof InviteServerTransaction)) return;
    let target: Replaces | undefined;
    try {
      target = getReplaces(request);
    } catch (error) {
      if (!SIPParseError.isInstance(error)) throw error;
      this.#respond(tx, 400, { headers: [warningHeader(`Replaces: ${error.detail}`)] });
      return;
    }
    let replaced: Dialog | undefined;
    if (target !== undefined) {
      // RFC 3891 §3: the dialog named by Replaces, seen from our side (to-tag = our tag); none: 481
      replaced = this.#dialogs.get(dialogKey(target.callId, target.toTag, target.fromTag));
      if (!replaced || (target.earlyOnly && replaced.state !== DialogState.EARLY)) {
        this.#respond(tx, replaced ? 486 : 481);
        return;
      }
    }
    const invite = new IncomingInvite(request, source, tx, this.#core, replaced);
    if (this.listenerCount('invite') === 0) {
      invite.reject(480, 'Temporarily Unavailable');
      return;
    }
    this.#invites.set(tx, invite);
    this.emit('invite', invite);
  }

  /** A new server transaction for `request`, or undefined (answered 503 statelessly) when the table is full. */
  #serverTransaction(request: SIPRequest): ServerTransaction | undefined {
    if (this.#layer.full) {
      this.#answerStateless(request, 503, [['Retry-After', '5']]);
      return undefined;
    }
    const user = {
      onTerminated: () => {
        this.#layer.remove(tx);
        if (tx instanceof InviteServerTransaction) this.#invites.delete(tx);
      },
      onError: (error: Error) => this.#report(error),
    };
    const tx: ServerTransaction =
      request.method === 'INVITE'
        ? new InviteServerTransaction(request, this.#serverIO(request), user)
        : new NonInviteServerTransaction(request, this.#serverIO(request), user);
    this.#layer.addServer(tx);
    tx.handle({ type: 'start' });
    return tx;
  }

  #respond(tx: ServerTransaction, status: number, init: RespondInit & { toTag?: string } = {}): SIPResponse | undefined {
    const headers: [string, string][] = [['Server', this.#userAgent]];
    for (const header of init.headers ?? []) headers.push([header[0], header[1]]);
    if (init.body !== undefined) headers.push(['Content-Type', init.contentType ?? 'text/plain']);
    const response = buildResponse(tx.request, status, {
      toTag: init.toTag ?? newTag(),
      headers,
      ...(init.reason !== undefined && { reason: init.reason }),
      ...(init.body !== undefined && { body: init.body }),
    });
    let sent = false;
    this.#safely(() => {
      tx.handle({ type: 'respond', response });
      sent = true;
    });
    return sent ? response : undefined;
  }

  #answerStateless(request: SIPRequest, status: number, headers: [string, string][] = []): void {
    this.#safely(() =>
      this.#requireTransport().sendResponse(
        buildResponse(request, status, { toTag: newTag(), headers: [['Server', this.#userAgent], ...headers] }),
        request,
        (error) => this.#report(error),
      ),
    );
  }
}
