import { InvalidRangeError } from './errors.js';

/** Inputs to {@link transactionTimers}: the RFC 3261 base values and whether the transport is reliable. */
export interface TransactionTimerOptions {
  /** RTT estimate in ms (default 500). */
  t1?: number;
  /** Longest retransmit interval for non-INVITE requests and INVITE responses in ms (default 4000). */
  t2?: number;
  /** Longest time a message stays in the network in ms (default 5000). */
  t4?: number;
  /** TCP/TLS: no retransmission, zero wait timers. UDP: false (default). */
  reliable?: boolean;
}

/**
 * Every timer value of RFC 3261 Table 4, in milliseconds, for one transport. `undefined` means the timer is not
 * used (A, E and G on reliable transports).
 */
export interface TransactionTimers {
  readonly t1: number;
  readonly t2: number;
  readonly t4: number;
  readonly reliable: boolean;
  /** INVITE request retransmit interval, first value (T1), doubled each time. */
  readonly A: number | undefined;
  /** INVITE transaction timeout (64*T1). */
  readonly B: number;
  /** Wait time for response retransmits in the ICT's Completed state (>32 s UDP, 0 reliable). */
  readonly D: number;
  /** Non-INVITE request retransmit interval, first value (T1), doubled up to T2. */
  readonly E: number | undefined;
  /** Non-INVITE transaction timeout (64*T1). */
  readonly F: number;
  /** INVITE final response retransmit interval, first value (T1), doubled up to T2. */
  readonly G: number | undefined;
  /** Wait time for ACK receipt (64*T1). */
  readonly H: number;
  /** Wait time for ACK retransmits in the IST's Confirmed state (T4 UDP, 0 reliable). */
  readonly I: number;
  /** Wait time for non-INVITE request retransmits in the NIST's Completed state (64*T1 UDP, 0 reliable). */
  readonly J: number;
  /** Wait time for response retransmits in the NICT's Completed state (T4 UDP, 0 reliable). */
  readonly K: number;
  /** RFC 6026 Timer L: wait time for INVITE retransmits in the IST's Accepted state (64*T1). */
  readonly L: number;
  /** RFC 6026 Timer M: wait time for 2xx retransmits in the ICT's Accepted state (64*T1). */
  readonly M: number;
}

const check = (name: string, value: number): number => {
  if (!Number.isFinite(value) || value <= 0) throw new InvalidRangeError(name, 'a positive number of milliseconds', value);
  return value;
};

/**
 * The timer values of one transaction, from T1, T2, T4 and the transport kind.
 * @param options - base values and transport kind
 * @returns the table of timers
 * @throws {@link InvalidRangeError} when a base value is not positive, or T2 is below T1
 * @example transactionTimers({ reliable: false }).B // 32000
 * @see RFC 3261 §17.1.1.2, §17.1.2.2, §17.2.1, §17.2.2 and Table 4 (Appendix A); RFC 6026 §8.4, §8.7
 */
export function transactionTimers(options: TransactionTimerOptions = {}): TransactionTimers {
  const t1 = check('t1', options.t1 ?? 500);
  const t2 = check('t2', options.t2 ?? 4000);
  const t4 = check('t4', options.t4 ?? 5000);
  if (t2 < t1) throw new InvalidRangeError('t2', `at least t1 (${t1} ms)`, t2);
  const reliable = options.reliable ?? false;
  const sixtyFour = 64 * t1;
  return {
    t1,
    t2,
    t4,
    reliable,
    A: reliable ? undefined : t1,
    B: sixtyFour,
    // "at least 32 seconds for unreliable transports": the larger of 32 s and 64*T1, so a large T1 still holds.
    D: reliable ? 0 : Math.max(32_000, sixtyFour),
    E: reliable ? undefined : t1,
    F: sixtyFour,
    G: reliable ? undefined : t1,
    H: sixtyFour,
    I: reliable ? 0 : t4,
    J: reliable ? 0 : sixtyFour,
    K: reliable ? 0 : t4,
    L: sixtyFour,
    M: sixtyFour,
  };
}
