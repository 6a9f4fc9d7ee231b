// Parse and serialize throughput of @voip/rtp against npm `rtp.js`, on the same 172-octet PCMU packet.
// Run after a build: `pnpm bench` (node --expose-gc bench/run.mjs). Outputs are compared before anything is timed.
import { parseRTPPacket, serializeRTPPacket, serializeRTPPacketInto } from '../dist/index.js';

let rtpjs;
try {
  rtpjs = await import('rtp.js/packets');
} catch (e) {
  console.log(`rtp.js is not installed (${e.code ?? e.message}): timing @voip/rtp alone`);
}

const packet = {
  padding: false, marker: true, payloadType: 0, sequenceNumber: 4660, timestamp: 0x89abcdef, ssrc: 0x12345678,
  csrcs: [], payload: new Uint8Array(160).fill(0xff),
};
const wire = serializeRTPPacket(packet);
const view = new DataView(wire.buffer, wire.byteOffset, wire.byteLength);

// Check: both read the same fields from the same bytes, and write the same bytes.
if (rtpjs) {
  const theirs = new rtpjs.RtpPacket(view);
  const ours = parseRTPPacket(wire);
  const fields = (p) => [p.marker, p.payloadType, p.sequenceNumber, p.timestamp, p.ssrc, p.payload.length].join();
  const theirFields = [theirs.getMarker(), theirs.getPayloadType(), theirs.getSequenceNumber(), theirs.getTimestamp(), theirs.getSsrc(), theirs.getPayload().byteLength].join();
  if (fields(ours) !== theirFields) throw new Error(`parse differs: ours ${fields(ours)}, rtp.js ${theirFields}`);
  const out = new ArrayBuffer(wire.length);
  theirs.setSequenceNumber(4661);
  theirs.serialize(out, 0);
  const mine = serializeRTPPacket({ ...packet, sequenceNumber: 4661 });
  if (!Buffer.from(out).equals(Buffer.from(mine))) throw new Error('serialize differs from rtp.js');
  console.log('check: parse reads the same fields as rtp.js; serialize writes the same 172 octets');
}

/** Operations per second of `fn(i)`, best of 5 runs of about 200 ms each. */
function opsPerSecond(fn) {
  for (let i = 0; i < 20_000; i++) fn(i);
  globalThis.gc?.();
  let best = 0;
  for (let run = 0; run < 5; run++) {
    let n = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0n;
    while (elapsed < 200_000_000n) {
      for (let i = 0; i < 1000; i++) fn(n++);
      elapsed = process.hrtime.bigint() - start;
    }
    best = Math.max(best, (n * 1e9) / Number(elapsed));
  }
  return best;
}

let sink = 0;
const out = new Uint8Array(wire.length);
const mutable = { ...packet };
// rtp.js adopts the buffer it serialized into and refuses to serialize over it again: alternate two.
const outBuffers = [new ArrayBuffer(wire.length), new ArrayBuffer(wire.length)];
const theirPacket = rtpjs && new rtpjs.RtpPacket(new DataView(wire.slice().buffer));

const cases = [
  ['parse + read fields', (_i) => { const p = parseRTPPacket(wire); sink += p.sequenceNumber + p.payload.length; },
    rtpjs && ((_i) => { const p = new rtpjs.RtpPacket(view); sink += p.getSequenceNumber() + p.getPayload().byteLength; })],
  ['serialize into a buffer', (i) => { mutable.sequenceNumber = i & 0xffff; sink += serializeRTPPacketInto(mutable, out, 0); },
    rtpjs && ((i) => { theirPacket.setSequenceNumber(i & 0xffff); theirPacket.serialize(outBuffers[i & 1], 0); sink += 1; })],
];

const fmt = (x) => Math.round(x).toLocaleString('en-US').padStart(12);
console.log(`\npackets per second (higher is better)\n\n${'case'.padEnd(26)}${'@voip/rtp'.padStart(12)}${'rtp.js'.padStart(12)}   ratio`);
for (const [name, ours, theirs] of cases) {
  const a = opsPerSecond(ours);
  const b = theirs ? opsPerSecond(theirs) : undefined;
  console.log(`${name.padEnd(26)}${fmt(a)}${b ? fmt(b) : '           -'}   ${b ? `x${(a / b).toFixed(1)}` : 'n/a'}`);
}
if (sink === 0) console.log('(unreachable: keeps the work alive)');
