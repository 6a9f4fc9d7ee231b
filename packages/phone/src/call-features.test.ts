import { parseSDP, type SIPResponse } from '@voip/sip-parser';
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

/**
 * Calls `callee`, which answers through {@link autoAnswer} into `answered`, and waits until both ends are ANSWERED.
 * @returns the caller's call and the callee's
 */
async function connect(caller: VoIPPhone, callee: VoIPPhone, answered: readonly VoIPCall[]): Promise<[VoIPCall, VoIPCall]> {
  const call = await settle(caller.call(uri(callee, 'callee')), 'answer');
  const far = answered.at(-1) as VoIPCall;
  await settle(far.waitFor(CallState.ANSWERED), 'far end answered');
  return [call, far];
}

/** Sends an SDP offer from 127.0.0.1 in `call`'s dialog (a re-INVITE) with these `m=` sections and their attributes. */
function reinvite(call: VoIPCall, version: number, media: readonly string[]): Promise<SIPResponse> {
  const body = ['v=0', `o=- 7 ${version} IN IP4 127.0.0.1`, 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', ...media, ''].join('\r\n');
  return settle((call.dialog as NonNullable<VoIPCall['dialog']>).reinvite({ body, contentType: 'application/sdp' }), 're-INVITE');
}

describe('hold and resume (re-INVITE)', () => {
  it('holds with sendonly, which the far end answers recvonly and stops sending; resumes with sendrecv', async () => {
    const [alice, bob] = [await startPhone(), await startPhone()];
    const [call, bobCall] = await connect(alice, bob, autoAnswer(bob));
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
    const [call, bobCall] = await connect(alice, bob, autoAnswer(bob));
    await settle(bobCall.hold(), 'bob holds');
    expect(call.remoteHold).toBe(true);
    expect(call.onHold).toBe(false);
    await settle(bobCall.resume(), 'bob resumes');
    expect(call.remoteHold).toBe(false);
  });
});

describe("answering the far end's re-INVITE", () => {
  it('keeps the codec in use when the offer lists it second (PCMA, PCMU on a PCMU call)', async () => {
    const [alice, bob] = [await startPhone(), await startPhone()];
    const [call, bobCall] = await connect(alice, bob, autoAnswer(bob));
    expect(bobCall.codec).toBe('PCMU');
    const port = (call.rtp as NonNullable<VoIPCall['rtp']>).localPort;
    const response = await reinvite(call, 2, [`m=audio ${port} RTP/AVP 8 0 101`, 'a=rtpmap:101 telephone-event/8000']);
    expect(parseSDP(response.body).media[0]?.formats).toEqual(['0', '101']);
    expect(bobCall.codec).toBe('PCMU');
  });

  it('answers every offered stream in order, refusing the video with port 0 (RFC 3264 §6)', async () => {
    const [alice, bob] = [await startPhone(), await startPhone()];
    const [call, bobCall] = await connect(alice, bob, autoAnswer(bob));
    const port = (call.rtp as NonNullable<VoIPCall['rtp']>).localPort;
    const response = await reinvite(call, 2, ['m=video 5006 RTP/AVP 96', 'a=rtpmap:96 H264/90000', `m=audio ${port} RTP/AVP 0`]);
    const media = parseSDP(response.body).media.map((m) => [m.media, m.port]);
    expect(media).toEqual([
      ['video', 0],
      ['audio', bobCall.rtp?.localPort],
    ]);
    expect(bobCall.media?.remotePort).toBe(port);
  });

  it('raises the o= version by one per SDP sent: a 488 uses none up (RFC 3264 §8)', async () => {
    const [alice, bob] = [await startPhone(), await startPhone()];
    const [call] = await connect(alice, bob, autoAnswer(bob));
    const audio = `m=audio ${(call.rtp as NonNullable<VoIPCall['rtp']>).localPort} RTP/AVP 0`;
    const version = (r: SIPResponse): number => Number(parseSDP(r.body).origin.sessionVersion);
    const before = version(await reinvite(call, 2, [audio]));
    await expect(reinvite(call, 3, ['m=audio 5004 RTP/AVP 18', 'a=rtpmap:18 G729/8000'])).rejects.toMatchObject({ status: 488 });
    expect(version(await reinvite(call, 4, [audio]))).toBe(before + 1);
  });

  it('offers a hold with the o= version after that of its INVITE', async () => {
    const [alice, bob] = [await startPhone(), await startPhone()];
    const offers: number[] = [];
    bob.sip.on('invite', (invite) => offers.push(Number(parseSDP(invite.request.body).origin.sessionVersion)));
    const [call, bobCall] = await connect(alice, bob, autoAnswer(bob));
    bobCall.dialog?.on('offer', (offer) => offers.push(Number(parseSDP(offer.body).origin.sessionVersion)));
    await settle(call.hold(), 'hold');
    expect(offers).toHaveLength(2);
    expect(offers[1]).toBe((offers[0] as number) + 1);
  });
});

describe('transfer (REFER)', () => {
  it('blind: the transferee follows the REFER to the target, the transferor hangs up', async () => {
    const alice = await startPhone({ followTransfers: true });
    const [bob, carol] = [await startPhone(), await startPhone()];
    const carols = autoAnswer(carol);
    const [aliceToBob, bobToAlice] = await connect(alice, bob, autoAnswer(bob));
    const transferred = new Promise<VoIPCall>((resolve) => aliceToBob.once('transferred', resolve));

    await settle(bobToAlice.transfer(uri(carol, 'carol')), 'transfer');
    const aliceToCarol = await settle(transferred, 'transferred event');
    expect(aliceToCarol.remoteURI).toBe(uri(carol, 'carol'));
    expect(aliceToCarol.state).toBe(CallState.ANSWERED);
    expect(carols).toHaveLength(1);
    expect(bobToAlice.state).toBe(CallState.ENDED);
    await settle(aliceToBob.waitFor(CallState.ENDED), 'old call ended');
  });

  it('is refused with 603 by a phone that does not follow transfers; the call stays up', async () => {
    const [alice, bob] = [await startPhone(), await startPhone()];
    const [call, bobCall] = await connect(alice, bob, autoAnswer(bob));
    await expect(bobCall.transfer('sip:carol@127.0.0.1:9')).rejects.toMatchObject({ status: 603 });
    expect(call.state).toBe(CallState.ANSWERED);
    expect(bobCall.state).toBe(CallState.ANSWERED);
  });

  it('attended: the transferee calls the target with Replaces, which replaces the consult call', async () => {
    const alice = await startPhone({ followTransfers: true });
    const [bob, carol] = [await startPhone(), await startPhone()];
    const carols = autoAnswer(carol);
    const [aliceToBob, bobToAlice] = await connect(alice, bob, autoAnswer(bob));
    const [consult, carolToBob] = await connect(bob, carol, carols);
    const carolReplaced = new Promise<VoIPCall>((resolve) => carolToBob.once('transferred', resolve));
    const aliceMoved = new Promise<VoIPCall>((resolve) => aliceToBob.once('transferred', resolve));

    await settle(bobToAlice.transfer(consult), 'attended transfer');
    const carolsNew = await settle(carolReplaced, 'carol replaced');
    const alicesNew = await settle(aliceMoved, 'alice moved');
    expect(carolsNew.state).toBe(CallState.ANSWERED);
    expect(alicesNew.callId).toBe(carolsNew.callId);
    expect(carols).toHaveLength(1); // the replacing INVITE was not offered as a new incoming call
    await settle(consult.waitFor(CallState.ENDED), 'consult ended by carol');
    expect(consult.endReason).toBe('remote-bye');
    expect(bobToAlice.state).toBe(CallState.ENDED);
  });
});
