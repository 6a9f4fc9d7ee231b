// Pacing of RTPClient under load: 1, 100 and 500 concurrent 20 ms streams in this one process, on 127.0.0.1, with
// the real clock. Every stream sends to one receiving socket in a worker thread (its own event loop, so the other
// core): it stamps each datagram's arrival with performance.now() and reports, per load, the p50/p99 of
// |arrival interval - 20 ms| over all streams, and packets lost (sequence gaps). The senders' process does nothing
// but pace and send, as a media server would.
// Run after a build: `node bench/pacing.mjs [seconds]` (also run by `pnpm bench`).
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { RTPClient } from '../dist/index.js';

const SECONDS = Number(process.argv[2] ?? 5);
const LOADS = [1, 100, 500];
const PTIME = 20;

/** The receiver, run in a worker: binds, posts its port, records while told to, posts the figures on 'stop'. */
const RECEIVER = `
const { parentPort } = require('node:worker_threads');
const { createSocket } = require('node:dgram');
const { performance } = require('node:perf_hooks');
const PTIME = ${PTIME};
// deviations go into one preallocated array: growing arrays in the young generation would make every scavenge
// copy them, and those pauses (milliseconds at 500 streams) would show up as late arrivals
const devs = new Float64Array(${LOADS.at(-1)} * (${SECONDS} + 2) * (1000 / PTIME));
let n = 0;
const socket = createSocket({ type: 'udp4', recvBufferSize: 8 * 1024 * 1024 });
const bySsrc = new Map();
let recording = false;
socket.on('message', (msg) => {
  const now = performance.now();
  if (!recording || msg.length < 12 || msg[1] >= 192) return;
  const ssrc = msg.readUInt32BE(8);
  const seq = msg.readUInt16BE(2);
  let s = bySsrc.get(ssrc);
  if (!s) bySsrc.set(ssrc, (s = { last: -1, lastSeq: -1, received: 0, firstSeq: seq, maxExt: seq, cycles: 0 }));
  if (s.last >= 0 && n < devs.length) devs[n++] = Math.abs(now - s.last - PTIME);
  if (s.lastSeq >= 0 && seq < s.lastSeq && s.lastSeq - seq > 30000) s.cycles += 65536;
  s.maxExt = Math.max(s.maxExt, s.cycles + seq);
  s.last = now;
  s.lastSeq = seq;
  s.received++;
});
socket.bind(0, '127.0.0.1', () => parentPort.postMessage({ port: socket.address().port }));
parentPort.on('message', (m) => {
  if (m === 'record') recording = true;
  if (m !== 'stop') return;
  recording = false;
  const all = devs.subarray(0, n).sort();
  let lost = 0, received = 0;
  for (const s of bySsrc.values()) {
    lost += s.maxExt - s.firstSeq + 1 - s.received;
    received += s.received;
  }
  const pct = (p) => all.length ? all[Math.min(all.length - 1, Math.floor((p / 100) * all.length))] : NaN;
  socket.close(() => parentPort.postMessage({ heard: bySsrc.size, received, lost, p50: pct(50), p99: pct(99), max: all[all.length - 1] }));
});
`;

async function runLoad(streams) {
  const worker = new Worker(RECEIVER, { eval: true });
  const next = () => new Promise((resolve) => worker.once('message', resolve));
  const { port } = await next();
  const clients = [];
  for (let i = 0; i < streams; i++) {
    clients.push(new RTPClient({ localHost: '127.0.0.1', remoteHost: '127.0.0.1', remotePort: port, codec: 'PCMU', rtcp: false }));
  }
  await Promise.all(clients.map((c) => c.start()));
  await sleep(500); // settle: sockets bound, JIT warm
  worker.postMessage('record');
  await sleep(SECONDS * 1000);
  const done = next();
  worker.postMessage('stop');
  const result = await done;
  await Promise.all(clients.map((c) => c.stop()));
  await worker.terminate();
  return { streams, ...result };
}

console.log(`\npacing: ${SECONDS} s per load, ptime ${PTIME} ms, deviation of arrival intervals from ${PTIME} ms measured at a receiver in a worker thread\n`);
console.log(`${'streams'.padStart(8)}${'packets'.padStart(10)}${'lost'.padStart(7)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'max ms'.padStart(9)}`);
for (const streams of LOADS) {
  const r = await runLoad(streams);
  if (r.heard !== streams) console.log(`  (only ${r.heard} of ${streams} streams were heard)`);
  console.log(`${String(streams).padStart(8)}${String(r.received).padStart(10)}${String(r.lost).padStart(7)}${r.p50.toFixed(3).padStart(9)}${r.p99.toFixed(3).padStart(9)}${r.max.toFixed(3).padStart(9)}`);
}
