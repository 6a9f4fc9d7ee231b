import type { SIPMessage, SIPRequest, SIPResponse } from '@voip/sip-parser';
import type { Clock, TimerHandle } from './clock.js';
import { InvalidStateError, TransportError, type TransactionTimeoutError } from './errors.js';
import type { TransactionTimers } from './timers.js';

/** The RFC 3261 (A–K) and RFC 6026 (L, M) transaction timers. */
export type TimerName = 'A' | 'B' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'L' | 'M';

/** Inputs of a client transaction: the start, responses, timer firings, transport failures. */
export type ClientTransactionEvent =
  | { readonly type: 'start' }
  | { readonly type: 'response'; readonly response: SIPResponse }
  | { readonly type: 'timer'; readonly timer: TimerName }
  | { readonly type: 'transportError'; readonly error: TransportError };

/** Inputs of a server transaction: the start, request retransmissions (and ACK), TU responses, timers, failures. */
export type ServerTransactionEvent =
  | { readonly type: 'start' }
  | { readonly type: 'request'; readonly request: SIPRequest }
  | { readonly type: 'respond'; readonly response: SIPResponse }
  | { readonly type: 'timer'; readonly timer: TimerName }
  | { readonly type: 'transportError'; readonly error: TransportError };

/** What a transaction needs from outside: time, its timer values, and a way to put bytes on the wire. */
export interface TransactionIO {
  readonly clock: Clock;
  readonly timers: TransactionTimers;
  /**
   * Sends one message to the transaction's peer (requests to the chosen next hop, responses per RFC 3261 §18.2.2).
   * @param message - the request, response or ACK
   * @param retransmission - true when this repeats an earlier send
   * @throws {@link TransportError} when the transport cannot send
   */
  send(message: SIPMessage, retransmission: boolean): void;
}

/** The transaction user of a client transaction: the UAC core. */
export interface ClientTransactionUser {
  /** A response passed up: provisional, final, and (ICT Accepted state) 2xx retransmissions. */
  onResponse(response: SIPResponse): void;
  /** The transaction failed: Timer B or F ran out, or the transport failed. Called once, before `onTerminated`. */
  onError(error: TransactionTimeoutError | TransportError): void;
  /** The transaction reached Terminated (the transaction layer forgets it). */
  onTerminated?(): void;
}

/** The transaction user of a server transaction: the UAS core. */
export interface ServerTransactionUser {
  /** The transaction failed: Timer H ran out (no ACK for a final response) or the transport failed. */
  onError?(error: TransactionTimeoutError | TransportError): void;
  /** The transaction reached Terminated (the transaction layer forgets it). */
  onTerminated?(): void;
}

/**
 * What the four RFC 3261 §17 state machines share: the state with its legal moves, timers on the injected clock
 * whose firings come back as `timer` events, and sending that turns a transport failure into a terminal error.
 * @internal
 */
export abstract class Transaction<S extends string> {
  #state: S;
  readonly #handles = new Map<TimerName, TimerHandle>();
  #retransmissions = 0;

  /**
   * @param initial - the first state
   * @param moves - the legal moves from each state
   * @param terminated - the final state
   * @param io - clock, timers and transport
   */
  protected constructor(
    initial: S,
    private readonly moves: Readonly<Record<S, readonly S[]>>,
    private readonly terminated: S,
    protected readonly io: TransactionIO,
  ) {
    this.#state = initial;
  }

  /** The current state. */
  get state(): S {
    return this.#state;
  }

  /** How many times this transaction repeated a message (requests on the client side, responses on the server side). */
  get retransmissions(): number {
    return this.#retransmissions;
  }

  /** The timers that are running now, for inspection. */
  get runningTimers(): TimerName[] {
    return [...this.#handles.keys()];
  }

  /** Moves to `next`; leaving for Terminated stops every timer and tells the user. @throws InvalidStateError */
  protected moveTo(next: S): void {
    if (!this.moves[this.#state].includes(next)) {
      throw new InvalidStateError('ILLEGAL_TRANSITION', `${this.constructor.name}: no move from ${this.#state} to ${next}`);
    }
    this.#state = next;
    if (next === this.terminated) {
      for (const handle of this.#handles.values()) this.io.clock.clearTimer(handle);
      this.#handles.clear();
      this.onTerminated();
    }
  }

  /** Starts (or restarts) a timer; a zero wait moves on at once, as on reliable transports. */
  protected arm(timer: TimerName, ms: number): void {
    this.disarm(timer);
    if (ms === 0) {
      this.handleTimer(timer);
      return;
    }
    this.#handles.set(
      timer,
      this.io.clock.setTimer(ms, () => {
        this.#handles.delete(timer);
        this.handleTimer(timer);
      }),
    );
  }

  /** Stops a timer if it runs. */
  protected disarm(timer: TimerName): void {
    const handle = this.#handles.get(timer);
    if (handle === undefined) return;
    this.io.clock.clearTimer(handle);
    this.#handles.delete(timer);
  }

  /**
   * Sends a message; a transport failure terminates the transaction with the error.
   * @returns false when sending failed (the transaction is then Terminated)
   */
  protected transmit(message: SIPMessage, retransmission: boolean): boolean {
    try {
      this.io.send(message, retransmission);
      if (retransmission) this.#retransmissions++;
      return true;
    } catch (e) {
      this.fail(e instanceof TransportError ? e : new TransportError('SEND_FAILED', `sending failed: ${String(e)}`, e));
      return false;
    }
  }

  /** An illegal input for the current state: a bug in the caller. */
  protected illegal(what: string): never {
    throw new InvalidStateError('ILLEGAL_TRANSITION', `${this.constructor.name}: ${what} in state ${this.#state}`);
  }

  /** True once Terminated. */
  protected get done(): boolean {
    return this.#state === this.terminated;
  }

  /** Reports the error to the user, then terminates. */
  protected abstract fail(error: TransactionTimeoutError | TransportError): void;
  /** Runs when a timer fires. */
  protected abstract handleTimer(timer: TimerName): void;
  /** Runs once on entering Terminated. */
  protected abstract onTerminated(): void;
}
