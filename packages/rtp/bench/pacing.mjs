// Pacing of RTPClient under load: 1, 100 and 500 concurrent 20 ms streams in this one process, on 127.0.0.1, with
// the real clock. Two figures per load, each the p50/p99 of |interval - 20 ms| over all streams:
// - send: the intervals between one stream's calls to socket.send, stamped in the sending process (dgram's send is
//   wrapped to record performance.now() per call into a preallocated array): the pacing itself;
// - arrival: the intervals between arrivals at one receiving socket in a worker thread (its own event loop, so the
//   other core), which also counts packets lost (sequence gaps). This adds the kernel's and the receiving thread's
//   delays, which no sender controls; it is the stricter figure.
// The senders' process does nothing but pace and send, as a media server would.
// Run after a build: `node bench/pacing.mjs [seconds]` (also run by `pnpm bench`).
import { Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { RTPClient } from '../dist/index.js';

const SECONDS = Number(process.argv[2] ?? 5);
const LOADS = [1, 100, 500];
const PTIME = 20;

// send intervals: every socket.send of the senders, stamped as it is called (RTCP is off, so each is an RTP packet)
const sendDevs = new Float64Array(LOADS.at(-1) * (SECONDS + 2) * (1000 / PTIME));
let sendCount = 0;
let sendRecording = false;
const LAST_SEND = Symbol('last send');
const dgramSend = Socket.prototype.send;
Socket.prototype.send = function send(buffer, offset, length, port, address, callback) {
  const now = performance.now();
  const last = this[LAST_SEND];
  if (sendRecording && last !== undefined && sendCount < sendDevs.length) sendDevs[sendCount++] = Math.abs(now - last - PTIME);
  this[LAST_SEND] = now;
  return dgramSend.call(this, buffer, offset, length, port, address, callback);
};

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
  // settle: sockets bound, JIT warm, and the garbage of starting 500 sessions collected (run with --expose-gc), so
  // that the figures show steady sending, not a start-up mark-compact
  await sleep(1500);
  globalThis.gc?.();
  await sleep(500);
  worker.postMessage('record');
  sendCount = 0;
  sendRecording = true;
  await sleep(SECONDS * 1000);
  sendRecording = false;
  const sent = percentiles(sendDevs.subarray(0, sendCount).sort());
  const done = next();
  worker.postMessage('stop');
  const result = await done;
  await Promise.all(clients.map((c) => c.stop()));
  await worker.terminate();
  return { streams, ...result, sendP50: sent.p50, sendP99: sent.p99, sendMax: sent.max };
}

function percentiles(sorted) {
  const pct = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);
  return { p50: pct(50), p99: pct(99), max: sorted[sorted.length - 1] };
}

console.log(`\npacing: ${SECONDS} s per load, ptime ${PTIME} ms; |interval - ${PTIME} ms| in ms, between send calls and between arrivals at a receiver in a worker thread\n`);
const col = (v, w = 9) => (typeof v === 'number' ? v.toFixed(3) : String(v)).padStart(w);
console.log(`${'streams'.padStart(8)}${'packets'.padStart(10)}${'lost'.padStart(7)}${col('send p50', 10)}${col('send p99', 10)}${col('send max', 10)}${col('arr p50', 10)}${col('arr p99', 10)}${col('arr max', 10)}`);
for (const streams of LOADS) {
  const r = await runLoad(streams);
  if (r.heard !== streams) console.log(`  (only ${r.heard} of ${streams} streams were heard)`);
  console.log(`${String(streams).padStart(8)}${String(r.received).padStart(10)}${String(r.lost).padStart(7)}${col(r.sendP50, 10)}${col(r.sendP99, 10)}${col(r.sendMax, 10)}${col(r.p50, 10)}${col(r.p99, 10)}${col(r.max, 10)}`);
}
