// Pacing of RTPClient under load: 1, 100 and 500 concurrent 20 ms streams in this one process, on 127.0.0.1, with
// the real clock. Every stream sends to one receiving socket; the receiver stamps each datagram's arrival
// (performance.now() in its 'message' handler, so the figure includes this process's event-loop delay) and
// reports, per load, the p50/p99 of |arrival interval - 20 ms| over all streams, and packets lost (sequence gaps).
// Run after a build: `node bench/pacing.mjs [seconds]` (also run by `pnpm bench`).
import { createSocket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { RTPClient } from '../dist/index.js';

const SECONDS = Number(process.argv[2] ?? 5);
const LOADS = [1, 100, 500];
const PTIME = 20;

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function openReceiver() {
  const socket = createSocket({ type: 'udp4', recvBufferSize: 8 * 1024 * 1024 });
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}

async function runLoad(streams) {
  const receiver = await openReceiver();
  const port = receiver.address().port;
  const bySsrc = new Map();
  let recording = false;
  receiver.on('message', (msg) => {
    const now = performance.now();
    if (!recording || msg.length < 12 || msg[1] >= 192) return; // RTP only (RTCP goes to port + 1 anyway)
    const ssrc = msg.readUInt32BE(8);
    const seq = msg.readUInt16BE(2);
    let s = bySsrc.get(ssrc);
    if (!s) bySsrc.set(ssrc, (s = { last: undefined, lastSeq: undefined, received: 0, firstSeq: seq, maxExt: seq, cycles: 0, deviations: [] }));
    if (s.last !== undefined) s.deviations.push(Math.abs(now - s.last - PTIME));
    if (s.lastSeq !== undefined && seq < s.lastSeq && s.lastSeq - seq > 30000) s.cycles += 65536;
    s.maxExt = Math.max(s.maxExt, s.cycles + seq);
    s.last = now;
    s.lastSeq = seq;
    s.received++;
  });
  const clients = [];
  for (let i = 0; i < streams; i++) {
    clients.push(new RTPClient({ localHost: '127.0.0.1', remoteHost: '127.0.0.1', remotePort: port, codec: 'PCMU', rtcp: false }));
  }
  await Promise.all(clients.map((c) => c.start()));
  await sleep(500); // settle: sockets bound, JIT warm
  recording = true;
  await sleep(SECONDS * 1000);
  recording = false;
  await Promise.all(clients.map((c) => c.stop()));
  await new Promise((resolve) => receiver.close(resolve));

  const all = [];
  let lost = 0;
  let received = 0;
  for (const s of bySsrc.values()) {
    for (const d of s.deviations) all.push(d);
    lost += s.maxExt - s.firstSeq + 1 - s.received;
    received += s.received;
  }
  all.sort((a, b) => a - b);
  return { streams, heard: bySsrc.size, received, lost, p50: percentile(all, 50), p99: percentile(all, 99), max: all[all.length - 1] };
}

console.log(`\npacing: ${SECONDS} s per load, ptime ${PTIME} ms, deviation of arrival intervals from ${PTIME} ms measured at the receiver (same process)\n`);
console.log(`${'streams'.padStart(8)}${'packets'.padStart(10)}${'lost'.padStart(7)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'max ms'.padStart(9)}`);
for (const streams of LOADS) {
  const r = await runLoad(streams);
  if (r.heard !== streams) console.log(`  (only ${r.heard} of ${streams} streams were heard)`);
  console.log(`${String(streams).padStart(8)}${String(r.received).padStart(10)}${String(r.lost).padStart(7)}${r.p50.toFixed(3).padStart(9)}${r.p99.toFixed(3).padStart(9)}${r.max.toFixed(3).padStart(9)}`);
}
