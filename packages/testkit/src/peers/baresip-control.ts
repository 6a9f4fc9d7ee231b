import { connect, type Socket } from 'node:net';
import { withTimeout } from '../peer-process.js';
import { pollUntil } from './tools.js';

/**
 * A client of baresip's `ctrl_tcp` module: netstring-framed JSON (`<length>:<json>,`) over one TCP connection.
 * Commands go out as `{"command","params","token"}`; responses come back as `{"response":true,"ok","data","token"}`
 * and events (`CALL_ESTABLISHED`, `CALL_CLOSED`, `CALL_DTMF_START`, …) as `{"event":true,"type",…}`.
 * @see http://cr.yp.to/proto/netstrings.txt
 */

/** An event baresip reported. */
export interface BaresipEvent {
  readonly type: string;
  readonly class?: string;
  readonly accountaor?: string;
  readonly direction?: string;
  readonly peeruri?: string;
  readonly id?: string;
  readonly param?: string;
  readonly [key: string]: unknown;
}

/** baresip's answer to a command. */
export interface BaresipResponse {
  readonly ok: boolean;
  readonly data: string;
}

interface Waiter {
  readonly match: (event: BaresipEvent) => boolean;
  readonly resolve: (event: BaresipEvent) => void;
}

/** One control connection to a running baresip. */
export class BaresipControl {
  /** Every event received so far, in order. */
  readonly events: BaresipEvent[] = [];
  #buffer = Buffer.alloc(0);
  #nextToken = 1;
  #pending = new Map<string, (response: BaresipResponse) => void>();
  #waiters = new Set<Waiter>();
  #closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('close', () => {
      this.#closed = true;
    });
    socket.on('error', () => undefined);
  }

  /**
   * Connects to `ctrl_tcp` on 127.0.0.1:`port`, retrying until baresip listens.
   * @throws Error when no connection succeeds within `ms`
   */
  static async connect(port: number, ms = 10_000): Promise<BaresipControl> {
    const socket = await pollUntil(
      `baresip ctrl_tcp on port ${port}`,
      () =>
        new Promise<Socket>((resolveSocket, reject) => {
          const s = connect(port, '127.0.0.1');
          s.once('connect', () => {
            s.removeAllListeners('error');
            resolveSocket(s);
          });
          s.once('error', reject);
        }),
      ms,
    );
    return new BaresipControl(socket);
  }

  /**
   * Sends a command (`dial`, `accept`, `hangup`, `sndcode`, `listcalls`, …) and waits for its response.
   * @throws Error when baresip does not answer within `ms`
   */
  command(command: string, params?: string, ms = 5_000): Promise<BaresipResponse> {
    if (this.#closed) return Promise.reject(new Error(`baresip control connection closed before ${command}`));
    const token = `t${this.#nextToken++}`;
    const json = JSON.stringify(params === undefined ? { command, token } : { command, params, token });
    const body = Buffer.from(json);
    const answered = new Promise<BaresipResponse>((resolveResponse) => this.#pending.set(token, resolveResponse));
    this.socket.write(Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]));
    return withTimeout(answered, ms, `baresip did not answer "${command} ${params ?? ''}" within ${ms} ms`).finally(() =>
      this.#pending.delete(token),
    );
  }

  /**
   * The first event of `type` (and matching `predicate`) received so far or from now on.
   * @throws Error when none comes within `ms`
   */
  waitForEvent(type: string, predicate: (event: BaresipEvent) => boolean = () => true, ms = 10_000): Promise<BaresipEvent> {
    const match = (event: BaresipEvent): boolean => event.type === type && predicate(event);
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    let waiter: Waiter | undefined;
    const arrived = new Promise<BaresipEvent>((resolveEvent) => {
      waiter = { match, resolve: resolveEvent };
      this.#waiters.add(waiter);
    });
    const types = (): string => this.events.map((e) => e.type).join(', ');
    return withTimeout(arrived, ms, `baresip event ${type} did not come within ${ms} ms`)
      .catch((error: Error) => {
        throw new Error(`${error.message} (events so far: ${types() || 'none'})`);
      })
      .finally(() => {
        if (waiter) this.#waiters.delete(waiter);
      });
  }

  /** Closes the connection. */
  close(): void {
    this.#closed = true;
    this.socket.destroy();
  }

  #onData(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const colon = this.#buffer.indexOf(0x3a);
      if (colon < 0) return;
      const length = Number(this.#buffer.subarray(0, colon).toString('latin1'));
      if (!Number.isInteger(length) || length < 0) throw new Error(`bad netstring length from baresip: ${this.#buffer.subarray(0, 20).toString('latin1')}`);
      const end = colon + 1 + length;
      if (this.#buffer.length < end + 1) return;
      const json = this.#buffer.subarray(colon + 1, end).toString('utf8');
      this.#buffer = this.#buffer.subarray(end + 1);
      this.#onMessage(JSON.parse(json) as Record<string, unknown>);
    }
  }

  #onMessage(message: Record<string, unknown>): void {
    if (message.response === true) {
      const token = typeof message.token === 'string' ? message.token : '';
      this.#pending.get(token)?.({ ok: message.ok === true, data: typeof message.data === 'string' ? message.data : '' });
      return;
    }
    if (message.event === true && typeof message.type === 'string') {
      const event = message as BaresipEvent;
      this.events.push(event);
      for (const waiter of this.#waiters) {
        if (waiter.match(event)) {
          this.#waiters.delete(waiter);
          waiter.resolve(event);
        }
      }
    }
  }
}
