/**
 * Message and transport fixtures for this package's own tests (not exported from the package).
 * @internal
 */
import { createSocket } from 'node:dgram';
import { buildRequest, buildResponse, parseSIPMessage, serializeSIPMessage, type SIPMessage, type SIPRequest, type SIPResponse } from '@voip/sip-parser';
import type { Clock } from './clock.js';
import type { TransactionTimers } from './timers.js';
import type { TransactionIO } from './transaction.js';

let counter = 0;

/** A request from alice to bob with a fresh branch, as a UAC would send it. @internal */
export function makeRequest(method: string, init: { branch?: string; cseq?: number; toTag?: string; body?: string } = {}): SIPRequest {
  counter++;
  const headers: [string, string][] = [
    ['Via', `SIP/2.0/UDP 127.0.0.1:5070;rport;branch=${init.branch ?? `z9hG4bKtest${counter}`}`],
    ['Max-Forwards', '70'],
    ['From', '<sip:alice@127.0.0.1>;tag=alicetag'],
    ['To', `<sip:bob@127.0.0.1>${init.toTag ? `;tag=${init.toTag}` : ''}`],
    ['Call-ID', `call-${counter}@127.0.0.1`],
    ['CSeq', `${init.cseq ?? 1} ${method}`],
    ['Contact', '<sip:alice@127.0.0.1:5070>'],
  ];
  return buildRequest({ method, uri: 'sip:bob@127.0.0.1:5080', headers, ...(init.body !== undefined && { body: init.body }) });
}

/** A response to `request`; `toTag` added to To for non-100 responses unless given. @internal */
export function makeResponse(request: SIPRequest, status: number, toTag = 'bobtag'): SIPResponse {
  return buildResponse(request, status, status === 100 ? {} : { toTag });
}

/** One message a transaction sent, with the time it was sent. @internal */
export interface SentRecord {
  readonly message: SIPMessage;
  readonly retransmission: boolean;
  readonly at: number;
}

/** A {@link TransactionIO} that records what is sent; `failNext` makes the next send throw. @internal */
export function recordingIO(clock: Clock, timers: TransactionTimers): { io: TransactionIO; sent: SentRecord[]; failNext: (e: Error) => void } {
  const sent: SentRecord[] = [];
  let failure: Error | undefined;
  return {
    sent,
    failNext: (e) => (failure = e),
    io: {
      clock,
      timers,
      send(message, retransmission) {
        if (failure) {
          const e = failure;
          failure = undefined;
          throw e;
        }
        sent.push({ message, retransmission, at: clock.now() });
      },
    },
  };
}

/** A raw UDP peer on 127.0.0.1 for tests: parses what arrives and lets the test answer. @internal */
export interface UDPPeer {
  readonly port: number;
  /** Every message received, in order. */
  readonly received: SIPMessage[];
  /** How many CRLF keep-alives (RFC 5626 §4.4.1) arrived; they are not messages. */
  readonly keepAlives: number;
  /** The next (or an already received, not yet taken) message matching `match`. */
  next(match: (m: SIPMessage) => boolean): Promise<SIPMessage>;
  /** Sends a message or raw bytes to `port` on 127.0.0.1. */
  send(message: SIPMessage | Uint8Array | string, port: number): void;
  close(): Promise<void>;
}

/** Starts a {@link UDPPeer}; `onMessage` may answer at once. @internal */
export async function startUDPPeer(onMessage?: (m: SIPMessage, peer: UDPPeer, from: { port: number }) => void): Promise<UDPPeer> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const received: SIPMessage[] = [];
  const taken = new Set<SIPMessage>();
  const waiters: { match: (m: SIPMessage) => boolean; resolve: (m: SIPMessage) => void }[] = [];
  let keepAlives = 0;
  const peer: UDPPeer = {
    port: socket.address().port,
    received,
    get keepAlives() {
      return keepAlives;
    },
    next(match) {
      const found = received.find((m) => !taken.has(m) && match(m));
      if (found) {
        taken.add(found);
        return Promise.resolve(found);
      }
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    send(message, port) {
      const bytes = typeof message === 'string' ? Buffer.from(message) : message instanceof Uint8Array ? message : serializeSIPMessage(message);
      socket.send(bytes, port, '127.0.0.1');
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
  socket.on('message', (buf, rinfo) => {
    if (buf.every((b) => b === 0x0d || b === 0x0a)) {
      keepAlives++;
      return;
    }
    const message = parseSIPMessage(buf);
    received.push(message);
    const i = waiters.findIndex((w) => w.match(message));
    if (i !== -1) {
      taken.add(message);
      waiters.splice(i, 1)[0]!.resolve(message);
    }
    onMessage?.(message, peer, { port: rinfo.port });
  });
  return peer;
}
