// Two RTP endpoints on loopback: Alice sends Bob a WAV file and the keys "12#"; Bob records what he hears to a WAV.
// Run: node quickstart.js [in.wav] (8 kHz mono 16-bit PCM; without one, a half-second 440 Hz tone is used).
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RTPClient } from '@voip/rtp';

/** The samples of an 8 kHz mono 16-bit PCM WAV (its "data" chunk). */
function wavSamples(wav: Buffer): Int16Array {
  for (let o = 12; o + 8 <= wav.length; o += 8 + wav.readUInt32LE(o + 4)) {
    if (wav.toString('latin1', o, o + 4) === 'data') {
      const bytes = wav.subarray(o + 8, o + 8 + wav.readUInt32LE(o + 4));
      return new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.length & ~1)));
    }
  }
  throw new Error('no data chunk: not a WAV file');
}

/** An 8 kHz mono 16-bit PCM WAV file of `samples`. */
function wavFile(samples: Int16Array): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + samples.byteLength, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(samples.byteLength, 40);
  return Buffer.concat([header, Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength)]);
}

/** Runs the example; returns the keys Bob received, the loudest sample he heard, and where he saved it. */
export async function main(input?: string): Promise<{ digits: string; peak: number; heard: string }> {
  let audio: Int16Array;
  if (input) {
    audio = wavSamples(await readFile(input));
  } else {
    audio = new Int16Array(8000 / 2);
    for (let i = 0; i < audio.length; i++) audio[i] = Math.round(10_000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
  }

  const bob = new RTPClient({ localHost: '127.0.0.1', codec: 'PCMU', dtmfPayloadType: 101 });
  await bob.start(); // no remote yet: Bob latches onto the first sender
  const alice = new RTPClient({
    localHost: '127.0.0.1',
    remoteHost: '127.0.0.1',
    remotePort: bob.localPort, // RTCP goes to bob.localPort + 1
    codec: 'PCMU',
    dtmfPayloadType: 101,
  });
  await alice.start();

  let digits = '';
  bob.on('dtmf', (digit) => (digits += digit));
  const frames: Int16Array[] = [];
  const listening = (async () => {
    const packets = Math.ceil(audio.length / 160) + 10; // the audio, then silence while the keys go out
    for (let i = 0; i < packets; i++) frames.push(await bob.read()); // 20 ms frames, decoded, in sequence order
  })();

  alice.write(audio);
  await alice.drained(); // the audio has been sent
  for (const key of '12#') await alice.sendDTMF(key); // RFC 4733 events, in place of audio packets
  await listening;

  const heard = join(tmpdir(), 'bob-heard.wav');
  const all = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
  frames.reduce((o, f) => (all.set(f, o), o + f.length), 0);
  await writeFile(heard, wavFile(all));
  const peak = all.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  console.log(`Bob heard a peak of ${peak} and the keys ${digits}; saved to ${heard}`);
  console.log(alice.stats, bob.rtcpStats);

  await alice.stop(); // sends RTCP BYE
  await bob.stop();
  return { digits, peak, heard };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv[2]);
