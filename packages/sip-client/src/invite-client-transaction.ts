import type { SIPRequest, SIPResponse } from '@voip/sip-parser';
import { ackForFailure } from './ack-cancel.js';
import { TransactionTimeoutError, type TransportError } from './errors.js';
import { Transaction, type ClientTransactionEvent, type ClientTransactionUser, type TimerName, type TransactionIO } from './transaction.js';

/**
 * States of the INVITE client transaction (RFC 3261 Figure 5, with RFC 6026's Accepted state).
 * ```
 *            start: send INVITE, A, B
 *   CALLING --1xx--> PROCEEDING --1xx--> (stay)
 *      |  \--2xx------+----------------> ACCEPTED --M--> TERMINATED   (2xx retransmissions go to the TU)
 *      |   \-300-699--+--send ACK------> COMPLETED --D--> TERMINATED  (final retransmission: ACK again)
 *      \-- B fires or transport error ---------------------------> TERMINATED
 * ```
 */
export const InviteClientState = {
  CALLING: 'CALLING',
  PROCEEDING: 'PROCEEDING',
  COMPLETED: 'COMPLETED',
  ACCEPTED: 'ACCEPTED',
  TERMINATED: 'TERMINATED',
} as const;
/** A state of {@link InviteClientTransaction}. */
export type InviteClientState = (typeof InviteClientState)[keyof typeof InviteClientState];

const S = InviteClientState;
const MOVES: Record<InviteClientState, readonly InviteClientState[]> = {
  CALLING: [S.PROCEEDING, S.COMPLETED, S.ACCEPTED, S.TERMINATED],
  PROCEEDING: [S.COMPLETED, S.ACCEPTED, S.TERMINATED],
  COMPLETED: [S.TERMINATED],
  ACCEPTED: [S.TERMINATED],
  TERMINATED: [],
};

/**
 * The INVITE client transaction: sends the INVITE, retransmits it on Timer A (doubling, UDP only) until a response
 * comes or Timer B (64*T1) runs out, ACKs non-2xx finals itself, and leaves the 2xx ACK to the UAC core.
 * @example
 * const ict = new InviteClientTransaction(invite, { clock, timers: transactionTimers(), send }, { onResponse, onError });
 * ict.handle({ type: 'start' });
 * @see RFC 3261 §17.1.1; RFC 6026 §8.4 (Accepted state, Timer M)
 */
export class InviteClientTransaction extends Transaction<InviteClientState> {
  #intervalA = 0;
  #ack: SIPRequest | undefined;
  #started = false;

  /**
   * @param request - the INVITE (its top Via branch identifies the transaction)
   * @param io - clock, timer values and transport
   * @param user - the UAC core that receives responses and errors
   */
  constructor(readonly request: SIPRequest, io: TransactionIO, private readonly user: ClientTransactionUser) {
    super(S.CALLING, MOVES, S.TERMINATED, io);
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
    // "the client transaction MUST start timer A with a value of T1" (unreliable) "… MUST start timer B with a value of 64*T1"
    if (!this.transmit(this.request, false)) return;
    const { A, B } = this.io.timers;
    if (A !== undefined) {
      this.#intervalA = A;
      this.arm('A', A);
    }
    this.arm('B', B);
  }

  #response(response: SIPResponse): void {
    const status = response.status;
    switch (this.state) {
      case S.CALLING:
      case S.PROCEEDING:
        this.disarm('A');
        this.disarm('B');
        if (status < 200) {
          // "If the client transaction receives a provisional response while in the Calling state, it transitions to Proceeding"
          if (this.state === S.CALLING) this.moveTo(S.PROCEEDING);
          this.user.onResponse(response);
        } else if (status < 300) {
          // RFC 6026: "the client transaction MUST transition to the Accepted state, and Timer M MUST be started"
          this.moveTo(S.ACCEPTED);
          this.user.onResponse(response);
          if (!this.done) this.arm('M', this.io.timers.M);
        } else {
          // "the client transaction MUST pass the received response up to the TU, and the client transaction MUST
          // generate an ACK request"; "Timer D … MUST be set to at least 32 seconds for unreliable transports"
          this.moveTo(S.COMPLETED);
          this.#ack = ackForFailure(this.request, response);
          if (!this.transmit(this.#ack, false)) return;
          this.user.onResponse(response);
          if (!this.done) this.arm('D', this.io.timers.D);
        }
        return;
      case S.COMPLETED:
        // "Any retransmissions of the final response that are received while in the Completed state MUST cause the ACK
        // to be re-passed to the transport layer"
        if (status >= 300 && this.#ack) this.transmit(this.#ack, true);
        return;
      case S.ACCEPTED:
        // RFC 6026: "any 2xx response … MUST be passed up to the TU"
        if (status >= 200 && status < 300) this.user.onResponse(response);
        return;
      case S.TERMINATED:
        return;
    }
  }

  #timer(timer: TimerName): void {
    if (timer === 'A' && this.state === S.CALLING) {
      // "the client transaction MUST retransmit the request … and reset the timer with a value of 2*T1"
      if (!this.transmit(this.request, true)) return;
      this.#intervalA *= 2;
      this.arm('A', this.#intervalA);
    } else if (timer === 'B' && this.state === S.CALLING) {
      this.fail(new TransactionTimeoutError('B', 'INVITE', this.io.timers.B));
    } else if ((timer === 'D' && this.state === S.COMPLETED) || (timer === 'M' && this.state === S.ACCEPTED)) {
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
