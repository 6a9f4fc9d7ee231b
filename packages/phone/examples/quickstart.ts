// Two softphones on loopback: "desk" answers, plays a beep and waits for a key; "caller" calls it, presses 5.
// Run: pnpm --filter @voip/phone build && node --experimental-strip-types examples/quickstart.ts  (or tsx)
import { CallState, VoIPPhone } from '@voip/phone';

export async function main(): Promise<string | undefined> {
  const desk = new VoIPPhone({ bindHost: '127.0.0.1', bindPort: 0 }); // add server/username/password for a PBX
  const caller = new VoIPPhone({ bindHost: '127.0.0.1', bindPort: 0 });
  await Promise.all([desk.start(), caller.start()]);

  const answering = (async () => {
    for await (const call of desk.incomingCalls()) {
      await call.answer();
      const beep = Int16Array.from({ length: 1600 }, (_, i) => 6000 * Math.sin((2 * Math.PI * 880 * i) / 8000));
      await call.play(beep); // 200 ms; pass { signal } to stop it when a key comes (barge-in)
      const digit = await call.getDTMF({ signal: AbortSignal.timeout(5_000) });
      await call.hangup();
      return digit;
    }
  })();

  const call = await caller.call(`sip:desk@127.0.0.1:${desk.localAddress.port}`);
  await call.sendDTMF('5');
  await call.waitFor(CallState.ENDED, { signal: AbortSignal.timeout(5_000) }); // desk hangs up
  const digit = await answering;
  console.log(`desk heard digit ${digit}; the call lasted ${call.duration.toFixed(2)} s`);
  await Promise.all([desk.stop(), caller.stop()]);
  return digit;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
