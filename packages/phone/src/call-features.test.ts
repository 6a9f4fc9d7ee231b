import { freePort, withTimeout } from '@voip/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { CallState } from './call-state.js';
import { VoIPPhone, type VoIPPhoneOptions } from './voip-phone.js';
import type { VoIPCall } from './voip-call.js';

const phones: VoIPPhone[] = [];
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.stop()));
});

async function startPhone(options: VoIPPhoneOptions = {}): Promise<VoIPPhone> {
  const phone = new VoIPPhone({ bindHost: '127.0.0.1', bindPort: await freePort(), rtpPortLow: 30000, rtpPortHigh: 39999, ...options });
  phones.push(phone);
  await phone.start();
  return phone;
}

/** Answers every call to `phone` and collects them. */
function autoAnswer(phone: VoIPPhone): VoIPCall[] {
  const calls: VoIPCall[] = [];
  phone.on('incomingCall', (call) => {
    calls.push(call);
    void call.answer().catch(() => undefined);
  });
  return calls;
}

const uri = (phone: VoIPPhone, user: string): string => `sip:${user}@127.0.0.1:${phone.localAddress.port}`;
const settle = <T>(p: Promise<T>, what: string): Promise<T> => withTimeout(p, 8_000, what);

describe('hold and resume (re-INVITE)', () => {
  it('holds with sendonly, which the far end answers recvonly and stops sending; resumes with sendrecv', async () => {
    const [alice, bob] = [await startPhone(), await startPhone()];
    const bobs = autoAnswer(bob);
    const call = await settle(alice.call(uri(bob, 'bob')), 'answer');
    await settle(bobs[0]!.waitFor(CallState.ANSWERED), 'bob answered');
    const bobCall = bobs[0]!;
    const changes: string[] = [];
    bobCall.on('mediaChange', (m) => changes.push(m.transmitType));

    await settle(call.hold(), 'hold');
    expect(call.onHold).toBe(true);
    expect(call.media?.transmitType).toBe('sendonly');
    expect(call.rtp?.transmitType).toBe('sendonly');
    expect(bobCall.remoteHold).toBe(true); // bob is held: it may only receive
    expect(bobCall.media?.transmitType).toBe('recvonly');
    expect(bobCall.rtp?.transmitType).toBe('recvonly');

    await settle(call.resume(), 'resume');
    expect(call.onHold).toBe(false);
    expect(call.media?.transmitType).toBe('sendrecv');
    expect(bobCall.rtp?.transmitType).toBe('sendrecv');
    expect(bobCall.remoteHold).toBe(false);
    expect(changes).toEqual(['recvonly', 'sendrecv']);
    expect(call.state).toBe(CallState.ANSWERED);
  });

  it('sees a hold from the far end as remoteHold', async () => {
    const [alice, bob] = [await startPhone(), await startPhone()];
    const bobs = autoAnswer(bob);
    const call = await settle(alice.call(uri(bob, 'bob')), 'answer');
    await settle(bobs[0]!.waitFor(CallState.ANSWERED), 'bob answered');
    await settle(bobs[0]!.hold(), 'bob holds');
    expect(call.remoteHold).toBe(true);
    expect(call.onHold).toBe(false);
    await settle(bobs[0]!.resume(), 'bob resumes');
    expect(call.remoteHold).toBe(false);
  });
});

describe('transfer (REFER)', () => {
  it('blind: the transferee follows the REFER to the target, the transferor hangs up', async () => {
    const alice = await startPhone({ followTransfers: true });
    const [bob, carol] = [await startPhone(), await startPhone()];
    const bobs = autoAnswer(bob);
    const carols = autoAnswer(carol);
    const aliceToBob = await settle(alice.call(uri(bob, 'bob')), 'answer');
    await settle(bobs[0]!.waitFor(CallState.ANSWERED), 'bob answered');
    const transferred = new Promise<VoIPCall>((resolve) => aliceToBob.once('transferred', resolve));

    await settle(bobs[0]!.transfer(uri(carol, 'carol')), 'transfer');
    const aliceToCarol = await settle(transferred, 'transferred event');
    expect(aliceToCarol.remoteURI).toBe(uri(carol, 'carol'));
    expect(aliceToCarol.state).toBe(CallState.ANSWERED);
    expect(carols).toHaveLength(1);
    expect(bobs[0]!.state).toBe(CallState.ENDED);
    await settle(aliceToBob.waitFor(CallState.ENDED), 'old call ended');
  });

  it('is refused with 603 by a phone that does not follow transfers; the call stays up', async () => {
    const [alice, bob] = [await startPhone(), await startPhone()];
    const bobs = autoAnswer(bob);
    const call = await settle(alice.call(uri(bob, 'bob')), 'answer');
    await settle(bobs[0]!.waitFor(CallState.ANSWERED), 'bob answered');
    await expect(bobs[0]!.transfer('sip:carol@127.0.0.1:9')).rejects.toMatchObject({ status: 603 });
    expect(call.state).toBe(CallState.ANSWERED);
    expect(bobs[0]!.state).toBe(CallState.ANSWERED);
  });

  it('attended: the transferee calls the target with Replaces, which replaces the consult call', async () => {
    const alice = await startPhone({ followTransfers: true });
    const [bob, carol] = [await startPhone(), await startPhone()];
    const bobs = autoAnswer(bob);
    const carols = autoAnswer(carol);
    const aliceToBob = await settle(alice.call(uri(bob, 'bob')), 'answer');
    await settle(bobs[0]!.waitFor(CallState.ANSWERED), 'bob answered');
    const consult = await settle(bob.call(uri(carol, 'carol')), 'consult answered');
    await settle(carols[0]!.waitFor(CallState.ANSWERED), 'carol answered');
    const carolReplaced = new Promise<VoIPCall>((resolve) => carols[0]!.once('transferred', resolve));
    const aliceMoved = new Promise<VoIPCall>((resolve) => aliceToBob.once('transferred', resolve));

    await settle(bobs[0]!.transfer(consult), 'attended transfer');
    const carolsNew = await settle(carolReplaced, 'carol replaced');
    const alicesNew = await settle(aliceMoved, 'alice moved');
    expect(carolsNew.state).toBe(CallState.ANSWERED);
    expect(alicesNew.callId).toBe(carolsNew.callId);
    expect(carols).toHaveLength(1); // the replacing INVITE was not offered as a new incoming call
    await settle(consult.waitFor(CallState.ENDED), 'consult ended by carol');
    expect(consult.endReason).toBe('remote-bye');
    expect(bobs[0]!.state).toBe(CallState.ENDED);
  });
});
