// Two RTP endpoints on loopback: Alice sends Bob a 440 Hz tone and the keys "12#"; Bob prints what arrives.
import { pathToFileURL } from 'node:url';
import { RTPClient } from '@voip/rtp';

/** Runs the example; returns the keys Bob received and the loudest sample he heard. */
export async function main(): Promise<{ digits: string; peak: number }> {
  const bob = new RTPClient({ localHost: '127.0.0.1', codec: 'PCMU', dtmfPayloadType: 101 });
  await bob.start(); // no remote yet: Bob latches onto the first sender
  const alice = new RTPClient({
    localHost: '127.0.0.1',
    remoteHost: '127.0.0.1',
    remotePort: bob.localPort,
    codec: 'PCMU',
    dtmfPayloadType: 101,
  });
  await alice.start();

  let digits = '';
  bob.on('dtmf', (digit) => (digits += digit));

  const tone = new Int16Array(8000 / 2); // half a second
  for (let i = 0; i < tone.length; i++) tone[i] = Math.round(10_000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
  alice.write(tone);

  let peak = 0;
  const listening = (async () => {
    for (let frames = 0; frames < 50; frames++) {
      const frame = await bob.read(); // 20 ms of decoded audio, in sequence order
      for (const sample of frame) peak = Math.max(peak, Math.abs(sample));
    }
  })();

  await alice.drained(); // the tone has been sent
  for (const key of '12#') await alice.sendDTMF(key); // RFC 4733 events, in place of audio packets
  await listening;
  console.log(`Bob heard a peak of ${peak} and the keys ${digits}`);
  console.log(alice.stats, bob.stats);

  await alice.stop();
  await bob.stop();
  return { digits, peak };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
