import { audibleSeconds, Baresip, makeTempDir, makeToneWav, readWav, removeTempDir, rmsDbfs, sleep, wavDurationSeconds } from '@voip/testkit';
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';

// Two baresips calling each other (no demo): proves the baresip harness (config, control, DTMF, recording).
describe('baresip harness (self-check, no demo)', () => {
  let dir: string | undefined;
  let caller: Baresip | undefined;
  let callee: Baresip | undefined;

  beforeAll(async () => {
    dir = await makeTempDir('baresip-pair');
  });
  afterEach(async () => {
    await caller?.stop();
    await callee?.stop();
    caller = callee = undefined;
  });
  afterAll(async () => {
    await removeTempDir(dir);
  });

  it('calls, sends RFC 4733 keys, hangs up, and records what each side heard', async () => {
    const quiet = join(dir!, 'quiet.wav');
    const tone = join(dir!, 'tone.wav');
    await makeToneWav(quiet, { seconds: 10, hz: 300, volume: 0.05 });
    await makeToneWav(tone, { seconds: 10, hz: 440, volume: 0.3 });
    callee = await Baresip.start({ account: '<sip:callee@127.0.0.1>;regint=0;answermode=auto', audioSource: tone });
    caller = await Baresip.start({ account: '<sip:caller@127.0.0.1>;regint=0', audioSource: quiet });

    expect(await caller.control.command('dial', callee.uriFor('callee'))).toMatchObject({ ok: true });
    await caller.control.waitForEvent('CALL_ESTABLISHED', undefined, 10_000);
    await callee.control.waitForEvent('CALL_ESTABLISHED', undefined, 10_000);
    await sleep(2_500);
    expect(await caller.control.command('sndcode', '12#')).toMatchObject({ ok: true });
    await callee.control.waitForEvent('CALL_DTMF_START', (e) => e.param === '#', 5_000);
    const digits = callee.control.events.filter((e) => e.type === 'CALL_DTMF_START').map((e) => e.param);
    expect(digits).toEqual(['1', '2', '#']);

    await caller.control.command('hangup');
    await caller.control.waitForEvent('CALL_CLOSED', undefined, 5_000);
    await callee.control.waitForEvent('CALL_CLOSED', undefined, 5_000);

    const heardByCaller = await readWav(await caller.decodedRecording());
    expect(heardByCaller.sampleRate).toBe(8000);
    expect(wavDurationSeconds(heardByCaller)).toBeGreaterThan(2);
    // 440 Hz at 0.3 of full scale is −13.5 dBFS; G.711 keeps it within a dB
    expect(rmsDbfs(heardByCaller.samples)).toBeGreaterThan(-17);
    expect(audibleSeconds(heardByCaller)).toBeGreaterThan(2);
    const heardByCallee = await readWav(await callee.decodedRecording());
    expect(rmsDbfs(heardByCallee.samples)).toBeLessThan(-25);
    expect(rmsDbfs(heardByCallee.samples)).toBeGreaterThan(-35);
  });
});
