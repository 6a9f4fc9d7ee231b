import { CallState, type VoIPCall } from '@voip/phone';
import type { EventLog } from './event-log.js';
import type { Prompts } from './prompts.js';

/** How long the menu waits for a key after the prompt ends before playing it again. */
const MENU_WAIT_MS = 8_000;
/** After this many menu rounds without a key the demo says goodbye and hangs up. */
const MAX_SILENT_ROUNDS = 3;
/** The longest an echo test runs before going back to the menu. */
const ECHO_LIMIT_MS = 60_000;

/**
 * Runs the demo's IVR on one ringing call: answers it, plays the menu and acts on keys until someone hangs up.
 * Keys barge in: a digit pressed during a prompt stops it at once.
 *
 * Menu: 1 the time, 2 an echo test (any key ends it and counts as the next menu choice), # goodbye and hang up;
 * other keys replay the menu.
 */
export async function runIVR(call: VoIPCall, prompts: Prompts, log: EventLog): Promise<void> {
  await call.answer();
  let pending: string | undefined;
  let silentRounds = 0;
  while (call.state === CallState.ANSWERED) {
    const key = pending ?? (await playAndListen(call, prompts.menu, MENU_WAIT_MS));
    pending = undefined;
    if (call.state !== CallState.ANSWERED) return;
    if (key === undefined) {
      if (++silentRounds < MAX_SILENT_ROUNDS) continue;
      await call.play(prompts.goodbye).catch(() => undefined);
      return call.hangup();
    }
    silentRounds = 0;
    switch (key) {
      case '1':
        log.log({ event: 'menu', callId: call.callId, item: 'time' });
        pending = await playAndListen(call, prompts.time(new Date()), 0);
        break;
      case '2':
        log.log({ event: 'menu', callId: call.callId, item: 'echo' });
        pending = await echoTest(call, prompts);
        break;
      case '#':
        log.log({ event: 'menu', callId: call.callId, item: 'hangup' });
        await call.play(prompts.goodbye).catch(() => undefined);
        return call.hangup();
      default:
        log.log({ event: 'menu', callId: call.callId, item: 'replay' });
    }
  }
}

/**
 * Plays `audio` and returns the first key pressed while it plays (stopping it at once) or within `waitAfterMs`
 * after it ends; `undefined` when no key came or the call ended.
 */
async function playAndListen(call: VoIPCall, audio: Int16Array, waitAfterMs: number): Promise<string | undefined> {
  const listen = new AbortController();
  const stopPlaying = new AbortController();
  const key = call.getDTMF({ signal: listen.signal }).catch(() => undefined);
  const played = call.play(audio, { signal: stopPlaying.signal }).then(
    () => true,
    () => false,
  );
  const first = await Promise.race([key.then((k) => ({ k })), played.then(() => undefined)]);
  if (first) {
    stopPlaying.abort();
    await played;
    return first.k;
  }
  const timer = setTimeout(() => listen.abort(), waitAfterMs);
  try {
    return await key;
  } finally {
    clearTimeout(timer);
  }
}

/** Plays the echo prompt, then sends back what it hears until a key is pressed; returns that key. */
async function echoTest(call: VoIPCall, prompts: Prompts): Promise<string | undefined> {
  const early = await playAndListen(call, prompts.echo, 0);
  if (early !== undefined || call.state !== CallState.ANSWERED) return early;
  const stop = new AbortController();
  const limit = setTimeout(() => stop.abort(), ECHO_LIMIT_MS);
  const key = call.getDTMF({ signal: stop.signal }).catch(() => undefined);
  void key.then(() => stop.abort());
  try {
    while (!stop.signal.aborted) call.writeAudio(await call.readAudio({ signal: stop.signal }));
  } catch {
    // the key, the time limit or the end of the call stopped the echo
  } finally {
    clearTimeout(limit);
    if (call.state === CallState.ANSWERED) call.stopAudio();
  }
  return key;
}
