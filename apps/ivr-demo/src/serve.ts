import { VoIPPhone } from '@voip/phone';
import { phoneOptions, type CLIOptions } from './cli-options.js';
import type { EventLog } from './event-log.js';
import { runIVR } from './ivr.js';
import { loadPrompts } from './prompts.js';

/**
 * Answer mode: listens for SIP (registering to `--server` when given) and runs the IVR on every call until
 * SIGINT/SIGTERM, then hangs up, deregisters and resolves.
 */
export async function serve(options: CLIOptions, log: EventLog): Promise<void> {
  const prompts = loadPrompts();
  const phone = new VoIPPhone(phoneOptions(options, '@voip/ivr-demo'));
  phone.on('error', (err) => log.log({ event: 'error', message: err.message }));
  await phone.start();
  log.log({ event: 'listening', ...phone.localAddress });
  if (options.server) log.log({ event: 'registered', server: options.server, user: options.user ?? '' });

  const stopped = new AbortController();
  const onSignal = (): void => stopped.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const active = new Set<Promise<void>>();
  const calls = (async () => {
    for await (const call of phone.incomingCalls({ signal: stopped.signal })) {
      call.on('dtmf', (digit) => log.log({ event: 'dtmf', callId: call.callId, digit }));
      call.once('ended', (reason) => log.log({ event: 'call-ended', callId: call.callId, reason, duration: round(call.duration) }));
      call.once('stateChange', () => {
        if (call.state === 'ANSWERED') log.log({ event: 'call-started', callId: call.callId, remote: call.remoteURI, codec: call.codec ?? '' });
      });
      const run = runIVR(call, prompts, log)
        .catch((err: Error) => log.log({ event: 'error', message: `call ${call.callId}: ${err.message}` }))
        .finally(() => active.delete(run));
      active.add(run);
    }
  })();
  await new Promise<void>((resolve) => stopped.signal.addEventListener('abort', () => resolve(), { once: true }));
  await phone.stop();
  await Promise.allSettled([calls, ...active]);
  if (options.server) log.log({ event: 'unregistered' });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

function round(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}
