// Encode one 20 ms frame of a 1 kHz tone to PCMU and PCMA, decode it again, and show the error.
import { pathToFileURL } from 'node:url';
import { decodePCMA, decodePCMU, encodeG711, encodePCMA, encodePCMU, G711Law } from '@voip/codecs-g711';

/** Runs the example and returns what it printed, for the test that runs it. */
export function main(): { pcmu: Uint8Array; pcma: Uint8Array; maxError: number } {
  const pcm = new Int16Array(160); // 20 ms at 8 kHz
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / 8000));

  const pcmu = encodePCMU(pcm); // 160 bytes, RTP payload type 0
  const pcma = encodePCMA(pcm); // 160 bytes, RTP payload type 8

  // Reuse buffers on a hot path: nothing is allocated.
  const payload = new Uint8Array(160);
  const decoded = new Int16Array(160);
  encodeG711(G711Law.PCMU, pcm, payload);
  decodePCMU(payload, decoded);

  let maxError = 0;
  for (let i = 0; i < pcm.length; i++) maxError = Math.max(maxError, Math.abs(decoded[i]! - pcm[i]!));
  console.log(`PCMU ${Buffer.from(pcmu.subarray(0, 8)).toString('hex')}…  PCMA ${Buffer.from(pcma.subarray(0, 8)).toString('hex')}…`);
  console.log(`max error after PCMU round trip: ${maxError}; PCMA first sample back: ${decodePCMA(pcma)[0]}`);
  return { pcmu, pcma, maxError };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
