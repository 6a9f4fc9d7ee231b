import type { Socket } from 'node:net';
import { SIPStreamFramer, serializeSIPMessage, type SIPMessage } from '@voip/sip-parser';
import { badRequestFor } from './bad-request.js';
import type { Clock } from './clock.js';
import { TransportError } from './errors.js';
import type { Flow, TransportProtocol, TransportStats } from './transport-protocol.js';
import { stampReceived, type Address } from './via-routing.js';

/** Counters shared by the connections of one stream transport, updated in place (`sent` counts messages written). */
export type StreamStats = TransportStats;

/** What a {@link StreamConnection} reports to its transport. */
export interface StreamConnectionHandlers {
  /** A well-formed message; requests come with their top Via stamped (`received`, `rport`). */
  readonly onMessage: (message: SIPMessage, flow: Flow) => void;
  /** Failures outside any send: a handler that threw, a stream that could not be framed. */
  readonly onError: (error: Error) => void;
  /** The connection closed (either side, or an error). */
  readonly onClose: (connection: StreamConnection) => void;
}

/** Options of a {@link StreamConnection}. */
export interface StreamConnectionOptions extends StreamConnectionHandlers {
  readonly id: number;
  readonly transport: TransportProtocol;
  /** The peer's address (for an outgoing connection: where it was opened to). */
  readonly remote: Address;
  readonly clock: Clock;
  readonly stats: StreamStats;
  /** Largest message accepted, in bytes. */
  readonly maxMessageBytes: number;
  /** `Server` header of 400 answers. */
  readonly serverHeader?: string;
  /** True while the socket is still connecting (writes are queued by the socket until then). */
  readonly connecting: boolean;
}

const PONG = Buffer.from('\r\n');
const PING = Buffer.from('\r\n\r\n');

/**
 * One TCP or TLS connection carrying SIP: frames the byte stream into messages (RFC 3261 §18.3), answers CRLFCRLF
 * pings with a CRLF pong (RFC 5626 §4.4.1), answers unparsable but framed requests with 400, closes on bytes it
 * cannot frame, and remembers when it was last used so an idle connection can be closed.
 * @see RFC 3261 §18.3; RFC 5626 §3.5.1, §4.4.1
 */
export class StreamConnection {
  readonly id: number;
  readonly transport: TransportProtocol;
  readonly remote: Address;
  /** The flow messages on this connection arrive with. */
  readonly flow: Flow;
  /** Clock time of the last byte read or written. */
  lastActivity: number;
  /** A pinned connection is never closed for being idle (a registration flow). */
  pinned = false;
  /** True once the sent-by address of a request received on it reaches it too (set by `StreamTransport.alias`). */
  aliased = false;
  readonly #socket: Socket;
  readonly #options: StreamConnectionOptions;
  readonly #framer: SIPStreamFramer;
  /** Settles when the connection can carry data (resolves) or closed before that (rejects). */
  readonly ready: Promise<void>;
  #open = true;
  #ready: boolean;
  #settleReady: ((error?: TransportError) => void) | undefined;

  /**
   * @param socket - a connected (or connecting) socket
   * @param options - identity, limits and handlers
   */
  constructor(socket: Socket, options: StreamConnectionOptions) {
    this.#socket = socket;
    this.#options = options;
    this.id = options.id;
    this.transport = options.transport;
    this.remote = options.remote;
    this.flow = { host: options.remote.host, port: options.remote.port, transport: options.transport, connectionId: options.id };
    this.lastActivity = options.clock.now();
    this.#ready = !options.connecting;
    this.ready = this.#ready
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => (this.#settleReady = (error) => (error ? reject(error) : resolve())));
    this.ready.catch(() => undefined); // a caller that never awaits it must not see an unhandled rejection
    this.#framer = new SIPStreamFramer({ maxMessageBytes: options.maxMessageBytes });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', (e) => this.#close(e));
    socket.on('close', () => this.#close());
  }

  /** True until the connection closed. */
  get open(): boolean {
    return this.#open;
  }

  /** The local port of the socket (the flow's port on this side), or 0 before it is connected. */
  get localPort(): number {
    return this.#socket.localPort ?? 0;
  }

  /** Marks the socket connected (TCP `connect` / TLS `secureConnect`) and releases waiting writes. */
  markReady(): void {
    this.#ready = true;
    this.#settleReady?.();
  }

  /**
   * Writes one message. Written bytes are queued by the socket while it connects.
   * @param message - the message
   * @param onError - told when the connection fails before the message was written
   * @throws {@link TransportError} `CLOSED` when the connection is already closed
   */
  send(message: SIPMessage, onError?: (error: TransportError) => void): void {
    this.write(serializeSIPMessage(message), onError);
    this.#options.stats.sent++;
  }

  /**
   * Writes raw bytes (a message, or a keep-alive).
   * @throws {@link TransportError} `CLOSED` when the connection is already closed
   */
  write(bytes: Uint8Array, onError?: (error: TransportError) => void): void {
    if (!this.#open) throw new TransportError('CLOSED', `the ${this.transport.toUpperCase()} connection to ${this.#peer()} is closed`);
    this.lastActivity = this.#options.clock.now();
    let reported = false;
    const report = (error: TransportError): void => {
      if (reported || !onError) return;
      reported = true;
      onError(error);
    };
    if (!this.#ready) this.ready.catch(report);
    this.#socket.write(bytes, (e) => {
      if (e) report(this.#failure(e));
    });
  }

  /** Sends a CRLFCRLF ping (RFC 5626 §4.4.1); the peer answers with a CRLF pong. */
  ping(): void {
    if (this.#open) this.write(PING);
  }

  /** Closes the connection (no more reads or writes). */
  close(): void {
    this.#close();
  }

  #peer(): string {
    return `${this.remote.host}:${this.remote.port}`;
  }

  #close(error?: Error): void {
    if (!this.#open) return;
    this.#open = false;
    this.#socket.destroy();
    this.#settleReady?.(this.#failure(error));
    this.#options.onClose(this);
  }

  /** The error a failed or closed connection gives its pending writes: TLS_FAILED for handshake and certificate errors. */
  #failure(error?: Error): TransportError {
    const tlsProblem = this.transport === 'tls' && error !== undefined && (error as { syscall?: string }).syscall === undefined;
    const what = `the ${this.transport.toUpperCase()} connection to ${this.#peer()}`;
    return new TransportError(tlsProblem ? 'TLS_FAILED' : 'CONNECT_FAILED', `${what} ${error ? `failed: ${error.message}` : 'closed'}`, error);
  }

  #receive(chunk: Buffer): void {
    this.lastActivity = this.#options.clock.now();
    for (const event of this.#framer.push(chunk)) {
      try {
        switch (event.kind) {
          case 'message': {
            this.#options.stats.received++;
            const message = event.message;
            this.#options.onMessage(message.type === 'REQUEST' ? stampReceived(message, this.remote) : message, this.flow);
            break;
          }
          case 'invalid': {
            this.#options.stats.malformed++;
            const partial = event.error.partial;
            const answer = partial?.type === 'REQUEST' && badRequestFor(partial, this.remote, event.error.message, this.#options.serverHeader);
            if (answer && this.#open) {
              this.send(answer);
              this.#options.stats.answered400++;
            }
            break;
          }
          case 'ping':
            this.#options.stats.keepAlives++;
            if (this.#open) this.write(PONG);
            break;
          case 'pong':
            this.#options.stats.keepAlives++;
            break;
          case 'fatal':
            this.#options.stats.malformed++;
            this.#options.onError(new TransportError('CLOSED', `closing the ${this.transport.toUpperCase()} connection from ${this.#peer()}: ${event.error.message}`, event.error));
            this.close();
            break;
        }
      } catch (e) {
        this.#options.onError(e instanceof Error ? e : new Error(String(e)));
      }
    }
  }
}
