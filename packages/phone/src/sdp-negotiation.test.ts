import { corpusBytes, corpusJSON } from '@voip/testkit';
import { parseSDP, parseSIPMessage, serializeSDP } from '@voip/sip-parser';
import { describe, expect, it } from 'vitest';
import { NoCompatibleCodecError } from './errors.js';
import { answerOffer, buildOffer, readAnswer, type LocalMedia } from './sdp-negotiation.js';

interface IndexMedia { type: string; port: number; proto: string; fmts: string[]; dir: string; c: string }
interface Section { section: string; files: string[]; media_per_file: Record<string, IndexMedia[]> }

const local: LocalMedia = { host: '192.0.2.10', port: 40000, codecs: ['PCMU', 'PCMA'], sessionId: '42' };
const REVERSE: Record<string, string> = { sendrecv: 'sendrecv', sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive' };

const offers = corpusJSON<{ sections: Section[] }>('rfc4317/index.json').sections.flatMap((s) =>
  s.files.filter((f) => f.includes('offer')).map((file) => ({ file, media: s.media_per_file[file] ?? [] })),
);

describe('answerOffer over the RFC 4317 offers', () => {
  it.each(offers)('$file', ({ file, media }) => {
    const offer = parseSDP(corpusBytes(`rfc4317/${file}`));
    // the expectation, from the corpus index: the first audio stream over RTP/AVP with a port and PT 0 or 8
    const index = media.findIndex((m) => m.type === 'audio' && m.port !== 0 && m.proto === 'RTP/AVP' && m.fmts.some((f) => f === '0' || f === '8'));
    if (index < 0) {
      expect(() => answerOffer(offer, local)).toThrow(NoCompatibleCodecError);
      return;
    }
    const chosen = media[index] as IndexMedia;
    const firstG711 = chosen.fmts.find((f) => f === '0' || f === '8');
    const { answer, media: settled } = answerOffer(offer, local);
    expect(settled.codec).toBe(firstG711 === '0' ? 'PCMU' : 'PCMA');
    expect(settled.remotePort).toBe(chosen.port);
    expect(`IN IP4 ${settled.remoteHost}`).toBe(chosen.c);
    expect(settled.transmitType).toBe(REVERSE[chosen.dir]);
    // RFC 3264 §6: one answer stream per offered stream, the others refused with port 0
    expect(answer.media).toHaveLength(media.length);
    answer.media.forEach((m, i) => expect(m.port).toBe(i === index ? local.port : 0));
    expect(answer.media[index]?.formats[0]).toBe(firstG711);
    // the answer is valid SDP that reads back to the same choice
    expect(readAnswer(parseSDP(serializeSDP(answer)), local).codec).toBe(settled.codec);
  });
});

describe('answerOffer on real PBX offers', () => {
  it('takes PCMU and telephone-event from FreeSWITCH', () => {
    const invite = parseSIPMessage(corpusBytes('sip-real/invite-freeswitch.sip'));
    const { media, answer } = answerOffer(parseSDP(invite.body), local);
    expect(media.codec).toBe('PCMU');
    expect(media.payloadType).toBe(0);
    expect(media.dtmfPayloadType).toBeGreaterThanOrEqual(96);
    const text = serializeSDP(answer);
    expect(text).toContain(`a=rtpmap:${media.dtmfPayloadType} telephone-event/8000\r\n`);
    expect(text).toContain('m=audio 40000 RTP/AVP 0 ');
  });

  it('prefers the offerer order: PCMA first is answered with PCMA', () => {
    const offer = parseSDP(sdp(['m=audio 5004 RTP/AVP 8 0 101', 'a=rtpmap:101 telephone-event/8000']));
    expect(answerOffer(offer, local).media).toMatchObject({ codec: 'PCMA', payloadType: 8, dtmfPayloadType: 101, remotePort: 5004 });
  });

  it('finds G.711 under a dynamic payload type by its rtpmap', () => {
    const offer = parseSDP(sdp(['m=audio 5004 RTP/AVP 96', 'a=rtpmap:96 PCMA/8000']));
    expect(answerOffer(offer, local).media).toMatchObject({ codec: 'PCMA', payloadType: 96 });
    expect(answerOffer(offer, local).media.dtmfPayloadType).toBeUndefined();
  });

  it('refuses an offer without G.711', () => {
    const offer = parseSDP(sdp(['m=audio 5004 RTP/AVP 18', 'a=rtpmap:18 G729/8000']));
    expect(() => answerOffer(offer, local)).toThrow(/no audio stream with PCMU or PCMA.*G729|18/);
  });

  it.each([
    ['sendrecv', 'sendonly', 'sendonly'],
    ['sendonly', 'sendonly', 'inactive'],
    ['recvonly', 'sendrecv', 'sendonly'],
  ] as const)('answers a %s offer within our limit %s: %s', (offered, limit, expected) => {
    const offer = parseSDP(sdp(['m=audio 5004 RTP/AVP 0', `a=${offered}`]));
    const { answer, media } = answerOffer(offer, local, limit);
    expect(media.transmitType).toBe(expected);
    expect(serializeSDP(answer)).toContain(`a=${expected}\r\n`);
  });

  it('honours the codec list of the phone', () => {
    const offer = parseSDP(sdp(['m=audio 5004 RTP/AVP 0 8']));
    expect(answerOffer(offer, { ...local, codecs: ['PCMA'] }).media.codec).toBe('PCMA');
  });
});

describe('buildOffer', () => {
  it('offers the codecs in order, telephone-event, ptime and sendrecv, and reads its own answer', () => {
    const text = serializeSDP(buildOffer(local));
    expect(text).toMatch(/^v=0\r\no=- 42 42 IN IP4 192\.0\.2\.10\r\n/);
    expect(text).toContain('c=IN IP4 192.0.2.10\r\n');
    expect(text).toContain('m=audio 40000 RTP/AVP 0 8 101\r\n');
    expect(text).toContain('a=fmtp:101 0-16\r\n');
    expect(text).toContain('a=sendrecv\r\n');
    const { answer } = answerOffer(parseSDP(text), { ...local, port: 40002, codecs: ['PCMA'] });
    expect(readAnswer(answer, local)).toMatchObject({ codec: 'PCMA', payloadType: 8, dtmfPayloadType: 101, remotePort: 40002 });
  });
});

function sdp(mediaLines: string[]): string {
  return ['v=0', 'o=- 1 1 IN IP4 198.51.100.1', 's=-', 'c=IN IP4 198.51.100.1', 't=0 0', ...mediaLines, ''].join('\r\n');
}
