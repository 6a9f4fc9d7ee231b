import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import {
  safeParseSIPMessage,
  serializeSIPMessage,
  type SIPMessage,
  type SIPRequest,
  type SIPResponse,
} from '@voip/sip-parser';
import { badRequestFor } from './bad-request.js';
import { TransportError } from './errors.js';
import { newTransportStats, type TransportStats } from './transport-protocol.js';
import { responseAddress, stampReceived, type Address } from './via-routing.js';

/** Counters of a {@link UDPTransport} (`sent` counts datagrams; keep-alives are ignored). */
export type UDPTransportStats = TransportStats;

/** Options of {@link UDPTransport}. */
export interface UDPTransportOptions {
  /** Address to bind. */
  readonly host: string;
  /** Port to bind; 0 = any (default). */
  readonly port?: number;
  /** Largest datagram accepted or sent, in bytes (default 65 507, the UDP/IPv4 limit). */
  readonly maxMessageBytes?: number;
  /** Every well-formed message; requests arrive with their top Via stamped (`received`, `rport`). */
  readonly onMessage: (message: SIPMessage, source: Address) => void;
  /** Failures that do not belong to one call: a send that failed later, or an `onMessage` handler that threw. */
  readonly onError?: (error: Error) => void;
  /** `Server` header of the 400 answers. */
  readonly serverHeader?: string;
}

const CR = 13;
const LF = 10;

/**
 * SIP over UDP: one socket, a receive loop that never throws, responses sent where RFC 3261 §18.2.2 and RFC 3581
 * say. Malformed datagrams are counted; a malformed request whose Via, From, To, Call-ID and CSeq were readable is
 * answered 400, anything else is dropped; CRLF keep-alives are ignored.
 * @example
 * const t = new UDPTransport({ host: '127.0.0.1', onMessage: (m, from) => console.log(m, from) });
 * await t.start();
 * @see RFC 3261 §18; RFC 3581; RFC 5626 §3.5.1 (CRLF keep-alives)
 */
export class UDPTransport {
  /** Counters, updated in place. */
  readonly stats: UDPTransportStats = newTransportStats();
  readonly #options: UDPTransportOptions;
  readonly #max: number;
  #socket: Socket | undefined;
  #address: Address | undefined;

  /** @param options - bind address, limits and handlers */
  constructor(options: UDPTransportOptions) {
    this.#options = options;
    this.#max = options.maxMessageBytes ?? 65_507;
  }

  /** The bound address. @throws {@link TransportError} `CLOSED` before `start()` */
  get address(): Address {
    if (!this.#address) throw new TransportError('CLOSED', 'the UDP transport is not started; call start() first');
    return this.#address;
  }

  /**
   * Binds the socket.
   * @throws {@link TransportError} `BIND_FAILED` (rejects) when the address is taken or invalid
   */
  async start(): Promise<void> {
    if (this.#socket) return;
    const socket = createSocket({ type: isIPv6(this.#options.host) ? 'udp6' : 'udp4' });
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error): void => reject(new TransportError('BIND_FAILED', `cannot bind UDP ${this.#options.host}:${this.#options.port ?? 0}: ${e.message}`, e));
      socket.once('error', onError);
      socket.bind(this.#options.port ?? 0, this.#options.host, () => {
        socket.off('error', onError);
        resolve();
      });
    });
    socket.on('error', (e) => this.#options.onError?.(new TransportError('SEND_FAILED', `UDP socket error: ${e.message}`, e)));
    socket.on('message', (buf, rinfo) => this.#receive(buf, rinfo));
    const bound = socket.address();
    this.#address = { host: bound.address, port: bound.port };
    this.#socket = socket;
  }

  /** Closes the socket; later sends throw `CLOSED`. */
  async stop(): Promise<void> {
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  /**
   * Sends a request to a next hop.
   * @throws {@link TransportError} `CLOSED` or `MESSAGE_TOO_LARGE`
   */
  sendRequest(request: SIPRequest, destination: Address): void {
    this.sendBytes(serializeSIPMessage(request), destination);
  }

  /**
   * Sends a response to where its top Via says.
   * @throws {@link TransportError} `CLOSED` or `MESSAGE_TOO_LARGE`; {@link SIPParseError} for an unreadable Via
   * @see RFC 3261 §18.2.2
   */
  sendResponse(response: SIPResponse): void {
    this.sendBytes(serializeSIPMessage(response), responseAddress(response));
  }

  /**
   * Sends raw bytes. A failure reported later by the OS goes to `onError`.
   * @throws {@link TransportError} `CLOSED` or `MESSAGE_TOO_LARGE`
   */
  sendBytes(bytes: Uint8Array, destination: Address): void {
    const socket = this.#socket;
    if (!socket) throw new TransportError('CLOSED', 'the UDP transport is stopped');
    if (bytes.length > this.#max) {
      throw new TransportError('MESSAGE_TOO_LARGE', `a ${bytes.length}-byte message exceeds the ${this.#max}-byte UDP limit`);
    }
    this.stats.sent++;
    socket.send(bytes, destination.port, destination.host, (e) => {
      if (e) this.#options.onError?.(new TransportError('SEND_FAILED', `UDP send to ${destination.host}:${destination.port} failed: ${e.message}`, e));
    });
  }

  #receive(buf: Buffer, rinfo: RemoteInfo): void {
    try {
      if (isKeepAlive(buf)) {
        this.stats.keepAlives++;
        return;
      }
      const source: Address = { host: rinfo.address, port: rinfo.port };
      const parsed = buf.length > this.#max ? undefined : safeParseSIPMessage(buf);
      if (!parsed?.ok) {
        this.stats.malformed++;
        const partial = parsed?.error.partial;
        if (partial?.type === 'REQUEST') this.#answer400(partial, source, parsed?.error.message ?? '');
        return;
      }
      this.stats.received++;
      const message = parsed.message.type === 'REQUEST' ? stampReceived(parsed.message, source) : parsed.message;
      this.#options.onMessage(message, source);
    } catch (e) {
      this.#options.onError?.(e instanceof Error ? e : new Error(String(e)));
    }
  }

  #answer400(partial: SIPRequest, source: Address, detail: string): void {
    const response = badRequestFor(partial, source, detail, this.#options.serverHeader);
    if (!response) return;
    this.sendResponse(response);
    this.stats.answered400++;
  }
}

/** True for a datagram of only CR and LF bytes (RFC 5626 keep-alive) or an empty one. */
function isKeepAlive(buf: Uint8Array): boolean {
  for (let i = 0; i < buf.length; i++) if (buf[i] !== CR && buf[i] !== LF) return false;
  return true;
}
