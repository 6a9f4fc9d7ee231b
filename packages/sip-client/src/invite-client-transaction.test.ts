import { getCSeq, getHeader, getTo, getTopVia, type SIPRequest, type SIPResponse } from '@voip/sip-parser';
import { FakeClock } from '@voip/testkit';
import { describe, expect, it } from 'vitest';
import { isInvalidStateError, isTransactionTimeoutError, isTransportError, TransportError } from './errors.js';
import { InviteClientTransaction } from './invite-client-transaction.js';
import { makeRequest, makeResponse, recordingIO } from './test-support.js';
import { transactionTimers } from './timers.js';

function setup(reliable = false) {
  const clock = new FakeClock(0);
  const rec = recordingIO(clock, transactionTimers({ reliable }));
  const invite = makeRequest('INVITE');
  const responses: SIPResponse[] = [];
  const errors: Error[] = [];
  let terminated = 0;
  const tx = new InviteClientTransaction(invite, rec.io, {
    onResponse: (r) => responses.push(r),
    onError: (e) => errors.push(e),
    onTerminated: () => terminated++,
  });
  return { clock, ...rec, invite, tx, responses, errors, terminated: () => terminated };
}

describe('InviteClientTransaction', () => {
  it('retransmits on Timer A with doubling intervals until Timer B times out', () => {
    const t = setup();
    t.tx.handle({ type: 'start' });
    expect(t.sent).toHaveLength(1);
    t.clock.advance(40_000);
    // A fires at 500, 1500, 3500, 7500, 15500, 31500; B at 32000
    expect(t.sent.map((s) => s.at)).toEqual([0, 500, 1500, 3500, 7500, 15500, 31500]);
    expect(t.sent.slice(1).every((s) => s.retransmission && s.message === t.invite)).toBe(true);
    expect(t.tx.retransmissions).toBe(6);
    expect(t.errors).toHaveLength(1);
    expect(isTransactionTimeoutError(t.errors[0])).toBe(true);
    expect(t.errors[0]).toMatchObject({ timer: 'B', code: 'TIMER_B', ms: 32_000 });
    expect(t.tx.state).toBe('TERMINATED');
    expect(t.terminated()).toBe(1);
    expect(t.clock.pending).toBe(0);
  });

  it('stops retransmitting once a provisional response arrives and never times out in Proceeding', () => {
    const t = setup();
    t.tx.handle({ type: 'start' });
    t.clock.advance(600);
    t.tx.handle({ type: 'response', response: makeResponse(t.invite, 180) });
    expect(t.tx.state).toBe('PROCEEDING');
    t.clock.advance(60_000);
    expect(t.sent).toHaveLength(2);
    expect(t.errors).toEqual([]);
    expect(t.responses.map((r) => r.status)).toEqual([180]);
    t.tx.handle({ type: 'response', response: makeResponse(t.invite, 183) });
    expect(t.responses.map((r) => r.status)).toEqual([180, 183]);
  });

  it('ACKs a non-2xx final itself, re-ACKs its retransmissions, and ends on Timer D', () => {
    const t = setup();
    t.tx.handle({ type: 'start' });
    const busy = makeResponse(t.invite, 486, 'busytag');
    t.tx.handle({ type: 'response', response: busy });
    expect(t.tx.state).toBe('COMPLETED');
    expect(t.responses).toEqual([busy]);
    const ack = t.sent[1]!.message as SIPRequest;
    expect(ack.method).toBe('ACK');
    expect(ack.uri).toBe(t.invite.uri);
    expect(getTopVia(ack).params.branch).toBe(getTopVia(t.invite).params.branch);
    expect(getCSeq(ack)).toEqual({ seq: getCSeq(t.invite).seq, method: 'ACK' });
    expect(getTo(ack).params.tag).toBe('busytag');
    expect(getHeader(ack, 'Call-ID')).toBe(getHeader(t.invite, 'Call-ID'));
    t.tx.handle({ type: 'response', response: busy });
    expect(t.sent.map((s) => [(s.message as SIPRequest).method, s.retransmission])).toEqual([['INVITE', false], ['ACK', false], ['ACK', true]]);
    expect(t.responses).toHaveLength(1);
    t.clock.advance(31_999);
    expect(t.tx.state).toBe('COMPLETED');
    t.clock.advance(1);
    expect(t.tx.state).toBe('TERMINATED');
    expect(t.errors).toEqual([]);
    expect(t.terminated()).toBe(1);
  });

  it('passes a 2xx and its retransmissions up without ACKing, then ends on Timer M', () => {
    const t = setup();
    t.tx.handle({ type: 'start' });
    const ok = makeResponse(t.invite, 200);
    t.tx.handle({ type: 'response', response: ok });
    t.tx.handle({ type: 'response', response: ok });
    t.tx.handle({ type: 'response', response: makeResponse(t.invite, 486) });
    expect(t.tx.state).toBe('ACCEPTED');
    expect(t.responses.map((r) => r.status)).toEqual([200, 200]);
    expect(t.sent).toHaveLength(1);
    t.clock.advance(32_000);
    expect(t.tx.state).toBe('TERMINATED');
    expect(t.sent).toHaveLength(1);
  });

  it('does not retransmit on a reliable transport and ends Completed at once', () => {
    const t = setup(true);
    t.tx.handle({ type: 'start' });
    t.clock.advance(20_000);
    expect(t.sent).toHaveLength(1);
    t.tx.handle({ type: 'response', response: makeResponse(t.invite, 503) });
    expect(t.tx.state).toBe('TERMINATED');
    expect(t.sent.map((s) => (s.message as SIPRequest).method)).toEqual(['INVITE', 'ACK']);
  });

  it('ends with a TransportError when the send fails', () => {
    const t = setup();
    t.failNext(new TransportError('SEND_FAILED', 'boom'));
    t.tx.handle({ type: 'start' });
    expect(t.tx.state).toBe('TERMINATED');
    expect(isTransportError(t.errors[0])).toBe(true);
    expect(t.clock.pending).toBe(0);
  });

  it('ends with the error on a transportError event and ignores late responses', () => {
    const t = setup();
    t.tx.handle({ type: 'start' });
    t.tx.handle({ type: 'transportError', error: new TransportError('CLOSED', 'closed') });
    t.tx.handle({ type: 'response', response: makeResponse(t.invite, 200) });
    expect(t.errors.map((e) => (e as TransportError).code)).toEqual(['CLOSED']);
    expect(t.responses).toEqual([]);
  });

  it('throws InvalidStateError on a second start or a timer that cannot fire', () => {
    const t = setup();
    t.tx.handle({ type: 'start' });
    expect(() => t.tx.handle({ type: 'start' })).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }));
    let caught: unknown;
    try { t.tx.handle({ type: 'timer', timer: 'D' }); } catch (e) { caught = e; }
    expect(isInvalidStateError(caught)).toBe(true);
  });
});
