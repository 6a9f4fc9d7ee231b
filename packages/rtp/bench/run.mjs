// Parse and serialize throughput of @voip/rtp against npm `rtp.js` and `werift-rtp`, on the same 172-octet PCMU packet.
// Run after a build: `pnpm bench` (node --expose-gc bench/run.mjs). Outputs are compared before anything is timed.
import { parseRTPPacket, serializeRTPPacket, serializeRTPPacketInto } from '../dist/index.js';

let rtpjs;
try {
  rtpjs = await import('rtp.js/packets');
} catch (e) {
  console.log(`rtp.js is not installed (${e.code ?? e.message}): timing @voip/rtp alone`);
}

let werift;
try {
  werift = await import('werift-rtp');
} catch (e) {
  console.log(`werift-rtp is not installed (${e.code ?? e.message}): leaving it out`);
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
if (werift) {
  const theirs = werift.RtpPacket.deSerialize(Buffer.from(wire));
  const h = theirs.header;
  const ours = parseRTPPacket(wire);
  const a = [ours.marker, ours.payloadType, ours.sequenceNumber, ours.timestamp, ours.ssrc, ours.payload.length].join();
  const b = [h.marker, h.payloadType, h.sequenceNumber, h.timestamp, h.ssrc, theirs.payload.length].join();
  if (a !== b) throw new Error(`parse differs: ours ${a}, werift-rtp ${b}`);
  if (!Buffer.from(theirs.serialize()).equals(Buffer.from(wire))) throw new Error('serialize differs from werift-rtp');
  console.log('check: parse reads the same fields as werift-rtp; serialize writes the same 172 octets');
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

const wireBuffer = Buffer.from(wire);
const weriftPacket = werift && werift.RtpPacket.deSerialize(Buffer.from(wire));

// werift-rtp has no serialize-into: its serialize() allocates a new Buffer each time, which is what it costs.
const cases = [
  ['parse + read fields', (_i) => { const p = parseRTPPacket(wire); sink += p.sequenceNumber + p.payload.length; },
    rtpjs && ((_i) => { const p = new rtpjs.RtpPacket(view); sink += p.getSequenceNumber() + p.getPayload().byteLength; }),
    werift && ((_i) => { const p = werift.RtpPacket.deSerialize(wireBuffer); sink += p.header.sequenceNumber + p.payload.length; })],
  ['serialize into a buffer', (i) => { mutable.sequenceNumber = i & 0xffff; sink += serializeRTPPacketInto(mutable, out, 0); },
    rtpjs && ((i) => { theirPacket.setSequenceNumber(i & 0xffff); theirPacket.serialize(outBuffers[i & 1], 0); sink += 1; }),
    werift && ((i) => { weriftPacket.header.sequenceNumber = i & 0xffff; sink += weriftPacket.serialize().length; })],
];

const fmt = (x) => (x === undefined ? '-' : Math.round(x).toLocaleString('en-US')).padStart(12);
const ratio = (a, b) => (b ? `x${(a / b).toFixed(1)}` : 'n/a').padStart(9);
console.log(`\npackets per second (higher is better)\n\n${'case'.padEnd(26)}${'@voip/rtp'.padStart(12)}${'rtp.js'.padStart(12)}${'werift-rtp'.padStart(12)}${'vs rtp.js'.padStart(10)}${'vs werift'.padStart(10)}`);
for (const [name, ours, theirs, weriftFn] of cases) {
  const a = opsPerSecond(ours);
  const b = theirs ? opsPerSecond(theirs) : undefined;
  const c = weriftFn ? opsPerSecond(weriftFn) : undefined;
  console.log(`${name.padEnd(26)}${fmt(a)}${fmt(b)}${fmt(c)} ${ratio(a, b)} ${ratio(a, c)}`);
}
if (sink === 0) console.log('(unreachable: keeps the work alive)');
