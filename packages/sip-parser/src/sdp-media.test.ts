import { corpusBytes } from '@voip/testkit';
import { describe, expect, it } from 'vitest';
import { parseSDP } from './sdp.js';
import { sdpDirection, sdpRtpMaps } from './sdp-media.js';

const sdpOf = (file: string) => {
  const bytes = corpusBytes(file);
  return parseSDP(bytes.subarray(bytes.indexOf('\r\n\r\n') + 4));
};

describe('sdpRtpMaps', () => {
  it('reads rtpmap and fmtp in format order, with static payload types from RFC 3551', () => {
    const sd = parseSDP(
      'v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nm=audio 4000 RTP/AVP 8 0 101 18 96 webrtc\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=fmtp:18 annexb=no\r\na=rtpmap:96 opus/48000/2\r\n',
    );
    expect(sdpRtpMaps(sd.media[0]!)).toEqual([
      { payloadType: 8, encoding: 'PCMA', clockRate: 8000 },
      { payloadType: 0, encoding: 'PCMU', clockRate: 8000 },
      { payloadType: 101, encoding: 'telephone-event', clockRate: 8000, fmtp: '0-16' },
      { payloadType: 18, encoding: 'G729', clockRate: 8000, fmtp: 'annexb=no' },
      { payloadType: 96, encoding: 'opus', clockRate: 48000, channels: 2 },
    ]);
  });

  it('skips dynamic payload types that have no rtpmap', () => {
    const sd = parseSDP('v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nm=audio 4000 RTP/AVP 0 97\r\n');
    expect(sdpRtpMaps(sd.media[0]!).map((r) => r.payloadType)).toEqual([0]);
  });

  it('keeps the case of real-world encodings (Nero sends lower case)', () => {
    const maps = sdpRtpMaps(sdpOf('sip-real/invite-sdp-nero.sip').media[0]!);
    expect(maps.some((r) => r.encoding === r.encoding.toLowerCase() && r.encoding.toUpperCase() === 'PCMU')).toBe(true);
  });

  it('reads a channel count (Cirpack 183)', () => {
    const maps = sdpRtpMaps(sdpOf('sip-real/183-early-media-sdp-cirpack.sip').media[0]!);
    expect(maps.some((r) => r.channels !== undefined)).toBe(true);
  });
});

describe('sdpDirection', () => {
  it('prefers the media attribute, then the session one, then sendrecv; any case', () => {
    const sd = parseSDP('v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\na=recvonly\r\nm=audio 1 RTP/AVP 0\r\nm=audio 2 RTP/AVP 0\r\na=SendOnly\r\n');
    expect(sdpDirection(sd.media[0]!, sd)).toBe('recvonly');
    expect(sdpDirection(sd.media[1]!, sd)).toBe('sendonly');
    expect(sdpDirection(sd.media[0]!)).toBe('sendrecv');
  });

  it('reads a=SendRecv of the Clarent capture', () => {
    const sd = sdpOf('sip-real/invite-clarent-2via.sip');
    expect(sdpDirection(sd.media[0]!, sd)).toBe('sendrecv');
  });
});
