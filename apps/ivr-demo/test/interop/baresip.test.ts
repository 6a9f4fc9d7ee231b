import { audibleSeconds, Baresip, freePort, makeTempDir, makeToneWav, readWav, removeTempDir, rmsDbfs, sleep, wavDurationSeconds } from '@voip/testkit';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Demo } from './support/demo.js';

/** Well above silence: digital silence is −∞ dBFS, line noise about −70; the prompt and test tones are near −20. */
const AUDIBLE_DBFS = -40;

describe('demo with baresip', () => {
  let dir: string | undefined;
  let baresip: Baresip | undefined;
  let demo: Demo | undefined;
  let quietWav = '';
  let toneWav = '';

  beforeAll(async () => {
    dir = await makeTempDir('baresip-demo');
    quietWav = join(dir, 'caller-quiet.wav');
    toneWav = join(dir, 'callee-tone.wav');
    await makeToneWav(quietWav, { seconds: 10, hz: 300, volume: 0.05 });
    await makeToneWav(toneWav, { seconds: 10, hz: 440, volume: 0.3 });
  });
  afterEach(async () => {
    await demo?.stop();
    await baresip?.stop();
    demo = baresip = undefined;
  });
  afterAll(async () => {
    await removeTempDir(dir);
  });

  it('answers baresip dialing it directly, plays the prompt, takes keys 2 then #, and hangs up on #', async () => {
    const demoPort = await freePort();
    demo = Demo.start(['--host', '127.0.0.1', '--port', String(demoPort)]);
    await demo.waitForEvent('listening', (e) => e.port === demoPort, 10_000);
    baresip = await Baresip.start({ account: '<sip:caller@127.0.0.1>;regint=0', audioSource: quietWav });

    expect(await baresip.control.command('dial', `sip:ivr@127.0.0.1:${demoPort}`)).toMatchObject({ ok: true });
    await baresip.control.waitForEvent('CALL_ESTABLISHED', undefined, 10_000);
    const started = await demo.waitForEvent('call-started', undefined, 5_000);
    expect(started.codec).toMatch(/^PCM[UA]$/);
    await sleep(3_000); // let the prompt play
    expect(await baresip.control.command('sndcode', '2')).toMatchObject({ ok: true });
    await demo.waitForEvent('dtmf', (e) => e.digit === '2', 5_000);
    await sleep(1_500); // the echo test returns the caller's quiet tone
    expect(await baresip.control.command('sndcode', '#')).toMatchObject({ ok: true });

    await baresip.control.waitForEvent('CALL_CLOSED', undefined, 10_000);
    const ended = await demo.waitForEvent('call-ended', (e) => e.callId === started.callId, 10_000);
    expect(ended.reason).toBe('local-hangup');
    expect(demo.named('dtmf').map((e) => e.digit)).toEqual(['2', '#']);
    expect(demo.named('menu').map((e) => e.item).slice(0, 2)).toEqual(['echo', 'hangup']);

    const heard = await readWav(await baresip.decodedRecording());
    expect(heard.sampleRate).toBe(8000);
    expect(wavDurationSeconds(heard)).toBeGreaterThan(2);
    expect(rmsDbfs(heard.samples)).toBeGreaterThan(AUDIBLE_DBFS);
    // the first 3 s are the prompt alone
    const prompt = { ...heard, samples: heard.samples.subarray(0, 3 * 8000) };
    expect(audibleSeconds(prompt)).toBeGreaterThan(1.5);

    expect(await demo.interrupt(10_000)).toBe(0);
    expect(demo.named('error')).toEqual([]);
    expect(demo.strayLines, 'stdout lines that are not JSON events').toEqual([]);
  });

  it('calls baresip (auto-answer), presses 1, records the tone it hears, and exits 0', async () => {
    // baresip answers only requests for its account's user (else 404), so the demo calls that user
    baresip = await Baresip.start({ account: '<sip:x@127.0.0.1>;regint=0;answermode=auto', audioSource: toneWav });
    const out = join(dir!, 'out.wav');
    const demoPort = await freePort();
    demo = Demo.start([
      '--host', '127.0.0.1', '--port', String(demoPort),
      '--call', baresip.uriFor('x'), '--keys', '1', '--key-delay', '1000', '--record', out, '--listen', '4',
    ]);
    const code = await demo.exited(30_000);
    expect(code, `demo output:\n${demo.process.tail()}`).toBe(0);

    const heard = demo.named('heard');
    expect(heard).toHaveLength(1);
    const report = heard[0]!;
    expect(report.seconds as number).toBeGreaterThan(2);
    // 440 Hz at 0.3 of full scale is −13.5 dBFS
    expect(report.rmsDbfs as number).toBeGreaterThan(-20);
    expect(resolve(String(report.file))).toBe(resolve(out));

    const wav = await readWav(out);
    expect(wav.sampleRate).toBe(8000);
    expect(wav.channels).toBe(1);
    expect(wavDurationSeconds(wav)).toBeCloseTo(report.seconds as number, 1);
    expect(rmsDbfs(wav.samples)).toBeGreaterThan(-20);
    expect(audibleSeconds(wav)).toBeGreaterThan(2);

    await baresip.control.waitForEvent('CALL_ESTABLISHED', undefined, 5_000);
    await baresip.control.waitForEvent('CALL_CLOSED', undefined, 10_000);
    expect(baresip.control.events.filter((e) => e.type === 'CALL_DTMF_START').map((e) => e.param)).toEqual(['1']);
    expect(demo.named('error')).toEqual([]);
  });
});
