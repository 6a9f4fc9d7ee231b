// Call-handling benchmark for @voip/phone: two VoIPPhones on loopback.
// 1. sequential call setup + teardown (INVITE/180/200/ACK … BYE/200 with SDP and RTP sessions): calls/s and latency
// 2. many concurrent answered calls with audio flowing: heap and RSS per call
// No npm peer sets up real SIP+RTP calls in-process on Node (JsSIP and SIP.js need a WebSocket server and WebRTC),
// so this prints absolute figures, not ratios.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { VoIPPhone } from '../dist/index.js';

const SEQUENTIAL = 200;
const CONCURRENT = 100;

const callee = new VoIPPhone({ bindHost: '127.0.0.1', bindPort: 0, rtpPortLow: 40000, rtpPortHigh: 49999, maxCalls: 1000 });
const caller = new VoIPPhone({ bindHost: '127.0.0.1', bindPort: 0, rtpPortLow: 50000, rtpPortHigh: 59999, maxCalls: 1000 });
await Promise.all([callee.start(), caller.start()]);
callee.on('incomingCall', (call) => void call.answer().catch(() => undefined));
const target = `sip:bench@127.0.0.1:${callee.localAddress.port}`;

const latencies = [];
const t0 = performance.now();
for (let i = 0; i < SEQUENTIAL; i++) {
  const start = performance.now();
  const call = await caller.call(target);
  latencies.push(performance.now() - start);
  await call.hangup();
}
const elapsed = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(2);
console.log(`sequential: ${SEQUENTIAL} calls set up and torn down in ${elapsed.toFixed(2)} s = ${(SEQUENTIAL / elapsed).toFixed(0)} calls/s; setup p50 ${pct(50)} ms, p99 ${pct(99)} ms`);

await sleep(500);
globalThis.gc?.();
const before = process.memoryUsage();
const calls = await Promise.all(Array.from({ length: CONCURRENT }, () => caller.call(target)));
const tone = Int16Array.from({ length: 8000 }, (_, i) => 6000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
for (const call of calls) call.writeAudio(tone);
await sleep(1000);
globalThis.gc?.();
const during = process.memoryUsage();
const sent = caller.calls.reduce((n, c) => n + (c.rtp?.stats.packetsSent ?? 0), 0);
console.log(
  `concurrent: ${CONCURRENT} answered calls (both ends in this process, ${2 * CONCURRENT} RTP sessions), ${sent} packets sent in 1 s; ` +
    `heap +${((during.heapUsed - before.heapUsed) / 1024 / (2 * CONCURRENT)).toFixed(1)} KiB and RSS +${((during.rss - before.rss) / 1024 / (2 * CONCURRENT)).toFixed(1)} KiB per call leg`,
);
await Promise.all(calls.map((c) => c.hangup()));
await Promise.all([caller.stop(), callee.stop()]);
