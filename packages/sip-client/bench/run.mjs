// In-process transaction throughput: how many complete non-INVITE and INVITE server/client exchanges per second
// the transaction machines handle with a no-op transport and a manual clock, without sockets; then the SIPp load
// bench of load.mjs. Run after `pnpm build`: `pnpm bench`.
import { performance } from 'node:perf_hooks';
import { buildRequest, buildResponse } from '@voip/sip-parser';
import {
  InviteClientTransaction,
  InviteServerTransaction,
  NonInviteClientTransaction,
  NonInviteServerTransaction,
  newBranch,
  transactionTimers,
} from '../dist/index.js';

/** A clock whose timers never fire: the bench only measures the machines. */
const clock = { now: () => 0, setTimer: () => ({}), clearTimer: () => undefined };
const timers = transactionTimers();
const io = { clock, timers, send: () => undefined };
const user = { onResponse: () => undefined, onError: () => undefined };

const request = (method) =>
  buildRequest({
    method,
    uri: 'sip:bob@127.0.0.1',
    headers: [
      ['Via', `SIP/2.0/UDP 127.0.0.1:5070;rport;branch=${newBranch()}`],
      ['From', '<sip:alice@127.0.0.1>;tag=a'],
      ['To', '<sip:bob@127.0.0.1>'],
      ['Call-ID', 'bench@127.0.0.1'],
      ['CSeq', `1 ${method}`],
    ],
  });
const options = request('OPTIONS');
const invite = request('INVITE');
const ok = buildResponse(options, 200, { toTag: 'b' });
const inviteOk = buildResponse(invite, 200, { toTag: 'b' });
const trying = buildResponse(invite, 100);

function bench(name, fn, ms = 1000) {
  for (let i = 0; i < 2000; i++) fn();
  globalThis.gc?.();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 500; i++) fn();
    n += 500;
  }
  const opsPerSec = n / ((performance.now() - start) / 1000);
  return { name, opsPerSec };
}

const results = [
  bench('NICT: start + 200', () => {
    const tx = new NonInviteClientTransaction(options, io, user);
    tx.handle({ type: 'start' });
    tx.handle({ type: 'response', response: ok });
  }),
  bench('NIST: start + 200 + retransmission', () => {
    const tx = new NonInviteServerTransaction(options, io);
    tx.handle({ type: 'start' });
    tx.handle({ type: 'respond', response: ok });
    tx.handle({ type: 'request', request: options });
  }),
  bench('ICT: start + 100 + 200', () => {
    const tx = new InviteClientTransaction(invite, io, user);
    tx.handle({ type: 'start' });
    tx.handle({ type: 'response', response: trying });
    tx.handle({ type: 'response', response: inviteOk });
  }),
  bench('IST: start (100) + 200', () => {
    const tx = new InviteServerTransaction(invite, io);
    tx.handle({ type: 'start' });
    tx.handle({ type: 'respond', response: inviteOk });
  }),
];

const base = results[0].opsPerSec;
for (const r of results) {
  console.log(`${r.name.padEnd(38)} ${Math.round(r.opsPerSec).toLocaleString('en-US').padStart(12)} ops/s   ${(r.opsPerSec / base).toFixed(2)}x NICT`);
}

// SIPp call load against a UAS on this package (skipped without sipp)
await import('./load.mjs');
