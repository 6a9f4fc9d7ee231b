import type { SIPResponse } from '@voip/sip-parser';
import { FakeClock } from '@voip/testkit';
import { describe, expect, it } from 'vitest';
import { isTransactionTimeoutError, TransportError } from './errors.js';
import { NonInviteClientTransaction } from './non-invite-client-transaction.js';
import { makeRequest, makeResponse, recordingIO } from './test-support.js';
import { transactionTimers } from './timers.js';

function setup(reliable = false) {
  const clock = new FakeClock(0);
  const rec = recordingIO(clock, transactionTimers({ reliable }));
  const request = makeRequest('REGISTER');
  const responses: SIPResponse[] = [];
  const errors: Error[] = [];
  let terminated = 0;
  const tx = new NonInviteClientTransaction(request, rec.io, {
    onResponse: (r) => responses.push(r),
    onError: (e) => errors.push(e),
    onTerminated: () => terminated++,
  });
  return { clock, ...rec, request, tx, responses, errors, terminated: () => terminated };
}

describe('NonInviteClientTransaction', () => {
  it('retransmits on Timer E doubling up to T2, then times out on Timer F', () => {
    const t = setup();
    t.tx.handle({ type: 'start' });
    t.clock.advance(40_000);
    // E: 500, +1000, +2000, +4000 (capped at T2) ... F at 32000
    expect(t.sent.map((s) => s.at)).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    expect(t.tx.retransmissions).toBe(10);
    expect(t.errors).toHaveLength(1);
    expect(isTransactionTimeoutError(t.errors[0])).toBe(true);
    expect(t.errors[0]).toMatchObject({ timer: 'F', method: 'REGISTER' });
    expect(t.tx.state).toBe('TERMINATED');
    expect(t.clock.pending).toBe(0);
  });

  it('retransmits every T2 once Proceeding and still times out on Timer F', () => {
    const t = setup();
    t.tx.handle({ type: 'start' });
    t.clock.advance(100);
    t.tx.handle({ type: 'response', response: makeResponse(t.request, 100) });
    expect(t.tx.state).toBe('PROCEEDING');
    t.clock.advance(40_000);
    // the first E (armed at T1) still fires at 500, then every T2
    expect(t.sent.map((s) => s.at)).toEqual([0, 500, 4500, 8500, 12500, 16500, 20500, 24500, 28500]);
    expect(t.errors[0]).toMatchObject({ timer: 'F' });
    expect(t.responses.map((r) => r.status)).toEqual([100]);
  });

  it('passes the final response up once, absorbs retransmissions, and ends on Timer K (T4)', () => {
    const t = setup();
    t.tx.handle({ type: 'start' });
    const ok = makeResponse(t.request, 200);
    t.tx.handle({ type: 'response', response: ok });
    t.tx.handle({ type: 'response', response: ok });
    expect(t.responses).toEqual([ok]);
    expect(t.tx.state).toBe('COMPLETED');
    t.clock.advance(4999);
    expect(t.tx.state).toBe('COMPLETED');
    t.clock.advance(1);
    expect(t.tx.state).toBe('TERMINATED');
    expect(t.sent).toHaveLength(1);
    expect(t.errors).toEqual([]);
    expect(t.terminated()).toBe(1);
  });

  it('sends once and ends at once after the final response on a reliable transport', () => {
    const t = setup(true);
    t.tx.handle({ type: 'start' });
    t.clock.advance(31_999);
    expect(t.sent).toHaveLength(1);
    t.tx.handle({ type: 'response', response: makeResponse(t.request, 404) });
    expect(t.tx.state).toBe('TERMINATED');
    expect(t.responses.map((r) => r.status)).toEqual([404]);
  });

  it('ends with a TransportError when a retransmission fails', () => {
    const t = setup();
    t.tx.handle({ type: 'start' });
    t.failNext(new TransportError('SEND_FAILED', 'unreachable'));
    t.clock.advance(500);
    expect(t.tx.state).toBe('TERMINATED');
    expect(t.errors.map((e) => (e as TransportError).code)).toEqual(['SEND_FAILED']);
    expect(t.clock.pending).toBe(0);
  });
});
