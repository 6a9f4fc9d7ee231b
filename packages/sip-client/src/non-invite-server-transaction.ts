import type { SIPRequest, SIPResponse } from '@voip/sip-parser';
import type { TransactionTimeoutError, TransportError } from './errors.js';
import { Transaction, type ServerTransactionEvent, type ServerTransactionUser, type TimerName, type TransactionIO } from './transaction.js';

/**
 * States of the non-INVITE server transaction (RFC 3261 Figure 8).
 * ```
 *   TRYING --TU 1xx--> PROCEEDING --TU 1xx--> (stay; request retransmission: last provisional again)
 *     |  (retransmissions absorbed)  \
 *     \--TU 200-699--------------------+--> COMPLETED --J--> TERMINATED   (request retransmission: final again)
 * ```
 */
export const NonInviteServerState = {
  TRYING: 'TRYING',
  PROCEEDING: 'PROCEEDING',
  COMPLETED: 'COMPLETED',
  TERMINATED: 'TERMINATED',
} as const;
/** A state of {@link NonInviteServerTransaction}. */
export type NonInviteServerState = (typeof NonInviteServerState)[keyof typeof NonInviteServerState];

const S = NonInviteServerState;
const MOVES: Record<NonInviteServerState, readonly NonInviteServerState[]> = {
  TRYING: [S.PROCEEDING, S.COMPLETED, S.TERMINATED],
  PROCEEDING: [S.COMPLETED, S.TERMINATED],
  COMPLETED: [S.TERMINATED],
  TERMINATED: [],
};

/**
 * The non-INVITE server transaction: absorbs request retransmissions, answering them with the last response sent,
 * and stays Completed for Timer J (64*T1 over UDP) so late retransmissions still get the final response.
 * @example
 * const nist = new NonInviteServerTransaction(options, { clock, timers: transactionTimers(), send });
 * nist.handle({ type: 'start' });
 * nist.handle({ type: 'respond', response: buildResponse(options, 200) });
 * @see RFC 3261 §17.2.2
 */
export class NonInviteServerTransaction extends Transaction<NonInviteServerState> {
  #lastResponse: SIPResponse | undefined;
  #started = false;

  /**
   * @param request - the request that created the transaction
   * @param io - clock, timer values and transport (responses go to the top Via's address)
   * @param user - the UAS core, told about transport failures
   */
  constructor(readonly request: SIPRequest, io: TransactionIO, private readonly user: ServerTransactionUser = {}) {
    super(S.TRYING, MOVES, S.TERMINATED, io);
  }

  /** The last response sent, if any. */
  get lastResponse(): SIPResponse | undefined {
    return this.#lastResponse;
  }

  /**
   * The one entry: feeds an input to the machine.
   * @param event - `start` once; then request retransmissions, TU responses, Timer J, transport errors
   * @throws {@link InvalidStateError} (`ILLEGAL_TRANSITION`) when the TU responds after the final response, for a
   *   second `start`, or for a timer that cannot fire now
   */
  handle(event: ServerTransactionEvent): void {
    switch (event.type) {
      case 'start':
        if (this.#started) this.illegal('start');
        this.#started = true;
        return;
      case 'request':
        // Trying: "any further request retransmissions are discarded"; Proceeding/Completed: last response again
        if ((this.state === S.PROCEEDING || this.state === S.COMPLETED) && this.#lastResponse) {
          this.transmit(this.#lastResponse, true);
        }
        return;
      case 'respond':
        return this.#respond(event.response);
      case 'timer':
        if (event.timer === 'J' && this.state === S.COMPLETED) this.moveTo(S.TERMINATED);
        else this.illegal(`Timer ${event.timer}`);
        return;
      case 'transportError':
        if (!this.done) this.fail(event.error);
        return;
    }
  }

  #respond(response: SIPResponse): void {
    if (this.state !== S.TRYING && this.state !== S.PROCEEDING) this.illegal(`a ${response.status} response`);
    this.#lastResponse = response;
    if (!this.transmit(response, false)) return;
    if (response.status < 200) {
      if (this.state === S.TRYING) this.moveTo(S.PROCEEDING);
      return;
    }
    // "the server transaction MUST enter the Completed state, and it MUST set Timer J to fire in 64*T1 seconds for
    // unreliable transports, and zero seconds for reliable transports"
    this.moveTo(S.COMPLETED);
    this.arm('J', this.io.timers.J);
  }

  protected override handleTimer(timer: TimerName): void {
    this.handle({ type: 'timer', timer });
  }

  protected override fail(error: TransactionTimeoutError | TransportError): void {
    this.user.onError?.(error);
    if (!this.done) this.moveTo(S.TERMINATED);
  }

  protected override onTerminated(): void {
    this.user.onTerminated?.();
  }
}
