import type { SIPResponse } from '@voip/sip-parser';
import { FakeClock } from '@voip/testkit';
import { describe, expect, it } from 'vitest';
import { isInvalidStateError, isTransactionTimeoutError } from './errors.js';
import { InviteServerTransaction } from './invite-server-transaction.js';
import { makeRequest, makeResponse, recordingIO } from './test-support.js';
import { transactionTimers } from './timers.js';

function setup(reliable = false, trying = true) {
  const clock = new FakeClock(0);
  const rec = recordingIO(clock, transactionTimers({ reliable }));
  const invite = makeRequest('INVITE');
  const errors: Error[] = [];
  let terminated = 0;
  const tx = new InviteServerTransaction(invite, rec.io, { onError: (e) => errors.push(e), onTerminated: () => terminated++ }, { trying });
  tx.handle({ type: 'start' });
  const statuses = () => rec.sent.map((s) => (s.message as SIPResponse).status);
  return { clock, ...rec, invite, tx, errors, statuses, terminated: () => terminated };
}

describe('InviteServerTransaction', () => {
  it('sends 100 Trying on start and answers INVITE retransmissions with the latest provisional', () => {
    const t = setup();
    expect(t.statuses()).toEqual([100]);
    t.tx.handle({ type: 'request', request: t.invite });
    t.tx.handle({ type: 'respond', response: makeResponse(t.invite, 180) });
    t.tx.handle({ type: 'request', request: t.invite });
    expect(t.statuses()).toEqual([100, 100, 180, 180]);
    expect(t.sent.map((s) => s.retransmission)).toEqual([false, true, false, true]);
    expect(t.tx.state).toBe('PROCEEDING');
  });

  it('can skip 100 Trying and then absorbs retransmissions until something was sent', () => {
    const t = setup(false, false);
    t.tx.handle({ type: 'request', request: t.invite });
    expect(t.sent).toEqual([]);
  });

  it('retransmits a non-2xx final on Timer G (T1 doubling to T2) and reports Timer H without an ACK', () => {
    const t = setup();
    t.tx.handle({ type: 'respond', response: makeResponse(t.invite, 486) });
    expect(t.tx.state).toBe('COMPLETED');
    t.clock.advance(40_000);
    const finals = t.sent.filter((s) => (s.message as SIPResponse).status === 486);
    expect(finals.map((s) => s.at)).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    expect(t.tx.retransmissions).toBe(10);
    expect(t.errors).toHaveLength(1);
    expect(isTransactionTimeoutError(t.errors[0])).toBe(true);
    expect(t.errors[0]).toMatchObject({ timer: 'H', code: 'TIMER_H' });
    expect(t.tx.state).toBe('TERMINATED');
    expect(t.clock.pending).toBe(0);
  });

  it('answers an INVITE retransmission in Completed with the final response again', () => {
    const t = setup();
    t.tx.handle({ type: 'respond', response: makeResponse(t.invite, 603) });
    t.tx.handle({ type: 'request', request: t.invite });
    expect(t.statuses()).toEqual([100, 603, 603]);
  });

  it('stops on the ACK, absorbs ACK retransmissions, and ends on Timer I (T4)', () => {
    const t = setup();
    t.tx.handle({ type: 'respond', response: makeResponse(t.invite, 486) });
    t.clock.advance(600);
    const ack = makeRequest('ACK');
    t.tx.handle({ type: 'request', request: ack });
    expect(t.tx.state).toBe('CONFIRMED');
    t.tx.handle({ type: 'request', request: ack });
    t.tx.handle({ type: 'request', request: t.invite });
    const sentBefore = t.sent.length;
    t.clock.advance(4999);
    expect(t.sent.length).toBe(sentBefore);
    expect(t.tx.state).toBe('CONFIRMED');
    t.clock.advance(1);
    expect(t.tx.state).toBe('TERMINATED');
    expect(t.errors).toEqual([]);
    expect(t.terminated()).toBe(1);
  });

  it('moves to Accepted on a 2xx: absorbs INVITE retransmissions, sends TU 2xx retransmissions, ends on Timer L', () => {
    const t = setup();
    const ok = makeResponse(t.invite, 200);
    t.tx.handle({ type: 'respond', response: ok });
    expect(t.tx.state).toBe('ACCEPTED');
    t.tx.handle({ type: 'request', request: t.invite });
    expect(t.statuses()).toEqual([100, 200]);
    t.tx.handle({ type: 'respond', response: ok });
    expect(t.sent.at(-1)).toMatchObject({ retransmission: true, message: ok });
    t.clock.advance(32_000);
    expect(t.tx.state).toBe('TERMINATED');
    expect(t.errors).toEqual([]);
  });

  it('goes straight from ACK to Terminated on a reliable transport and never retransmits', () => {
    const t = setup(true);
    t.tx.handle({ type: 'respond', response: makeResponse(t.invite, 480) });
    t.clock.advance(10_000);
    expect(t.statuses()).toEqual([100, 480]);
    t.tx.handle({ type: 'request', request: makeRequest('ACK') });
    expect(t.tx.state).toBe('TERMINATED');
  });

  it('throws InvalidStateError on a second final response', () => {
    const t = setup();
    t.tx.handle({ type: 'respond', response: makeResponse(t.invite, 486) });
    let caught: unknown;
    try { t.tx.handle({ type: 'respond', response: makeResponse(t.invite, 200) }); } catch (e) { caught = e; }
    expect(isInvalidStateError(caught)).toBe(true);
    expect(t.statuses()).toEqual([100, 486]);
  });
});
