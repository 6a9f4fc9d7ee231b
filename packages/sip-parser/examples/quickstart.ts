// Parse an incoming INVITE, read what a UA needs, answer it with 180 and a 200 carrying SDP.
import {
  SIPStatus,
  SIPStreamFramer,
  buildResponse,
  getCSeq,
  getFrom,
  getTopVia,
  parseSDP,
  parseSIPMessage,
  safeParseSIPMessage,
  sdpMediaAddress,
  sdpRtpMaps,
  serializeSDP,
  serializeSIPMessage,
  type SIPRequest,
} from '@voip/sip-parser';

const offer = ['v=0', 'o=alice 2890844526 2890844526 IN IP4 192.0.2.10', 's=-', 'c=IN IP4 192.0.2.10', 't=0 0', 'm=audio 49170 RTP/AVP 0 8 101', 'a=rtpmap:101 telephone-event/8000', ''].join('\r\n');
const datagram = Buffer.from(
  [
    'INVITE sip:bob@192.0.2.20 SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport',
    'Max-Forwards: 70',
    'From: "Alice" <sip:alice@atlanta.example.com>;tag=1928301774',
    'To: <sip:bob@biloxi.example.com>',
    'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
    'CSeq: 314159 INVITE',
    'Contact: <sip:alice@192.0.2.10:5060>',
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(offer)}`,
    '',
    offer,
  ].join('\r\n'),
);

const invite = parseSIPMessage(datagram) as SIPRequest;
console.log(`${invite.method} from ${getFrom(invite).displayName} (tag ${getFrom(invite).params.tag}), CSeq ${getCSeq(invite).seq}`);
console.log(`branch ${getTopVia(invite).params.branch}`);

const sdp = parseSDP(invite.body);
const audio = sdp.media[0]!;
console.log(`send RTP to ${sdpMediaAddress(audio, sdp)}:${audio.port} using ${sdpRtpMaps(audio).map((r) => r.encoding).join(', ')}`);

const ringing = buildResponse(invite, SIPStatus.RINGING, { toTag: 'a6c85cf' });
const answer = serializeSDP({ ...sdp, origin: { ...sdp.origin, username: 'bob', address: '192.0.2.20' }, connection: { netType: 'IN', addrType: 'IP4', address: '192.0.2.20' }, media: [{ ...audio, port: 3456, formats: ['0'], attributes: [{ name: 'sendrecv' }] }] });
const ok = buildResponse(invite, SIPStatus.OK, { toTag: 'a6c85cf', headers: [['Contact', '<sip:bob@192.0.2.20>'], ['Content-Type', 'application/sdp']], body: answer });
console.log(serializeSIPMessage(ringing).toString().split('\r\n')[0]);
console.log(serializeSIPMessage(ok).toString().split('\r\n')[0]);

// Malformed input never throws out of a receive loop: check `partial` to answer 400.
const bad = safeParseSIPMessage('INVITE sip:bob@192.0.2.20 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1\r\n\r\n');
if (!bad.ok) console.log(`${bad.error.code}; can answer 400: ${bad.error.partial !== undefined}`);

// On TCP/TLS, a SIPStreamFramer cuts the byte stream (any chunking) into messages and reports CRLF keep-alives.
const framer = new SIPStreamFramer();
const stream = Buffer.concat([Buffer.from('\r\n\r\n'), serializeSIPMessage(ringing), serializeSIPMessage(ok)]);
for (const chunk of [stream.subarray(0, 100), stream.subarray(100)]) {
  for (const event of framer.push(chunk)) {
    if (event.kind === 'message') console.log(`framed ${event.message.type === 'RESPONSE' ? event.message.status : event.message.method}`);
    else console.log(event.kind); // 'ping' (answer '\r\n'), 'pong', 'invalid' (answer 400), 'fatal' (close)
  }
}
