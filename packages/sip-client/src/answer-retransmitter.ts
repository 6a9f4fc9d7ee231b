import type { Clock, TimerHandle } from './clock.js';
import { TransactionTimeoutError } from './errors.js';
import type { TransactionTimers } from './timers.js';

/**
 * Repeats a UAS's 2xx to an INVITE until the ACK comes: first after T1, doubling up to T2, giving up after 64*T1
 * with a Timer H {@link TransactionTimeoutError}. This is the UAS core's job, not the transaction's, because the
 * INVITE server transaction ends (Accepted) on a 2xx. On reliable transports nothing is repeated; the wait stays.
 * @see RFC 3261 §13.3.1.4; RFC 6026 §7.1
 */
export class AnswerRetransmitter {
  #interval: number;
  #repeat: TimerHandle | undefined;
  #deadline: TimerHandle | undefined;
  #count = 0;

  /**
   * @param clock - the clock
   * @param timers - T1, T2 and H (64*T1)
   * @param resend - sends the 2xx again
   * @param onTimeout - called once when no ACK came in 64*T1
   */
  constructor(
    private readonly clock: Clock,
    private readonly timers: TransactionTimers,
    private readonly resend: () => void,
    private readonly onTimeout: (error: TransactionTimeoutError) => void,
  ) {
    this.#interval = timers.t1;
  }

  /** How many times the 2xx was repeated. */
  get retransmissions(): number {
    return this.#count;
  }

  /** Starts waiting; the caller has sent the 2xx once already. */
  start(): void {
    if (!this.timers.reliable) this.#repeat = this.clock.setTimer(this.#interval, () => this.#fire());
    this.#deadline = this.clock.setTimer(this.timers.H, () => {
      this.stop();
      this.onTimeout(new TransactionTimeoutError('H', 'INVITE', this.timers.H));
    });
  }

  /** The ACK came (or the call ended): stop repeating and waiting. */
  stop(): void {
    if (this.#repeat) this.clock.clearTimer(this.#repeat);
    if (this.#deadline) this.clock.clearTimer(this.#deadline);
    this.#repeat = undefined;
    this.#deadline = undefined;
  }

  #fire(): void {
    this.#count++;
    this.resend();
    // "the interval … doubled … until it reaches T2"
    this.#interval = Math.min(2 * this.#interval, this.timers.t2);
    this.#repeat = this.clock.setTimer(this.#interval, () => this.#fire());
  }
}
