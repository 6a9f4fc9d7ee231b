import { FakeClock } from '@voip/testkit';
import { describe, expect, it } from 'vitest';
import { AnswerRetransmitter } from './answer-retransmitter.js';
import { isTransactionTimeoutError } from './errors.js';
import { transactionTimers } from './timers.js';

describe('AnswerRetransmitter', () => {
  it('repeats at T1 doubling to T2 and reports Timer H at 64*T1', () => {
    const clock = new FakeClock(0);
    const at: number[] = [];
    const errors: Error[] = [];
    const r = new AnswerRetransmitter(clock, transactionTimers(), () => at.push(clock.now()), (e) => errors.push(e));
    r.start();
    clock.advance(40_000);
    expect(at).toEqual([500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    expect(r.retransmissions).toBe(10);
    expect(errors).toHaveLength(1);
    expect(isTransactionTimeoutError(errors[0])).toBe(true);
    expect(errors[0]).toMatchObject({ timer: 'H', method: 'INVITE' });
    expect(clock.pending).toBe(0);
  });

  it('stops repeating and never times out once stopped (the ACK came)', () => {
    const clock = new FakeClock(0);
    let sends = 0;
    const errors: Error[] = [];
    const r = new AnswerRetransmitter(clock, transactionTimers(), () => sends++, (e) => errors.push(e));
    r.start();
    clock.advance(2000);
    r.stop();
    clock.advance(60_000);
    expect(sends).toBe(2);
    expect(errors).toEqual([]);
  });

  it('does not repeat on a reliable transport but still times out', () => {
    const clock = new FakeClock(0);
    let sends = 0;
    const errors: Error[] = [];
    new AnswerRetransmitter(clock, transactionTimers({ reliable: true }), () => sends++, (e) => errors.push(e)).start();
    clock.advance(32_000);
    expect(sends).toBe(0);
    expect(errors).toHaveLength(1);
  });
});
