import { createHash } from 'node:crypto';
import { getHeader, parseAuthCredentials } from '@voip/sip-parser';
import { countTraced, describeSippFailure, tracedMessages } from '@voip/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { SDP, startClient } from './support/sipp-calls.js';
import { startSipp } from './support/sipp-runner.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('SIPp as the callee: auth, CANCEL race, REFER', () => {
  it('answers a 407 on INVITE with a Proxy-Authorization whose digest checks out, then talks and hangs up', async () => {
    const client = await startClient(cleanup);
    const sipp = await startSipp(cleanup, { scenario: 'sipp-uas-407.xml' });
    const { dialog, response } = await client.invite(`sip:sipp@127.0.0.1:${sipp.port}`, { body: SDP('alice', 41000) });
    expect(response.status).toBe(200);
    await dialog.bye();
    const run = await sipp.result();
    expect(run.code, describeSippFailure(run)).toBe(0);
    const sent = tracedMessages(run.messages).filter((m) => m.direction === 'received' && m.startLine.startsWith('INVITE'));
    expect(sent.map((m) => m.cseq)).toEqual(['1 INVITE', '2 INVITE']);
    expect(countTraced(run.messages, 'received', 'ACK ', 'ACK')).toBe(2); // the 407's and the 200's
    // the digest, recomputed here by hand (RFC 2617 §3.2.2.1 with qop=auth)
    const auth = parseAuthCredentials(/^Proxy-Authorization:\s*(.+)$/m.exec(run.messages)![1]!.trim());
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    const ha1 = md5('alice:sipp.test:secret');
    const ha2 = md5(`INVITE:${auth.uri}`);
    expect(auth.qop).toBe('auth');
    expect(auth.response).toBe(md5(`${ha1}:a1b2c3d4e5f6:${auth.nc}:${auth.cnonce}:auth:${ha2}`));
  });

  it('CANCEL race: the 200 crosses our CANCEL; the call is ACKed, then ended with BYE, and invite() rejects AbortError', async () => {
    const client = await startClient(cleanup);
    const sipp = await startSipp(cleanup, { scenario: 'sipp-uas-cancel-race.xml' });
    const abort = new AbortController();
    const outcome = await client
      .invite(`sip:sipp@127.0.0.1:${sipp.port}`, { body: SDP('alice', 41000), signal: abort.signal, onProvisional: (r) => r.status === 180 && abort.abort() })
      .then(() => 'answered', (e: unknown) => (e as Error).name);
    expect(outcome).toBe('AbortError');
    const run = await sipp.result();
    expect(run.code, describeSippFailure(run)).toBe(0);
    const order = tracedMessages(run.messages).filter((m) => m.direction === 'received').map((m) => m.startLine.split(' ')[0]);
    expect(order.filter((m) => m !== 'INVITE')).toEqual(['CANCEL', 'ACK', 'BYE']);
  });

  it('REFER: SIPp accepts with 202 and reports 100 then 200 in sipfrag NOTIFYs; referral.done is 200', async () => {
    const client = await startClient(cleanup);
    const sipp = await startSipp(cleanup, { scenario: 'sipp-uas-refer.xml' });
    const { dialog } = await client.invite(`sip:sipp@127.0.0.1:${sipp.port}`, { body: SDP('alice', 41000) });
    const referral = await dialog.refer('sip:carol@127.0.0.1:5099');
    expect(referral.response.status).toBe(202);
    expect(getHeader(referral.response, 'CSeq')).toMatch(/REFER$/);
    const progress: number[] = [];
    referral.on('progress', (status) => progress.push(status));
    expect(await referral.done).toBe(200);
    expect(progress.at(-1)).toBe(200); // the 100 may come before the listener is attached
    await dialog.bye();
    const run = await sipp.result();
    expect(run.code, describeSippFailure(run)).toBe(0);
    expect(countTraced(run.messages, 'received', 'SIP/2.0 200', 'NOTIFY')).toBe(2);
  });
});
