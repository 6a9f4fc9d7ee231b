// Call load against a UAS built on this package: SIPp's built-in `uac` scenario (INVITE, ACK, BYE; no media) on
// 127.0.0.1 at rising rates, a few seconds each; the UAS answers every INVITE 200 and accepts the BYE. Reports the
// highest rate with no failed call, and the heap per open dialog (calls held open with SIPp's -d). Needs `sipp`
// (Debian sip-tester); skipped without it. Run after `pnpm build` (part of `pnpm bench`, or alone:
// `node --expose-gc bench/load.mjs`). Rates and seconds: LOAD_RATES=200,500,1000 LOAD_SECONDS=3.
import { execFile, spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { SIPClient } from '../dist/index.js';

const RATES = (process.env.LOAD_RATES ?? '200,500,1000,2000').split(',').map(Number);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 3);
const HELD = Number(process.env.LOAD_HELD ?? 2000);
const ANSWER = 'v=0\r\no=uas 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n';

const hasSipp = await new Promise((resolve) => execFile('sipp', ['-v'], (error) => resolve(!error || error.code !== 'ENOENT')));
if (!hasSipp) {
  console.log('load: sipp not installed (apt-get install sip-tester); skipped');
} else {
  await main();
}

/** A UAS that answers everything at once; counts dialogs open now. */
async function startUAS() {
  // a transaction lives 64*T1 after it ends (Timers J, L): 1000 calls/s keep ~64 000 open
  const uas = new SIPClient({ host: '127.0.0.1', port: 0, username: 'uas', maxTransactions: 500_000 });
  await uas.start();
  const state = { open: 0, answered: 0 };
  uas.on('invite', (invite) => {
    state.answered++;
    invite.accept({ body: ANSWER }).then((dialog) => {
      if (dialog.state !== 'CONFIRMED') return;
      state.open++;
      dialog.once('terminated', () => state.open--);
    }, () => undefined);
  });
  return { uas, state };
}

/** Runs SIPp's uac scenario: `calls` calls at `rate` per second, each held `holdMs`; resolves with its counters. */
function sipp(port, rate, calls, holdMs, onSpawn) {
  return new Promise((resolve) => {
    const args = [`127.0.0.1:${port}`, '-sn', 'uac', '-s', 'uas', '-i', '127.0.0.1', '-p', '0', '-r', String(rate), '-m', String(calls),
      '-d', String(holdMs), '-l', String(Math.max(rate * 4, calls)), '-nostdin', '-timeout', '60s', '-timeout_error', '-max_socket', '1'];
    const child = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    onSpawn?.(child);
    child.on('exit', (code) => {
      const cumulative = (label) => Number(new RegExp(`${label}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`).exec(out)?.[1] ?? Number.NaN);
      resolve({ code, successful: cumulative('Successful call'), failed: cumulative('Failed call'), out });
    });
  });
}

async function main() {
  console.log(`\nload: SIPp uac -> SIPClient UAS on 127.0.0.1 (${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'})`);
  let best = 0;
  {
    const { uas } = await startUAS();
    for (const rate of RATES) {
      const calls = rate * SECONDS;
      const started = performance.now();
      const r = await sipp(uas.localAddress.port, rate, calls, 0);
      const seconds = (performance.now() - started) / 1000;
      const ok = r.code === 0 && r.failed === 0 && r.successful === calls;
      console.log(`load: ${String(rate).padStart(5)} calls/s offered, ${calls} calls: ${r.successful} ok, ${r.failed} failed, ${(r.successful / seconds).toFixed(0)} calls/s completed${ok ? '' : '  <- failures'}`);
      if (!ok) break;
      best = rate;
    }
    await uas.stop();
  }
  console.log(`load: highest rate with no failed call: ${best} calls/s (target 1000)`);

  // memory per open dialog: HELD calls answered and kept open (SIPp holds each for 30 s), heap before and after
  const { uas, state } = await startUAS();
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  let child;
  const done = sipp(uas.localAddress.port, 500, HELD, 30_000, (c) => (child = c));
  const deadline = performance.now() + 20_000;
  while (state.open < HELD && performance.now() < deadline) await sleep(100);
  globalThis.gc?.();
  const perDialog = (process.memoryUsage().heapUsed - before) / state.open;
  console.log(`load: ${state.open} open dialogs: ${(perDialog / 1024).toFixed(1)} KiB heap per dialog (with its ended INVITE transaction)`);
  child?.kill('SIGKILL');
  await done;
  await uas.stop();
}
