import { buildResponse, type SIPRequest, type SIPResponse } from '@voip/sip-parser';
import { TransactionTimeoutError, type TransportError } from './errors.js';
import { Transaction, type ServerTransactionEvent, type ServerTransactionUser, type TimerName, type TransactionIO } from './transaction.js';

/**
 * States of the INVITE server transaction (RFC 3261 Figure 7, with RFC 6026's Accepted state).
 * ```
 *   start: 100 Trying
 *   PROCEEDING --TU 1xx--> (stay; INVITE retransmission: last provisional again)
 *      |  \--TU 2xx--> ACCEPTED --L--> TERMINATED   (INVITE retransmissions absorbed; TU may resend its 2xx)
 *      \--TU 300-699--> COMPLETED --ACK--> CONFIRMED --I--> TERMINATED
 *                          |  G: final again (T1 doubling to T2); INVITE retransmission: final again
 *                          \--H fires: error to TU--> TERMINATED
 * ```
 */
export const InviteServerState = {
  PROCEEDING: 'PROCEEDING',
  COMPLETED: 'COMPLETED',
  CONFIRMED: 'CONFIRMED',
  ACCEPTED: 'ACCEPTED',
  TERMINATED: 'TERMINATED',
} as const;
/** A state of {@link InviteServerTransaction}. */
export type InviteServerState = (typeof InviteServerState)[keyof typeof InviteServerState];

const S = InviteServerState;
const MOVES: Record<InviteServerState, readonly InviteServerState[]> = {
  PROCEEDING: [S.COMPLETED, S.ACCEPTED, S.TERMINATED],
  COMPLETED: [S.CONFIRMED, S.TERMINATED],
  CONFIRMED: [S.TERMINATED],
  ACCEPTED: [S.TERMINATED],
  TERMINATED: [],
};

/** Options of {@link InviteServerTransaction}. */
export interface InviteServerTransactionOptions {
  /** Send 100 Trying on `start` (default true). Set false only when the TU answers within 200 ms itself. */
  readonly trying?: boolean;
}

/**
 * The INVITE server transaction: answers INVITE retransmissions with the last response, retransmits a non-2xx final
 * on Timer G over UDP until the ACK arrives or Timer H runs out, then absorbs ACK retransmissions for Timer I.
 * A 2xx moves it to Accepted: the UAS core retransmits the 2xx itself until the ACK (a new transaction) arrives.
 * @example
 * const ist = new InviteServerTransaction(invite, { clock, timers: transactionTimers(), send }, {});
 * ist.handle({ type: 'start' }); // 100 Trying
 * ist.handle({ type: 'respond', response: buildResponse(invite, 486) });
 * @see RFC 3261 §17.2.1; RFC 6026 §7.1, §8.7 (Accepted state, Timer L)
 */
export class InviteServerTransaction extends Transaction<InviteServerState> {
  #lastResponse: SIPResponse | undefined;
  #intervalG = 0;
  #started = false;

  /**
   * @param request - the INVITE that created the transaction
   * @param io - clock, timer values and transport (responses go to the top Via's address)
   * @param user - the UAS core, told about Timer H and transport failures
   * @param options - whether to send 100 Trying
   */
  constructor(
    readonly request: SIPRequest,
    io: TransactionIO,
    private readonly user: ServerTransactionUser = {},
    private readonly options: InviteServerTransactionOptions = {},
  ) {
    super(S.PROCEEDING, MOVES, S.TERMINATED, io);
  }

  /** The last response sent, if any. */
  get lastResponse(): SIPResponse | undefined {
    return this.#lastResponse;
  }

  /**
   * The one entry: feeds an input to the machine.
   * @param event - `start` once; then request retransmissions and ACKs, TU responses, timers, transport errors
   * @throws {@link InvalidStateError} (`ILLEGAL_TRANSITION`) when the TU responds in a state that takes no response
   *   (a second final), for a second `start`, or for a timer that cannot fire now
   */
  handle(event: ServerTransactionEvent): void {
    switch (event.type) {
      case 'start':
        if (this.#started) this.illegal('start');
        this.#started = true;
        // "the server transaction MUST generate a 100 (Trying) response unless it knows that the TU will generate a
        // provisional or final response within 200 ms"
        if (this.options.trying !== false) this.#respond(buildResponse(this.request, 100));
        return;
      case 'request':
        return this.#request(event.request);
      case 'respond':
        return this.#respond(event.response);
      case 'timer':
        return this.#timer(event.timer);
      case 'transportError':
        if (!this.done) this.fail(event.error);
        return;
    }
  }

  #request(request: SIPRequest): void {
    if (request.method === 'ACK') {
      if (this.state !== S.COMPLETED) return; // Confirmed absorbs ACK retransmissions
      // "If an ACK is received while the server transaction is in the Completed state, the server transaction MUST
      // transition to the Confirmed state … timer I is set to fire in T4 seconds for unreliable transports"
      this.disarm('G');
      this.disarm('H');
      this.moveTo(S.CONFIRMED);
      this.arm('I', this.io.timers.I);
      return;
    }
    // "If a request retransmission is received while in the Proceeding state, the most recent provisional response
    // … MUST be passed to the transport layer for retransmission"; Completed: the final response again
    if ((this.state === S.PROCEEDING || this.state === S.COMPLETED) && this.#lastResponse) {
      this.transmit(this.#lastResponse, true);
    }
  }

  #respond(response: SIPResponse): void {
    const status = response.status;
    if (this.state === S.ACCEPTED && status >= 200 && status < 300) {
      // RFC 6026: "the TU MAY pass 2xx retransmissions to the server transaction while in the Accepted state"
      this.transmit(response, true);
      return;
    }
    if (this.state !== S.PROCEEDING) this.illegal(`a ${status} response`);
    this.#lastResponse = response;
    if (!this.transmit(response, false)) return;
    if (status < 200) return;
    if (status < 300) {
      this.moveTo(S.ACCEPTED);
      this.arm('L', this.io.timers.L);
      return;
    }
    // "the response MUST be passed to the transport layer … the state machine MUST enter the Completed state …
    // timer G is set to fire in T1 seconds" (unreliable) "… timer H MUST be set to fire in 64*T1 seconds"
    this.moveTo(S.COMPLETED);
    const { G, H } = this.io.timers;
    if (G !== undefined) {
      this.#intervalG = G;
      this.arm('G', G);
    }
    this.arm('H', H);
  }

  #timer(timer: TimerName): void {
    if (timer === 'G' && this.state === S.COMPLETED && this.#lastResponse) {
      // "the response is passed to the transport layer once more, and timer G is set to fire in MIN(2*T1, T2)"
      if (!this.transmit(this.#lastResponse, true)) return;
      this.#intervalG = Math.min(2 * this.#intervalG, this.io.timers.t2);
      this.arm('G', this.#intervalG);
    } else if (timer === 'H' && this.state === S.COMPLETED) {
      this.disarm('G');
      this.fail(new TransactionTimeoutError('H', 'INVITE', this.io.timers.H));
    } else if ((timer === 'I' && this.state === S.CONFIRMED) || (timer === 'L' && this.state === S.ACCEPTED)) {
      this.moveTo(S.TERMINATED);
    } else {
      this.illegal(`Timer ${timer}`);
    }
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
