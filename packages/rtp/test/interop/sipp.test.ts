import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePCMA } from '@voip/codecs-g711';
import { corpusBytes, corpusDir, freePort, PeerProcess, withTimeout } from '@voip/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { RTPClient } from '../../src/index.js';
import { readPcapUDP } from '../pcap.js';
import { SIPResponder } from './sip-responder.js';

const PCAPS = join(corpusDir(), 'rtp', 'sipp-pcap');

/** A SIPp UAC: INVITE, ACK, then plays the G.711 A-law capture, the key 1 and the key # as RTP; then BYE. */
const SCENARIO = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="rtp interop: play pcaps">
  <send retrans="500"><![CDATA[
INVITE sip:rtp@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:rtp@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: sip:sipp@[local_ip]:[local_port]
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=- 1 1 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 8 101
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
]]></send>
  <recv response="200" rtd="true"/>
  <send><![CDATA[
ACK sip:rtp@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
[last_To:]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

]]></send>
  <nop><action><exec play_pcap_audio="g711a.pcap"/></action></nop>
  <pause milliseconds="7500"/>
  <nop><action><exec play_pcap_audio="dtmf_2833_1.pcap"/></action></nop>
  <pause milliseconds="1200"/>
  <nop><action><exec play_pcap_audio="dtmf_2833_pound.pcap"/></action></nop>
  <pause milliseconds="1200"/>
  <send retrans="500"><![CDATA[
BYE sip:rtp@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
[last_To:]
Call-ID: [call_id]
CSeq: 2 BYE
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200" crlf="true"/>
</scenario>
`;

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

describe('RTPClient against SIPp play_pcap_audio', () => {
  it('decodes the A-law capture sample for sample, and receives the keys 1 and # once each', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rtp-interop-sipp-'));
    stops.push(() => rm(dir, { recursive: true, force: true }));
    for (const f of ['g711a.pcap', 'dtmf_2833_1.pcap', 'dtmf_2833_pound.pcap']) await copyFile(join(PCAPS, f), join(dir, f));
    await writeFile(join(dir, 'uac.xml'), SCENARIO);

    const rtp = new RTPClient({ localHost: '127.0.0.1', codec: 'PCMA', dtmfPayloadType: 101, rtcp: false });
    stops.push(() => rtp.stop());
    await rtp.start(); // no remote: latches onto SIPp's media port
    const digits: string[] = [];
    rtp.on('dtmf', (d) => digits.push(d));
    const frames: Int16Array[] = [];
    const reading = (async () => {
      for (;;) frames.push(await rtp.read());
    })().catch(() => undefined);

    const sip = await SIPResponder.open({ rtpPort: rtp.localPort, payloadType: 8, encoding: 'PCMA', dtmfPayloadType: 101 });
    stops.push(() => sip.close());
    const [sipPort, mediaPort] = [await freePort(), await freePort()];
    const sipp = new PeerProcess('sipp', [`127.0.0.1:${sip.port}`, '-sf', 'uac.xml', '-i', '127.0.0.1', '-p', String(sipPort), '-mp', String(mediaPort), '-m', '1', '-nostdin', '-timeout', '30s', '-timeout_error', '-trace_err', '-error_file', join(dir, 'errors.log')], { cwd: dir });
    stops.push(() => sipp.stop());
    const code = await sipp.exited(40_000);
    expect(code, sipp.tail()).toBe(0);
    await withTimeout(sip.bye(), 1000, 'no BYE');
    await rtp.stop();
    await reading;

    expect(digits).toEqual(['1', '#']);
    expect(rtp.stats.dtmfReceived).toBe(2);
    // what SIPp played, decoded independently, in sequence order
    const audio = readPcapUDP(corpusBytes('rtp/sipp-pcap/g711a.pcap')).map((d) => d.payload.subarray(12));
    expect(rtp.stats.packetsReceived).toBeGreaterThanOrEqual(audio.length + 20);
    expect(rtp.stats.lost).toBe(0);
    expect(frames.length).toBe(audio.length);
    for (let i = 0; i < audio.length; i++) expect(frames[i], `frame ${i}`).toEqual(decodePCMA(audio[i]!));
  });
});
