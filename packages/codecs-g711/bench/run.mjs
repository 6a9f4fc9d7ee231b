// Throughput of @voip/codecs-g711 against the npm peers `alawmulaw` and `g711`, on the same 20 ms frames.
// Run after a build: `pnpm bench` (node --expose-gc bench/run.mjs). Outputs are compared before anything is timed.
import alawmulaw from 'alawmulaw';
import g711 from 'g711';
import { decodePCMA, decodePCMU, encodePCMA, encodePCMU } from '../dist/index.js';

const FRAME = 160; // 20 ms at 8 kHz
const FRAMES = 50; // one second of audio
const pcm = new Int16Array(FRAME * FRAMES);
let seed = 1;
for (let i = 0; i < pcm.length; i++) {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  pcm[i] = Math.round(12000 * Math.sin((2 * Math.PI * 440 * i) / 8000) + ((seed % 2001) - 1000));
}
const frames = Array.from({ length: FRAMES }, (_, f) => pcm.subarray(f * FRAME, (f + 1) * FRAME));
const all = new Int16Array(65536).map((_, i) => i - 32768);
const codes = Uint8Array.from({ length: 256 }, (_, i) => i);

/**
 * Decoding must agree exactly (else the bench stops). Encoding is reported: peers that round or negate differ by one
 * quantisation level at decision boundaries; anything further off is a peer error, counted and shown.
 */
function check(law, ourEnc, ourDec, name, peerEnc, peerDec) {
  const a = ourDec(codes);
  const b = peerDec(codes);
  for (let c = 0; c < 256; c++) if (a[c] !== b[c]) throw new Error(`${name} ${law}: decode of code ${c} is ${b[c]}, ours ${a[c]}`);
  const levels = [...new Set(a)].sort((x, y) => x - y);
  const rank = new Map(levels.map((v, i) => [v, i]));
  const ours = ourEnc(all);
  const theirs = peerEnc(all);
  let oneStep = 0;
  const wrong = [];
  for (let i = 0; i < all.length; i++) {
    if (ours[i] === theirs[i]) continue;
    if (Math.abs(rank.get(a[ours[i]]) - rank.get(a[theirs[i]])) <= 1) oneStep++;
    else wrong.push(i);
  }
  const first = wrong.length ? `; first: ${all[wrong[0]]} -> code ${theirs[wrong[0]]} (decodes to ${a[theirs[wrong[0]]]}), ours ${ours[wrong[0]]} (${a[ours[wrong[0]]]})` : '';
  console.log(
    `check ${name} ${law}: decode equal on 256 codes; encode one step off at ${oneStep} inputs, ` +
      `more than one step off (peer error) at ${wrong.length}${first}`,
  );
}

check('PCMU', encodePCMU, decodePCMU, 'alawmulaw', (x) => alawmulaw.mulaw.encode(x), (x) => alawmulaw.mulaw.decode(x));
check('PCMA', encodePCMA, decodePCMA, 'alawmulaw', (x) => alawmulaw.alaw.encode(x), (x) => alawmulaw.alaw.decode(x));
check('PCMU', encodePCMU, decodePCMU, 'g711', (x) => g711.ulawFromPCM(x), (x) => g711.ulawToPCM(x, 16));
check('PCMA', encodePCMA, decodePCMA, 'g711', (x) => g711.alawFromPCM(x), (x) => g711.alawToPCM(x, 16));

/** Frames per second for `fn(frameIndex)`, best of 5 runs of about 200 ms each. */
function opsPerSecond(fn) {
  for (let i = 0; i < 2000; i++) fn(i % FRAMES);
  globalThis.gc?.();
  let best = 0;
  for (let run = 0; run < 5; run++) {
    let n = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0n;
    while (elapsed < 200_000_000n) {
      for (let i = 0; i < 1000; i++) fn(n++ % FRAMES);
      elapsed = process.hrtime.bigint() - start;
    }
    best = Math.max(best, (n * 1e9) / Number(elapsed));
  }
  return best;
}

const outCodes = new Uint8Array(FRAME);
const outPcm = new Int16Array(FRAME);
const muFrames = frames.map((f) => encodePCMU(f));
const aFrames = frames.map((f) => encodePCMA(f));

const cases = [
  ['PCMU encode', (i) => encodePCMU(frames[i], outCodes), (i) => encodePCMU(frames[i]),
    { alawmulaw: (i) => alawmulaw.mulaw.encode(frames[i]), g711: (i) => g711.ulawFromPCM(frames[i]) }],
  ['PCMU decode', (i) => decodePCMU(muFrames[i], outPcm), (i) => decodePCMU(muFrames[i]),
    { alawmulaw: (i) => alawmulaw.mulaw.decode(muFrames[i]), g711: (i) => g711.ulawToPCM(muFrames[i], 16) }],
  ['PCMA encode', (i) => encodePCMA(frames[i], outCodes), (i) => encodePCMA(frames[i]),
    { alawmulaw: (i) => alawmulaw.alaw.encode(frames[i]), g711: (i) => g711.alawFromPCM(frames[i]) }],
  ['PCMA decode', (i) => decodePCMA(aFrames[i], outPcm), (i) => decodePCMA(aFrames[i]),
    { alawmulaw: (i) => alawmulaw.alaw.decode(aFrames[i]), g711: (i) => g711.alawToPCM(aFrames[i], 16) }],
];

const fmt = (x) => Math.round(x).toLocaleString('en-US').padStart(12);
console.log(`\n${FRAME}-sample frames per second (higher is better); ratio = ours (with out) / peer\n`);
console.log(`${'case'.padEnd(14)}${'ours+out'.padStart(12)}${'ours'.padStart(12)}${'alawmulaw'.padStart(12)}${'g711'.padStart(12)}   ratios`);
for (const [name, withOut, alloc, peers] of cases) {
  const a = opsPerSecond(withOut);
  const b = opsPerSecond(alloc);
  const p1 = opsPerSecond(peers.alawmulaw);
  const p2 = opsPerSecond(peers.g711);
  console.log(`${name.padEnd(14)}${fmt(a)}${fmt(b)}${fmt(p1)}${fmt(p2)}   x${(a / p1).toFixed(1)} vs alawmulaw, x${(a / p2).toFixed(1)} vs g711`);
}
