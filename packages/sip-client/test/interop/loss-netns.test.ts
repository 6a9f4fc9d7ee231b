import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIPClient } from '../../src/sip-client.js';
import { LossyLink } from './support/loss-netns.js';
import { answerCalls, SDP } from './support/sipp-calls.js';
import { SIPP_SCENARIOS } from './support/sipp-runner.js';

const UAS_SCENARIO = join(SIPP_SCENARIOS, 'sipp-uas-lossy.xml');

const CALLS = 20;
const LOSS = 10;
let link: LossyLink;
beforeAll(async () => {
  link = await LossyLink.create(LOSS);
});
afterAll(async () => {
  await link?.destroy();
});

describe('calls across a link that loses 10% of packets each way (ip netns; tc netem, or nftables where the kernel has no netem)', () => {
  it(`places ${CALLS} calls to SIPp in the namespace; every one is set up and torn down`, async () => {
    // SIPp's built-in `uas` aborts a call when a retransmitted INVITE arrives while it waits for the ACK (when its
    // 180 and 200 were both lost): this scenario answers it again, as a UAS must
    const sipp = link.spawn('sipp', ['-sf', UAS_SCENARIO, '-i', link.peerAddress, '-p', '5060', '-nostdin', '-timeout', '150s']);
    const client = new SIPClient({ host: link.hostAddress, port: 0, username: 'alice' });
    await client.start();
    const outcomes: string[] = [];
    try {
      for (let i = 0; i < CALLS; i++) {
        try {
          const { dialog } = await client.invite(`sip:service@${link.peerAddress}:5060`, { body: SDP('alice', 41000) });
          await dialog.bye();
          outcomes.push('ok');
        } catch (error) {
          outcomes.push(String(error));
        }
      }
    } finally {
      await client.stop();
      await sipp.stop();
    }
    expect(outcomes).toEqual(Array(CALLS).fill('ok'));
    expect(client.stats.retransmissions).toBeGreaterThan(0); // the loss was real
  }, 240_000);

  it(`answers ${CALLS} calls from SIPp in the namespace; SIPp counts every one successful`, async () => {
    const client = new SIPClient({ host: link.hostAddress, port: 0, username: 'alice' });
    await client.start();
    const { outcomes } = answerCalls(client);
    const sipp = link.spawn('sipp', [`${link.hostAddress}:${client.localAddress.port}`, '-sn', 'uac', '-s', 'alice', '-i', link.peerAddress,
      '-p', '5060', '-m', String(CALLS), '-l', '1', '-r', '5', '-nostdin', '-timeout', '200s', '-timeout_error']);
    try {
      const code = await sipp.exited(230_000);
      expect(code, sipp.tail()).toBe(0);
      expect(sipp.output).toMatch(new RegExp(`Successful call\\s*\\|\\s*\\d+\\s*\\|\\s*${CALLS}\\b`));
    } finally {
      await sipp.stop();
      await client.stop();
    }
    // every call confirmed: by its ACK, or (ACK lost, SIPp moved on) by the BYE that ended it
    expect(outcomes).toHaveLength(CALLS);
    expect(outcomes.filter((o) => o !== 'ACK' && o !== 'ended')).toEqual([]);
    expect(client.stats.retransmissions).toBeGreaterThan(0);
  }, 240_000);
});
