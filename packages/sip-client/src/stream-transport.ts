import type { Server, Socket } from 'node:net';
import type { SIPMessage } from '@voip/sip-parser';
import type { Clock, TimerHandle } from './clock.js';
import { TransportError } from './errors.js';
import { StreamConnection, type StreamStats } from './stream-connection.js';
import { newTransportStats, type Flow } from './transport-protocol.js';
import type { Address } from './via-routing.js';

/** Where to open a connection: an address, and for TLS the name the server's certificate must carry. */
export interface StreamTarget extends Address {
  /** A DNS name to verify the certificate against (and send as SNI); an IP literal host is verified by itself. */
  readonly servername?: string;
}

/** What differs between TCP and TLS: how to listen and how to dial. See `tcp-transport.ts` and `tls-transport.ts`. */
export interface StreamSocketFactory {
  readonly transport: 'tcp' | 'tls';
  /** A server that hands each accepted, ready socket to `onSocket`; undefined when this side does not listen. */
  createServer?(onSocket: (socket: Socket) => void): Server;
  /** Opens a socket to `target`; `onReady` runs when it can carry data (TCP connect, TLS handshake done). */
  connect(target: StreamTarget, onReady: () => void): Socket;
}

/** Options of a {@link StreamTransport}. */
export interface StreamTransportOptions {
  readonly factory: StreamSocketFactory;
  /** Address to listen on. */
  readonly host: string;
  /** Port to listen on; 0 = any. */
  readonly port: number;
  readonly clock: Clock;
  /** Close connections unused for this long, in ms (default 120 000); pinned connections stay. 0 = never. */
  readonly idleTimeout?: number;
  /** Largest message accepted, in bytes (default 65 536). */
  readonly maxMessageBytes?: number;
  /** `Server` header of 400 answers. */
  readonly serverHeader?: string;
  /** Every well-formed message, with the flow (connection) it came on. */
  readonly onMessage: (message: SIPMessage, flow: Flow) => void;
  /** Failures outside any send. */
  readonly onError: (error: Error) => void;
}

const key = (address: Address): string => `${address.host.toLowerCase()} ${address.port}`;

/**
 * SIP over TCP or TLS: an optional listener and a pool of connections, reused for every message to the same
 * address (in either direction: a connection the peer opened is used to reach the sent-by address of its Via),
 * closed after an idle time on the injected clock.
 * @see RFC 3261 §18 (connections are kept and reused), §18.3 (framing); RFC 5923 (connection reuse)
 */
export class StreamTransport {
  /** Counters of every connection of this transport, updated in place. */
  readonly stats: StreamStats = newTransportStats();
  readonly transport: 'tcp' | 'tls';
  readonly #options: StreamTransportOptions;
  readonly #byAddress = new Map<string, StreamConnection>();
  readonly #byId = new Map<number, StreamConnection>();
  readonly #idle: number;
  #server: Server | undefined;
  #port: number | undefined;
  #nextId = 1;
  #sweep: TimerHandle | undefined;
  #stopped = false;

  /** @param options - the socket factory, listen address, clock and handlers */
  constructor(options: StreamTransportOptions) {
    this.#options = options;
    this.transport = options.factory.transport;
    this.#idle = options.idleTimeout ?? 120_000;
  }

  /** The port this transport listens on, or `undefined` when it does not listen. */
  get listeningPort(): number | undefined {
    return this.#port;
  }

  /** How many connections are open. */
  get size(): number {
    return this.#byId.size;
  }

  /**
   * Starts listening when the factory can make a server.
   * @param port - the port to listen on (default the `port` option)
   * @throws (rejects) {@link TransportError} `BIND_FAILED`
   */
  async start(port = this.#options.port): Promise<void> {
    const factory = this.#options.factory;
    if (!factory.createServer || this.#server) return;
    const server = factory.createServer((socket) => this.#accept(socket));
    const { host } = this.#options;
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error): void =>
        reject(new TransportError('BIND_FAILED', `cannot listen on ${this.transport.toUpperCase()} ${host}:${port}: ${e.message}`, e));
      server.once('error', onError);
      server.listen(port, host, () => {
        server.off('error', onError);
        resolve();
      });
    });
    server.on('error', (e) => this.#options.onError(new TransportError('BIND_FAILED', `${this.transport.toUpperCase()} listener error: ${e.message}`, e)));
    const address = server.address();
    this.#port = typeof address === 'object' && address ? address.port : port;
    this.#server = server;
  }

  /** Closes the listener and every connection. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#sweep) this.#options.clock.clearTimer(this.#sweep);
    this.#sweep = undefined;
    for (const connection of [...this.#byId.values()]) connection.close();
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The open connection with this id (a flow's `connectionId`). */
  byId(id: number): StreamConnection | undefined {
    const connection = this.#byId.get(id);
    return connection?.open ? connection : undefined;
  }

  /** The open connection to (or from, by its Via alias) `address`, if any. */
  find(address: Address): StreamConnection | undefined {
    const connection = this.#byAddress.get(key(address));
    return connection?.open ? connection : undefined;
  }

  /**
   * Remembers that `address` (the sent-by of a request that came over `connection`) is reached over it, unless
   * another open connection already is; marks the connection {@link StreamConnection.aliased}.
   * @param address - the sent-by address
   * @param connection - the connection the request came on
   * @see RFC 5923 §5 (the alias idea), RFC 3261 §18.2.2
   */
  alias(address: Address, connection: StreamConnection): void {
    connection.aliased = true;
    const k = key(address);
    if (!this.#byAddress.get(k)?.open) this.#byAddress.set(k, connection);
  }

  /**
   * The connection to `target`: an open one, else a new one (writes queue until it is ready).
   * @throws {@link TransportError} `CLOSED` after `stop()`
   */
  connectionTo(target: StreamTarget): StreamConnection {
    const existing = this.find(target);
    if (existing) return existing;
    if (this.#stopped) throw new TransportError('CLOSED', `the ${this.transport.toUpperCase()} transport is stopped`);
    const socket = this.#options.factory.connect(target, () => connection.markReady());
    const connection = this.#adopt(socket, { host: target.host, port: target.port }, true);
    return connection;
  }

  /**
   * Sends a message to `target` over an open or new connection.
   * @param onError - told when the connection fails before the message is written (asynchronously)
   * @returns the connection used
   * @throws {@link TransportError} `CLOSED` after `stop()`
   */
  send(message: SIPMessage, target: StreamTarget, onError?: (error: TransportError) => void): StreamConnection {
    const connection = this.connectionTo(target);
    connection.send(message, onError);
    return connection;
  }

  #accept(socket: Socket): void {
    if (this.#stopped) {
      socket.destroy();
      return;
    }
    const host = socket.remoteAddress ?? '';
    this.#adopt(socket, { host: host.startsWith('::ffff:') ? host.slice(7) : host, port: socket.remotePort ?? 0 }, false);
  }

  #adopt(socket: Socket, remote: Address, connecting: boolean): StreamConnection {
    const id = this.#nextId++;
    const connection = new StreamConnection(socket, {
      id,
      transport: this.transport,
      remote,
      clock: this.#options.clock,
      stats: this.stats,
      maxMessageBytes: this.#options.maxMessageBytes ?? 65_536,
      connecting,
      onMessage: this.#options.onMessage,
      onError: this.#options.onError,
      onClose: (closed) => this.#forget(closed),
      ...(this.#options.serverHeader !== undefined && { serverHeader: this.#options.serverHeader }),
    });
    this.#byId.set(id, connection);
    this.#byAddress.set(key(remote), connection);
    this.#armSweep();
    return connection;
  }

  #forget(connection: StreamConnection): void {
    this.#byId.delete(connection.id);
    for (const [k, c] of this.#byAddress) if (c === connection) this.#byAddress.delete(k);
  }

  /** One timer for the whole pool: closes connections idle for longer than the idle timeout. */
  #armSweep(): void {
    if (this.#sweep || this.#idle === 0 || this.#stopped) return;
    this.#sweep = this.#options.clock.setTimer(this.#idle, () => {
      this.#sweep = undefined;
      const now = this.#options.clock.now();
      for (const connection of [...this.#byId.values()]) {
        if (!connection.pinned && now - connection.lastActivity >= this.#idle) connection.close();
      }
      if (this.#byId.size > 0) this.#armSweep();
    });
  }
}
