// Parse and serialize throughput of @voip/sip-parser against the npm parsers `sip`, `jssip` (its Parser module) and
// `drachtio-sip`, in one run, on a realistic mix of UDP messages (REGISTER, 401, INVITE with SDP, 100, 180, 200 with
// SDP, ACK, BYE, OPTIONS). Every peer must read the same Via branch, From/To tags, CSeq and Call-ID as we do from
// every message before it is timed. Run with `pnpm bench` (node --expose-gc bench/run.mjs, after `pnpm build`).
// BENCH_ROUNDS caps the messages per timed run (default 100 000; a slow peer runs fewer, about BENCH_SECONDS = 2 s
// worth, so the whole bench stays well under a minute); each figure is the best of BENCH_TRIALS (5) runs.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { getCallId, getCSeq, getFrom, getTo, getTopVia, parseSIPMessage, serializeSIPMessage } from '../dist/index.js';

const require = createRequire(import.meta.url);
const sip = require('sip');
const jssipParser = require('jssip/lib/Parser');
const DrachtioMessage = require('drachtio-sip').SipMessage;

const crlf = (lines) => Buffer.from(lines.join('\r\n'), 'utf8');
const sdp = [
  'v=0', 'o=alice 2890844526 2890844526 IN IP4 192.0.2.10', 's=-', 'c=IN IP4 192.0.2.10', 't=0 0',
  'm=audio 49170 RTP/AVP 0 8 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16', 'a=ptime:20', 'a=sendrecv', '',
].join('\r\n');
const common = (method, seq, toTag) => [
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport',
  'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK4b43c2ff8.1;received=192.0.2.1',
  'Max-Forwards: 70',
  'From: "Alice" <sip:alice@atlanta.example.com>;tag=1928301774',
  `To: <sip:bob@biloxi.example.com>${toTag ? ';tag=a6c85cf' : ''}`,
  'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
  `CSeq: ${seq} ${method}`,
  'Contact: <sip:alice@192.0.2.10:5060;transport=udp>',
  'User-Agent: bench/1.0',
];
const messages = [
  crlf(['REGISTER sip:atlanta.example.com SIP/2.0', ...common('REGISTER', 1, false), 'Expires: 3600', 'Content-Length: 0', '', '']),
  crlf(['SIP/2.0 401 Unauthorized', ...common('REGISTER', 1, true),
    'WWW-Authenticate: Digest realm="atlanta.example.com", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", qop="auth", algorithm=MD5',
    'Content-Length: 0', '', '']),
  crlf(['INVITE sip:bob@biloxi.example.com SIP/2.0', ...common('INVITE', 314159, false), 'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS',
    'Content-Type: application/sdp', `Content-Length: ${Buffer.byteLength(sdp)}`, '', sdp]),
  crlf(['SIP/2.0 100 Trying', ...common('INVITE', 314159, false), 'Content-Length: 0', '', '']),
  crlf(['SIP/2.0 180 Ringing', ...common('INVITE', 314159, true), 'Content-Length: 0', '', '']),
  crlf(['SIP/2.0 200 OK', ...common('INVITE', 314159, true), 'Content-Type: application/sdp', `Content-Length: ${Buffer.byteLength(sdp)}`, '', sdp]),
  crlf(['ACK sip:bob@192.0.2.20 SIP/2.0', ...common('ACK', 314159, true), 'Content-Length: 0', '', '']),
  crlf(['BYE sip:bob@192.0.2.20 SIP/2.0', ...common('BYE', 314160, true), 'Content-Length: 0', '', '']),
  crlf(['OPTIONS sip:bob@biloxi.example.com SIP/2.0', ...common('OPTIONS', 7, false), 'Accept: application/sdp', 'Content-Length: 0', '', '']),
];

// Each reader parses one datagram and returns the fields a UA reads first.
const readers = {
  '@voip/sip-parser': (b) => {
    const m = parseSIPMessage(b);
    const cseq = getCSeq(m);
    return { branch: getTopVia(m).params.branch, from: getFrom(m).params.tag, to: getTo(m).params.tag, seq: cseq.seq, method: cseq.method, callId: getCallId(m) };
  },
  'sip@0.0.6': (b) => {
    const m = sip.parse(b);
    const h = m.headers;
    return { branch: h.via[0].params.branch, from: h.from.params.tag, to: h.to.params.tag, seq: h.cseq.seq, method: h.cseq.method, callId: h['call-id'] };
  },
  'jssip Parser': (b) => {
    const m = jssipParser.parseMessage(b.toString('utf8'), undefined);
    return { branch: m.via_branch, from: m.from_tag, to: m.to_tag, seq: m.cseq, method: m.method ?? m.headers.Cseq?.[0]?.parsed?.method ?? m.cseq_method, callId: m.call_id };
  },
  'drachtio-sip': (b) => {
    const m = new DrachtioMessage(b.toString('utf8'));
    const cseq = m.getParsedHeader('cseq');
    return { branch: m.getParsedHeader('via')[0].params.branch, from: m.getParsedHeader('from').params.tag, to: m.getParsedHeader('to').params.tag, seq: cseq.seq, method: cseq.method, callId: m.get('call-id') };
  },
};

// jssip keeps no CSeq method on responses, and its requests' `method` is the request method: compare what it has.
const comparable = (name, f) => (name === 'jssip Parser' ? { ...f, method: undefined } : f);
for (const [name, read] of Object.entries(readers)) {
  for (const b of messages) {
    const want = JSON.stringify(comparable(name, readers['@voip/sip-parser'](b)));
    const got = JSON.stringify(comparable(name, read(b)));
    if (got !== want) throw new Error(`${name} read ${got} from "${b.toString('latin1', 0, 30)}…", expected ${want}`);
  }
}

const maxRounds = Number(process.env.BENCH_ROUNDS ?? 100_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 2);
const trials = Number(process.env.BENCH_TRIALS ?? 5);
let sink = 0;

function timeOnce(fn, rounds) {
  globalThis.gc?.();
  // a full collection frees the maps that the last run's garbage used, and V8 drops the optimized code that relied
  // on them (for every library alike): warm up again before timing
  for (let i = 0; i < 2000; i++) sink += fn(i) ? 1 : 0;
  const start = performance.now();
  for (let i = 0; i < rounds; i++) sink += fn(i) ? 1 : 0;
  return rounds / ((performance.now() - start) / 1000);
}

/**
 * Best of `trials` runs per case, the cases interleaved so that machine noise hits them alike. After a warm-up, a
 * first timed run sizes each case's runs: at most `maxRounds` messages, about `seconds` long.
 */
function race(title, cases) {
  for (const fn of Object.values(cases)) for (let i = 0; i < 5000; i++) fn(i);
  const rounds = {};
  for (const [k, fn] of Object.entries(cases)) rounds[k] = Math.max(5000, Math.min(maxRounds, Math.round(timeOnce(fn, 10_000) * seconds)));
  const best = Object.fromEntries(Object.keys(cases).map((k) => [k, 0]));
  for (let t = 0; t < trials; t++) for (const [k, fn] of Object.entries(cases)) best[k] = Math.max(best[k], timeOnce(fn, rounds[k]));
  console.log(`\n${title} (best of ${trials} runs of up to ${maxRounds.toLocaleString('en-US')} messages)`);
  const ours = best['@voip/sip-parser'];
  for (const [k, rate] of Object.entries(best)) {
    const ratio = k === '@voip/sip-parser' ? '' : `   ours ${(ours / rate).toFixed(2)}x`;
    console.log(`  ${k.padEnd(22)} ${Math.round(rate).toLocaleString('en-US').padStart(10)} msgs/s${ratio}`);
  }
  return best;
}

const pick = (i) => messages[i % messages.length];
const parse = race(
  'parse + read Via branch, From/To tags, CSeq, Call-ID',
  Object.fromEntries(Object.entries(readers).map(([k, read]) => [k, (i) => read(pick(i)).branch])),
);
const peers = Object.entries(parse).filter(([k]) => k !== '@voip/sip-parser');
const [fastest, fastestRate] = peers.reduce((a, b) => (b[1] > a[1] ? b : a));
console.log(`  vs the fastest peer (${fastest}): ${(parse['@voip/sip-parser'] / fastestRate).toFixed(2)}x`);

const ours = messages.map((b) => parseSIPMessage(b));
const theirs = messages.map((b) => sip.parse(b));
race('serialize a parsed message', {
  '@voip/sip-parser': (i) => serializeSIPMessage(ours[i % ours.length]).length,
  'sip@0.0.6': (i) => sip.stringify(theirs[i % theirs.length]).length,
});
if (sink === 0) console.log('');
