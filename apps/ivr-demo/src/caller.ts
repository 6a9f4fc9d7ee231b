import { setTimeout as sleep } from 'node:timers/promises';
import { CallState, VoIPPhone } from '@voip/phone';
import { phoneOptions, type CLIOptions } from './cli-options.js';
import type { EventLog } from './event-log.js';
import { concat } from './tones.js';
import { rmsDbfs, writeWav } from './wav.js';

/**
 * Caller mode: places one call, presses the given keys, records what it hears and reports how much audio came
 * and how loud it was.
 * @returns the process exit code: 0 when the call was answered.
 */
export async function placeCall(options: CLIOptions, log: EventLog): Promise<number> {
  const phone = new VoIPPhone(phoneOptions(options, '@voip/ivr-demo caller'));
  phone.on('error', (err) => log.log({ event: 'error', message: err.message }));
  await phone.start();
  try {
    const call = await phone.call(options.callURI ?? 'sip:ivr@127.0.0.1:5060', { signal: AbortSignal.timeout(30_000) });
    log.log({ event: 'call-answered', callId: call.callId, remote: call.remoteURI, codec: call.codec ?? '' });
    const heard: Int16Array[] = [];
    const recording = (async () => {
      try {
        for (;;) heard.push(await call.readAudio());
      } catch {
        // the call ended
      }
    })();
    const ended = call.waitFor(CallState.ENDED).catch(() => undefined);
    const listening = sleep(options.listenSeconds * 1000);
    const pressing = (async () => {
      for (const key of options.keys) {
        await Promise.race([sleep(options.keyDelayMs), ended]);
        if (call.state !== CallState.ANSWERED) return;
        await call.sendDTMF(key);
      }
    })();
    await Promise.race([Promise.all([listening, pressing]), ended]);
    await call.hangup();
    await recording;
    const pcm = concat(heard);
    if (options.record) writeWav(options.record, pcm);
    log.log({
      event: 'heard',
      seconds: Math.round((pcm.length / 8000) * 100) / 100,
      rmsDbfs: Math.max(-120, Math.round(rmsDbfs(pcm) * 10) / 10), // digital silence reads -120, not -Infinity
      ...(options.record ? { file: options.record } : {}),
    });
    return 0;
  } catch (err) {
    log.log({ event: 'error', message: `call failed: ${(err as Error).message}` });
    return 1;
  } finally {
    await phone.stop();
  }
}
