import { freePort } from '@voip/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { answerCalls, SDP, startClient } from './support/sipp-calls.js';
import { countTraced, runSipp, tracedMessages } from './support/sipp-runner.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const describeTrace = (messages: string) => tracedMessages(messages).map((m) => `${m.direction} ${m.startLine} (${m.cseq})`).join('\n');

describe('SIPp drops a message; UDP retransmission recovers (RFC 3261 §17)', () => {
  it('the first INVITE is lost: Timer A resends it, the call completes and ends with BYE', async () => {
    const client = await startClient(cleanup);
    const port = await freePort();
    const sipp = runSipp({ scenario: 'sipp-uas-drop-invite.xml', port });
    // SIPp needs a moment to bind; our INVITE retransmissions cover that too
    const { dialog } = await client.invite(`sip:sipp@127.0.0.1:${port}`, { body: SDP('alice', 41000) });
    await dialog.bye();
    const run = await sipp;
    expect(run.code, describeTrace(run.messages) + run.errors).toBe(0);
    expect(countTraced(run.messages, 'received', 'INVITE ')).toBeGreaterThanOrEqual(2);
    expect(countTraced(run.messages, 'received', 'ACK ')).toBe(1);
    expect(client.stats.retransmissions).toBeGreaterThanOrEqual(1);
  });

  it('the first 200 is lost: the UAS core resends the 200 (T1 doubling) until the ACK', async () => {
    const client = await startClient(cleanup);
    const { outcomes } = answerCalls(client);
    const run = await runSipp({ scenario: 'sipp-uac-drop-200.xml', remote: `127.0.0.1:${client.localAddress.port}`, service: 'alice' });
    expect(run.code, describeTrace(run.messages) + run.errors).toBe(0);
    // 1700 ms without an ACK: the 200 went at 0, 500 and 1500 ms
    expect(countTraced(run.messages, 'received', 'SIP/2.0 200', 'INVITE')).toBeGreaterThanOrEqual(3);
    expect(outcomes).toEqual(['ACK']);
  });

  it('the first ACK is lost: the 200 keeps coming until an ACK gets through', async () => {
    const client = await startClient(cleanup);
    const { outcomes } = answerCalls(client);
    const run = await runSipp({ scenario: 'sipp-uac-drop-ack.xml', remote: `127.0.0.1:${client.localAddress.port}`, service: 'alice' });
    expect(run.code, describeTrace(run.messages) + run.errors).toBe(0);
    expect(countTraced(run.messages, 'lost', '')).toBeGreaterThanOrEqual(1);
    expect(countTraced(run.messages, 'received', 'SIP/2.0 200', 'INVITE')).toBeGreaterThanOrEqual(3);
    expect(outcomes).toEqual(['ACK']);
  });
});
