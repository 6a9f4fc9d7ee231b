import { createSocket, type Socket } from 'node:dgram';
import { withTimeout } from '@voip/testkit';

/** A plain UDP socket on 127.0.0.1 that records what it receives, for talking to an RTPClient in tests. */
export class UDPPeer {
  readonly received: { bytes: Buffer; port: number }[] = [];
  #waiters: { n: number; resolve: () => void }[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('message', (bytes, rinfo) => {
      this.received.push({ bytes, port: rinfo.port });
      this.#waiters = this.#waiters.filter((w) => (this.received.length >= w.n ? (w.resolve(), false) : true));
    });
  }

  /** Binds a new peer on an OS-chosen port. */
  static open(): Promise<UDPPeer> {
    const socket = createSocket('udp4');
    return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve(new UDPPeer(socket))));
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(bytes: Uint8Array, port: number): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(bytes, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  }

  /** Resolves once `n` datagrams in total have arrived; rejects after `ms`. */
  waitFor(n: number, ms = 5000): Promise<void> {
    if (this.received.length >= n) return Promise.resolve();
    return withTimeout(new Promise<void>((resolve) => this.#waiters.push({ n, resolve })), ms, `only ${this.received.length} of ${n} datagrams within ${ms} ms`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/** Waits (bounded) until `condition` holds, letting I/O run in between. */
export async function until(condition: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** Lets pending I/O callbacks run (a few event-loop turns). */
export async function flushIO(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}
