import { countTraced, describeSippFailure } from '@voip/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { answerCalls, SDP, startClient } from './support/sipp-calls.js';
import { startSipp } from './support/sipp-runner.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('SIPp drops a message; UDP retransmission recovers (RFC 3261 §17)', () => {
  it('the first INVITE is lost: Timer A resends it, the call completes and ends with BYE', async () => {
    const client = await startClient(cleanup);
    const sipp = await startSipp(cleanup, { scenario: 'sipp-uas-drop-invite.xml' });
    // SIPp needs a moment to bind; our INVITE retransmissions cover that too
    const { dialog } = await client.invite(`sip:sipp@127.0.0.1:${sipp.port}`, { body: SDP('alice', 41000) });
    await dialog.bye();
    const run = await sipp.result();
    expect(run.code, describeSippFailure(run)).toBe(0);
    expect(countTraced(run.messages, 'received', 'INVITE ')).toBeGreaterThanOrEqual(2);
    expect(countTraced(run.messages, 'received', 'ACK ')).toBe(1);
    expect(client.stats.retransmissions).toBeGreaterThanOrEqual(1);
  });

  it('the first 200 is lost: the UAS core resends the 200 (T1 doubling) until the ACK', async () => {
    const client = await startClient(cleanup);
    const { outcomes } = answerCalls(client);
    const sipp = await startSipp(cleanup, { scenario: 'sipp-uac-drop-200.xml', remote: `127.0.0.1:${client.localAddress.port}`, service: 'alice' });
    const run = await sipp.result();
    expect(run.code, describeSippFailure(run)).toBe(0);
    // 1700 ms without an ACK: the 200 went at 0, 500 and 1500 ms
    expect(countTraced(run.messages, 'received', 'SIP/2.0 200', 'INVITE')).toBeGreaterThanOrEqual(3);
    expect(outcomes).toEqual(['ACK']);
  });

  it('the first ACK is lost: the 200 keeps coming until an ACK gets through', async () => {
    const client = await startClient(cleanup);
    const { outcomes } = answerCalls(client);
    const sipp = await startSipp(cleanup, { scenario: 'sipp-uac-drop-ack.xml', remote: `127.0.0.1:${client.localAddress.port}`, service: 'alice' });
    const run = await sipp.result();
    expect(run.code, describeSippFailure(run)).toBe(0);
    expect(countTraced(run.messages, 'lost', '')).toBeGreaterThanOrEqual(1);
    expect(countTraced(run.messages, 'received', 'SIP/2.0 200', 'INVITE')).toBeGreaterThanOrEqual(3);
    expect(outcomes).toEqual(['ACK']);
  });
});
