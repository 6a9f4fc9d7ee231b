import type { SIPResponse } from '@voip/sip-parser';
import { FakeClock } from '@voip/testkit';
import { describe, expect, it } from 'vitest';
import { isInvalidStateError, isTransportError, TransportError } from './errors.js';
import { NonInviteServerTransaction } from './non-invite-server-transaction.js';
import { makeRequest, makeResponse, recordingIO } from './test-support.js';
import { transactionTimers } from './timers.js';

function setup(reliable = false) {
  const clock = new FakeClock(0);
  const rec = recordingIO(clock, transactionTimers({ reliable }));
  const request = makeRequest('OPTIONS');
  const errors: Error[] = [];
  let terminated = 0;
  const tx = new NonInviteServerTransaction(request, rec.io, { onError: (e) => errors.push(e), onTerminated: () => terminated++ });
  tx.handle({ type: 'start' });
  const statuses = () => rec.sent.map((s) => (s.message as SIPResponse).status);
  return { clock, ...rec, request, tx, errors, statuses, terminated: () => terminated };
}

describe('NonInviteServerTransaction', () => {
  it('absorbs retransmissions while Trying', () => {
    const t = setup();
    t.tx.handle({ type: 'request', request: t.request });
    expect(t.sent).toEqual([]);
    expect(t.tx.state).toBe('TRYING');
  });

  it('answers retransmissions with the latest provisional while Proceeding', () => {
    const t = setup();
    t.tx.handle({ type: 'respond', response: makeResponse(t.request, 100) });
    t.tx.handle({ type: 'request', request: t.request });
    expect(t.statuses()).toEqual([100, 100]);
    expect(t.tx.state).toBe('PROCEEDING');
  });

  it('answers retransmissions with the final response while Completed and ends on Timer J (64*T1)', () => {
    const t = setup();
    t.tx.handle({ type: 'respond', response: makeResponse(t.request, 200) });
    t.clock.advance(31_999);
    t.tx.handle({ type: 'request', request: t.request });
    expect(t.statuses()).toEqual([200, 200]);
    expect(t.tx.retransmissions).toBe(1);
    t.clock.advance(1);
    expect(t.tx.state).toBe('TERMINATED');
    expect(t.terminated()).toBe(1);
    t.tx.handle({ type: 'request', request: t.request });
    expect(t.sent).toHaveLength(2);
  });

  it('ends at once on a reliable transport', () => {
    const t = setup(true);
    t.tx.handle({ type: 'respond', response: makeResponse(t.request, 200) });
    expect(t.tx.state).toBe('TERMINATED');
  });

  it('throws InvalidStateError when the TU responds after the final response', () => {
    const t = setup();
    t.tx.handle({ type: 'respond', response: makeResponse(t.request, 200) });
    let caught: unknown;
    try { t.tx.handle({ type: 'respond', response: makeResponse(t.request, 500) }); } catch (e) { caught = e; }
    expect(isInvalidStateError(caught)).toBe(true);
  });

  it('reports a failed send and terminates', () => {
    const t = setup();
    t.failNext(new TransportError('SEND_FAILED', 'no route'));
    t.tx.handle({ type: 'respond', response: makeResponse(t.request, 200) });
    expect(isTransportError(t.errors[0])).toBe(true);
    expect(t.tx.state).toBe('TERMINATED');
  });
});
