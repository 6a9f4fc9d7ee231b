import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Baresip, makeToneWav } from '@voip/testkit';
import { RTPClient } from '../../src/index.js';
import { offeredMedia, SIPResponder } from './sip-responder.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

describe('RTPClient against baresip', () => {
  it('decodes baresip\'s 440 Hz tone and receives the keys it sends (RFC 4733) once each', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rtp-interop-baresip-'));
    stops.push(() => rm(dir, { recursive: true, force: true }));
    const wav = join(dir, 'tone.wav');
    await makeToneWav(wav, { seconds: 5, hz: 440, volume: 0.25 });

    const rtp = new RTPClient({ localHost: '127.0.0.1', codec: 'PCMU', dtmfPayloadType: 101 });
    stops.push(() => rtp.stop());
    await rtp.start();
    const digits: string[] = [];
    rtp.on('dtmf', (d) => digits.push(d));
    const frames: Int16Array[] = [];
    const reading = (async () => {
      for (;;) frames.push(await rtp.read());
    })().catch(() => undefined);

    const sip = await SIPResponder.open({ rtpPort: rtp.localPort, payloadType: 0, encoding: 'PCMU', dtmfPayloadType: 101 });
    stops.push(() => sip.close());
    const baresip = await Baresip.start({ account: '<sip:caller@127.0.0.1>;regint=0', audioSource: wav });
    stops.push(() => baresip.stop());

    expect(await baresip.control.command('dial', `sip:rtp@127.0.0.1:${sip.port}`)).toMatchObject({ ok: true });
    await baresip.control.waitForEvent('CALL_ESTABLISHED', undefined, 10_000);
    const media = offeredMedia(sip.offers[0]!);
    rtp.setRemote(media.host, media.port);
    await new Promise((r) => setTimeout(r, 1000)); // let audio flow before the keys
    expect(await baresip.control.command('sndcode', '159#')).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 1500)); // pacing for the real peer, not an assertion
    await rtp.stop();
    await reading;

    expect(digits).toEqual(['1', '5', '9', '#']);
    // the tone: loud, and about 880 zero crossings per second (440 Hz) in the frames that carry audio
    const level = (f: Int16Array): number => f.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    const audible = frames.filter((f) => level(f) > 1000);
    expect(audible.length).toBeGreaterThan(50);
    const samples = audible.slice(0, 50).flatMap((f) => Array.from(f));
    const peak = samples.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    let crossings = 0;
    for (let i = 1; i < samples.length; i++) if (samples[i - 1]! < 0 !== samples[i]! < 0) crossings++;
    expect(peak).toBeGreaterThan(6000);
    expect(crossings / (samples.length / 8000)).toBeGreaterThan(840);
    expect(crossings / (samples.length / 8000)).toBeLessThan(920);
    expect(rtp.stats.malformed).toBe(0);
  });
});
