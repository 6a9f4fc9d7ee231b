import type { SIPRequest, SIPResponse } from '@voip/sip-parser';
import { TransactionTimeoutError, type TransportError } from './errors.js';
import { Transaction, type ClientTransactionEvent, type ClientTransactionUser, type TimerName, type TransactionIO } from './transaction.js';

/**
 * States of the non-INVITE client transaction (RFC 3261 Figure 6).
 * ```
 *           start: send, E, F
 *   TRYING --1xx--> PROCEEDING --1xx--> (stay)          E: retransmit (TRYING: doubling up to T2; PROCEEDING: T2)
 *     \--200-699-----+----------> COMPLETED --K--> TERMINATED   (response retransmissions absorbed)
 *      \-- F fires or transport error -------------> TERMINATED
 * ```
 */
export const NonInviteClientState = {
  TRYING: 'TRYING',
  PROCEEDING: 'PROCEEDING',
  COMPLETED: 'COMPLETED',
  TERMINATED: 'TERMINATED',
} as const;
/** A state of {@link NonInviteClientTransaction}. */
export type NonInviteClientState = (typeof NonInviteClientState)[keyof typeof NonInviteClientState];

const S = NonInviteClientState;
const MOVES: Record<NonInviteClientState, readonly NonInviteClientState[]> = {
  TRYING: [S.PROCEEDING, S.COMPLETED, S.TERMINATED],
  PROCEEDING: [S.COMPLETED, S.TERMINATED],
  COMPLETED: [S.TERMINATED],
  TERMINATED: [],
};

/**
 * The non-INVITE client transaction (REGISTER, BYE, OPTIONS, MESSAGE, CANCEL, …): sends the request, retransmits
 * on Timer E over UDP (T1 doubling to T2; T2 once a provisional came) until a final response or Timer F.
 * @example
 * const nict = new NonInviteClientTransaction(register, { clock, timers: transactionTimers(), send }, { onResponse, onError });
 * nict.handle({ type: 'start' });
 * @see RFC 3261 §17.1.2
 */
export class NonInviteClientTransaction extends Transaction<NonInviteClientState> {
  #intervalE = 0;
  #started = false;

  /**
   * @param request - the request (not INVITE, not ACK)
   * @param io - clock, timer values and transport
   * @param user - the core that receives responses and errors
   */
  constructor(readonly request: SIPRequest, io: TransactionIO, private readonly user: ClientTransactionUser) {
    super(S.TRYING, MOVES, S.TERMINATED, io);
  }

  /**
   * The one entry: feeds an input to the machine.
   * @param event - `start` once, then responses, timer firings and transport errors
   * @throws {@link InvalidStateError} (`ILLEGAL_TRANSITION`) for a second `start` or a timer that cannot fire now
   */
  handle(event: ClientTransactionEvent): void {
    switch (event.type) {
      case 'start':
        return this.#start();
      case 'response':
        return this.#response(event.response);
      case 'timer':
        return this.#timer(event.timer);
      case 'transportError':
        if (!this.done) this.fail(event.error);
        return;
    }
  }

  #start(): void {
    if (this.#started) this.illegal('start');
    this.#started = true;
    if (!this.transmit(this.request, false)) return;
    const { E, F } = this.io.timers;
    if (E !== undefined) {
      this.#intervalE = E;
      this.arm('E', E);
    }
    this.arm('F', F);
  }

  #response(response: SIPResponse): void {
    if (this.state !== S.TRYING && this.state !== S.PROCEEDING) return; // Completed absorbs retransmissions
    if (response.status < 200) {
      if (this.state === S.TRYING) this.moveTo(S.PROCEEDING);
      this.user.onResponse(response);
      return;
    }
    // "the client transaction MUST transition to the Completed state … Timer K … T4 for unreliable transports"
    this.disarm('E');
    this.disarm('F');
    this.moveTo(S.COMPLETED);
    this.user.onResponse(response);
    if (!this.done) this.arm('K', this.io.timers.K);
  }

  #timer(timer: TimerName): void {
    const live = this.state === S.TRYING || this.state === S.PROCEEDING;
    if (timer === 'E' && live) {
      // Trying: "reset with a value of MIN(2*T1, T2)" and so on; Proceeding: "reset with a value of T2"
      if (!this.transmit(this.request, true)) return;
      const { t2 } = this.io.timers;
      this.#intervalE = this.state === S.TRYING ? Math.min(2 * this.#intervalE, t2) : t2;
      this.arm('E', this.#intervalE);
    } else if (timer === 'F' && live) {
      this.disarm('E');
      this.fail(new TransactionTimeoutError('F', this.request.method, this.io.timers.F));
    } else if (timer === 'K' && this.state === S.COMPLETED) {
      this.moveTo(S.TERMINATED);
    } else {
      this.illegal(`Timer ${timer}`);
    }
  }

  protected override handleTimer(timer: TimerName): void {
    this.handle({ type: 'timer', timer });
  }

  protected override fail(error: TransactionTimeoutError | TransportError): void {
    this.user.onError(error);
    if (!this.done) this.moveTo(S.TERMINATED);
  }

  protected override onTerminated(): void {
    this.user.onTerminated?.();
  }
}
