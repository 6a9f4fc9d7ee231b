import { freePort, withTimeout } from '@voip/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { CallState } from './call-state.js';
import { InvalidRangeError, InvalidStateError } from './errors.js';
import { PhoneStatus } from './phone-status.js';
import { VoIPPhone } from './voip-phone.js';
import type { VoIPCall } from './voip-call.js';

const phones: VoIPPhone[] = [];
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.stop()));
});

async function startPhone(): Promise<VoIPPhone> {
  const phone = new VoIPPhone({ bindHost: '127.0.0.1', bindPort: await freePort(), rtpPortLow: 30000, rtpPortHigh: 39999 });
  phones.push(phone);
  await phone.start();
  expect(phone.status).toBe(PhoneStatus.REGISTERED);
  return phone;
}

function nextCall(phone: VoIPPhone): Promise<VoIPCall> {
  return withTimeout(
    new Promise<VoIPCall>((resolve) => phone.once('incomingCall', resolve)),
    5_000,
    'no incoming call within 5 s',
  );
}

function tone(samples: number): Int16Array {
  return Int16Array.from({ length: samples }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)));
}

describe('VoIPPhone to VoIPPhone on loopback', () => {
  it('places, answers, carries audio and DTMF both ways, and hangs up', async () => {
    const [alice, bob] = [await startPhone(), await startPhone()];
    const ringing = nextCall(bob);
    const calling = alice.call(`sip:bob@127.0.0.1:${bob.localAddress.port}`);
    const incoming = await ringing;
    expect(incoming.state).toBe(CallState.RINGING);
    expect(incoming.direction).toBe('inbound');
    expect(incoming.remoteURI).toMatch(/^sip:/);
    await incoming.answer();
    const outgoing = await withTimeout(calling, 5_000, 'call not answered');
    expect(outgoing.state).toBe(CallState.ANSWERED);
    expect(incoming.state).toBe(CallState.ANSWERED);
    expect(outgoing.codec).toBe('PCMU');
    expect(outgoing.callId).toBe(incoming.callId);

    // audio from bob reaches alice with its level (G.711 is lossy: compare loudness, not samples)
    await incoming.play(tone(8000));
    let loud = 0;
    for (let i = 0; i < 100 && loud < 10; i++) {
      const frame = await withTimeout(outgoing.readAudio(), 2_000, 'no audio frame');
      expect(frame.length).toBe(160);
      if (frame.some((s) => Math.abs(s) > 4000)) loud++;
    }
    expect(loud).toBe(10);

    // DTMF each way, each digit once, in order
    await outgoing.sendDTMF('15#');
    const got: string[] = [];
    for await (const d of incoming.dtmf({ signal: AbortSignal.timeout(5_000) })) if (got.push(d) === 3) break;
    expect(got).toEqual(['1', '5', '#']);
    await incoming.sendDTMF('9');
    expect(await outgoing.getDTMF({ signal: AbortSignal.timeout(5_000) })).toBe('9');

    const ended = incoming.waitFor(CallState.ENDED);
    await outgoing.hangup();
    await withTimeout(ended, 5_000, 'BYE not received');
    expect(outgoing.endReason).toBe('local-hangup');
    expect(incoming.endReason).toBe('remote-bye');
    expect(alice.calls).toHaveLength(0);
    expect(bob.calls).toHaveLength(0);
    expect(() => outgoing.writeAudio(new Int16Array(160))).toThrow(InvalidStateError);
  });

  it('bound to 0.0.0.0, answers a loopback caller with loopback media the caller accepts', async () => {
    const bob = new VoIPPhone({ bindHost: '0.0.0.0', bindPort: await freePort(), rtpPortLow: 30000, rtpPortHigh: 39999 });
    phones.push(bob);
    await bob.start();
    const alice = await startPhone();
    const ringing = nextCall(bob);
    const calling = alice.call(`sip:bob@127.0.0.1:${bob.localAddress.port}`);
    const incoming = await ringing;
    await incoming.answer();
    const outgoing = await withTimeout(calling, 5_000, 'call not answered');
    expect(outgoing.media?.remoteHost).toBe('127.0.0.1');
    await incoming.play(tone(4000));
    let loud = false;
    for (let i = 0; i < 100 && !loud; i++) loud = (await withTimeout(outgoing.readAudio(), 2_000, 'no audio')).some((s) => Math.abs(s) > 4000);
    expect(loud).toBe(true);
    expect(outgoing.rtp?.stats.wrongSource).toBe(0);
    await outgoing.hangup();
  });

  it('reports a denied call as a rejected promise with the status', async () => {
    const [alice, bob] = [await startPhone(), await startPhone()];
    const ringing = nextCall(bob);
    let seen: VoIPCall | undefined;
    const calling = alice.call(`sip:bob@127.0.0.1:${bob.localAddress.port}`, { onCall: (c) => (seen = c) });
    await (await ringing).deny(486);
    await expect(calling).rejects.toMatchObject({ status: 486 });
    expect(seen?.state).toBe(CallState.ENDED);
    expect(seen?.endReason).toBe('rejected');
  });

  it('answers an INVITE whose SDP does not parse with 488', async () => {
    const [alice, bob] = [await startPhone(), await startPhone()];
    const inviting = alice.sip.invite(`sip:bob@127.0.0.1:${bob.localAddress.port}`, { body: 'v=0\r\nm=audio\r\n', contentType: 'application/sdp' });
    await expect(withTimeout(inviting, 5_000, 'no final response')).rejects.toMatchObject({ status: 488 });
    expect(bob.calls).toHaveLength(0);
  });

  it('cancels an unanswered call from the caller side', async () => {
    const [alice, bob] = [await startPhone(), await startPhone()];
    const ringing = nextCall(bob);
    const ac = new AbortController();
    const calling = alice.call(`sip:bob@127.0.0.1:${bob.localAddress.port}`, { signal: ac.signal });
    const incoming = await ringing;
    const canceled = incoming.waitFor(CallState.ENDED);
    ac.abort();
    await expect(calling).rejects.toMatchObject({ name: 'AbortError' });
    await withTimeout(canceled, 5_000, 'CANCEL not seen by callee');
    expect(incoming.endReason).toBe('remote-canceled');
    await expect(incoming.answer()).rejects.toBeInstanceOf(InvalidStateError);
  });
});

describe('VoIPPhone options', () => {
  it.each([
    [{ rtpPortLow: 20000, rtpPortHigh: 10000 }, /rtpPortLow/],
    [{ bindPort: 70000 }, /bindPort/],
    [{ codecs: ['G729'] as never }, /codecs/],
    [{ password: 'x' }, /password: needs a username/],
    [{ server: 'pbx:notaport', username: 'a' }, /server/],
  ])('rejects %o', (options, message) => {
    expect(() => new VoIPPhone(options)).toThrow(InvalidRangeError);
    expect(() => new VoIPPhone(options)).toThrow(message);
  });

  it('refuses to call before start', async () => {
    await expect(new VoIPPhone({ bindHost: '127.0.0.1' }).call('sip:x@127.0.0.1')).rejects.toBeInstanceOf(InvalidStateError);
  });
});
