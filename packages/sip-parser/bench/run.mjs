// Parse throughput of @voip/sip-parser against the npm package `sip` on a realistic mix of UDP messages.
// Run with `pnpm bench` (node --expose-gc bench/run.mjs, after `pnpm build`). Prints msgs/s and the ratio.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { getCSeq, getFrom, getTopVia, parseSIPMessage, serializeSIPMessage } from '../dist/index.js';

const require = createRequire(import.meta.url);
const sip = require('sip');

const crlf = (lines) => Buffer.from(lines.join('\r\n'), 'utf8');
const sdp = [
  'v=0', 'o=alice 2890844526 2890844526 IN IP4 192.0.2.10', 's=-', 'c=IN IP4 192.0.2.10', 't=0 0',
  'm=audio 49170 RTP/AVP 0 8 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16', 'a=ptime:20', 'a=sendrecv', '',
].join('\r\n');
const common = (method, seq) => [
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport',
  'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK4b43c2ff8.1;received=192.0.2.1',
  'Max-Forwards: 70',
  'From: "Alice" <sip:alice@atlanta.example.com>;tag=1928301774',
  'To: <sip:bob@biloxi.example.com>',
  'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
  `CSeq: ${seq} ${method}`,
  'Contact: <sip:alice@192.0.2.10:5060;transport=udp>',
  'User-Agent: bench/1.0',
];
const messages = [
  crlf(['INVITE sip:bob@biloxi.example.com SIP/2.0', ...common('INVITE', 314159), 'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS',
    'Content-Type: application/sdp', `Content-Length: ${Buffer.byteLength(sdp)}`, '', sdp]),
  crlf(['SIP/2.0 100 Trying', ...common('INVITE', 314159), 'Content-Length: 0', '', '']),
  crlf(['SIP/2.0 180 Ringing', ...common('INVITE', 314159), 'Content-Length: 0', '', '']),
  crlf(['SIP/2.0 200 OK', ...common('INVITE', 314159), 'Content-Type: application/sdp', `Content-Length: ${Buffer.byteLength(sdp)}`, '', sdp]),
  crlf(['ACK sip:bob@192.0.2.20 SIP/2.0', ...common('ACK', 314159), 'Content-Length: 0', '', '']),
  crlf(['REGISTER sip:atlanta.example.com SIP/2.0', ...common('REGISTER', 2), 'Expires: 3600', 'Content-Length: 0', '', '']),
  crlf(['SIP/2.0 401 Unauthorized', ...common('REGISTER', 2),
    'WWW-Authenticate: Digest realm="atlanta.example.com", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", qop="auth", algorithm=MD5',
    'Content-Length: 0', '', '']),
  crlf(['BYE sip:bob@192.0.2.20 SIP/2.0', ...common('BYE', 314160), 'Content-Length: 0', '', '']),
];

function measure(label, fn, rounds) {
  for (let i = 0; i < 2000; i++) fn(messages[i % messages.length]);
  globalThis.gc?.();
  const start = performance.now();
  for (let i = 0; i < rounds; i++) fn(messages[i % messages.length]);
  const seconds = (performance.now() - start) / 1000;
  const rate = rounds / seconds;
  console.log(`${label.padEnd(44)} ${Math.round(rate).toLocaleString('en-US').padStart(12)} msgs/s`);
  return rate;
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 200_000);
let sink = 0;
const ours = measure('@voip/sip-parser parse + Via/From/CSeq', (b) => {
  const m = parseSIPMessage(b);
  sink += getTopVia(m).params.branch?.length ?? 0;
  sink += getFrom(m).params.tag?.length ?? 0;
  sink += getCSeq(m).seq;
}, rounds);
const theirs = measure('sip@0.0.6 parse (eager headers)', (b) => {
  const m = sip.parse(b);
  sink += m.headers.via[0].params.branch.length + (m.headers.from.params.tag?.length ?? 0) + m.headers.cseq.seq;
}, rounds);
console.log(`parse ratio: ${(ours / theirs).toFixed(2)}x`);

const parsedOurs = messages.map((b) => parseSIPMessage(b));
const parsedTheirs = messages.map((b) => sip.parse(b));
let k = 0;
const ourSer = measure('@voip/sip-parser serialize', () => { sink += serializeSIPMessage(parsedOurs[k++ % parsedOurs.length]).length; }, rounds);
const theirSer = measure('sip@0.0.6 stringify', () => { sink += sip.stringify(parsedTheirs[k++ % parsedTheirs.length]).length; }, rounds);
console.log(`serialize ratio: ${(ourSer / theirSer).toFixed(2)}x`);
if (sink === 0) console.log('');
