import { countTraced, describeSippFailure } from '@voip/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { answerCalls, startClient } from './support/sipp-calls.js';
import { startSipp } from './support/sipp-runner.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('SIPp sends an INVITE whose Contact does not parse (RFC 4475 §3.1.2.13, regbadct)', () => {
  it('answers 400, counts it as malformed, and offers no call to the application', async () => {
    const client = await startClient(cleanup);
    const { outcomes } = answerCalls(client);
    const sipp = await startSipp(cleanup, { scenario: 'sipp-uac-bad-contact.xml', remote: `127.0.0.1:${client.localAddress.port}`, service: 'alice' });
    const run = await sipp.result();
    expect(run.code, describeSippFailure(run)).toBe(0);
    expect(countTraced(run.messages, 'received', 'SIP/2.0 400', 'INVITE')).toBeGreaterThanOrEqual(1);
    expect(outcomes).toEqual([]);
    expect(client.stats).toMatchObject({ malformed: 1, answered400: 1 });
  });
});
