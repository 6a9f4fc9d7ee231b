import { corpusBytes, corpusJSON } from '@voip/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SIPBuildError, SIPParseError } from './errors.js';
import { parseSDP, serializeSDP, type SessionDescription } from './sdp.js';
import { sdpDirection, sdpMediaAddress } from './sdp-media.js';

interface Section {
  section: string;
  files: string[];
  media_per_file: Record<string, { c: string; dir: string; fmts: string[]; port: number; proto: string; type: string }[]>;
}
const sections = corpusJSON<{ sections: Section[] }>('rfc4317/index.json').sections;
const files = sections.flatMap((s) => s.files.map((file) => ({ file, media: s.media_per_file[file]! })));

describe('parseSDP / serializeSDP', () => {
  it.each(files)('RFC 4317 $file round-trips byte for byte and reads as the index says', ({ file, media }) => {
    const bytes = corpusBytes(`rfc4317/${file}`);
    const sd = parseSDP(bytes);
    expect(serializeSDP(sd)).toBe(bytes.toString('utf8'));
    expect(parseSDP(serializeSDP(sd))).toEqual(sd);
    expect(
      sd.media.map((m) => {
        const c = m.connection ?? sd.connection;
        return { c: c && `${c.netType} ${c.addrType} ${c.address}`, dir: sdpDirection(m, sd), fmts: m.formats, port: m.port, proto: m.protocol, type: m.media };
      }),
    ).toEqual(media);
  });

  const full = [
    'v=0',
    'o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1',
    's=Call to John Smith',
    'i=SDP Offer #1',
    'u=http://www.jdoe.example.com/home.html',
    'e=Jane Doe <jane@jdoe.example.com>',
    'p=+1 617 555-6011',
    'c=IN IP4 198.51.100.1',
    'b=AS:128',
    't=2873397496 2873404696',
    'r=7d 1h 0 25h',
    'z=2882844526 -1h 2898848070 0',
    'k=prompt',
    'a=recvonly',
    'a=x-unknown:some value',
    'm=audio 49170 RTP/AVP 0',
    'i=voice',
    'c=IN IP6 2001:db8::1',
    'b=AS:64',
    'k=clear:secret',
    'a=rtpmap:0 PCMU/8000',
    'm=video 51372/2 RTP/AVP 99 100',
    'a=rtpmap:99 h263-1998/90000',
    '',
  ].join('\r\n');

  it('reads every line type of RFC 8866 §5 and writes them back in order', () => {
    const sd = parseSDP(full);
    expect(sd).toMatchObject({
      version: 0,
      origin: { username: 'jdoe', sessionId: '3724394400', sessionVersion: '3724394405', netType: 'IN', addrType: 'IP4', address: '198.51.100.1' },
      sessionName: 'Call to John Smith',
      information: 'SDP Offer #1',
      uri: 'http://www.jdoe.example.com/home.html',
      emails: ['Jane Doe <jane@jdoe.example.com>'],
      phones: ['+1 617 555-6011'],
      bandwidths: ['AS:128'],
      times: [{ start: '2873397496', stop: '2873404696', repeats: ['7d 1h 0 25h'] }],
      timeZones: '2882844526 -1h 2898848070 0',
      key: 'prompt',
      attributes: [{ name: 'recvonly' }, { name: 'x-unknown', value: 'some value' }],
    });
    expect(sd.media[0]).toEqual({
      media: 'audio',
      port: 49170,
      protocol: 'RTP/AVP',
      formats: ['0'],
      information: 'voice',
      connection: { netType: 'IN', addrType: 'IP6', address: '2001:db8::1' },
      bandwidths: ['AS:64'],
      key: 'clear:secret',
      attributes: [{ name: 'rtpmap', value: '0 PCMU/8000' }],
    });
    expect(sd.media[1]?.portCount).toBe(2);
    expect(serializeSDP(sd)).toBe(full);
  });

  it('tolerates LF line ends, blank lines and attributes before t=', () => {
    const sd = parseSDP('v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\na=sendonly\n\nt=0 0\nm=audio 4000 RTP/AVP 8\n');
    expect(sd.attributes).toEqual([{ name: 'sendonly' }]);
    expect(sd.media[0]?.formats).toEqual(['8']);
    expect(serializeSDP(sd)).toBe('v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\na=sendonly\r\nm=audio 4000 RTP/AVP 8\r\n');
  });

  it('keeps an empty attribute value apart from a property attribute', () => {
    const sd = parseSDP('v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\na=x:\r\na=y\r\n');
    expect(sd.attributes).toEqual([{ name: 'x', value: '' }, { name: 'y' }]);
  });

  it.each([
    ['no v=', 'o=- 1 1 IN IP4 h\r\ns=-\r\n', 0],
    ['no o=', 'v=0\r\ns=-\r\n', 0],
    ['no s=', 'v=0\r\no=- 1 1 IN IP4 h\r\n', 0],
    ['a short o=', 'v=0\r\no=- 1 IN IP4 h\r\ns=-\r\n', 5],
    ['an unknown type', 'v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\ny=1\r\n', 28],
    ['a line without =', 'v=0\r\nbogus\r\n', 5],
    ['a bad port', 'v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nm=audio 99999 RTP/AVP 0\r\n', 28],
    ['r= before t=', 'v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nr=1d 0\r\n', 28],
    ['a hostile c= address', "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 '/**/OR/**/'1'--\r\n", 28],
  ])('refuses %s with BAD_SDP at the offending line', (_label, text, offset) => {
    const error = (() => {
      try {
        parseSDP(text);
      } catch (e) {
        return e;
      }
    })();
    expect(SIPParseError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'BAD_SDP', offset });
  });

  it('refuses the SQL-injection c= line of the scanner capture', () => {
    const bytes = corpusBytes('sip-real/invite-scanner-sqli-sdp.sip');
    const body = bytes.subarray(bytes.indexOf('\r\n\r\n') + 4);
    expect(() => parseSDP(body)).toThrow(expect.objectContaining({ code: 'BAD_SDP' }) as Error);
  });

  it('refuses to write a value with CR or LF', () => {
    const sd = parseSDP(full);
    expect(() => serializeSDP({ ...sd, sessionName: 'x\r\na=evil' })).toThrow(SIPBuildError);
    expect(() => serializeSDP({ ...sd, attributes: [{ name: 'a:b' }] })).toThrow(SIPBuildError);
  });

  const word = fc.stringMatching(/^[A-Za-z0-9.+_-]{1,12}$/);
  const text = fc.stringMatching(/^[!-~][ -~]{0,20}$/);
  const attr = fc.record({ name: word, value: fc.option(text, { nil: undefined }) }, { requiredKeys: ['name'] });
  const conn = fc.record({ netType: fc.constant('IN'), addrType: fc.constantFrom('IP4', 'IP6'), address: fc.constantFrom('192.0.2.1', '2001:db8::1', 'host.example.com') });
  const arbSDP: fc.Arbitrary<SessionDescription> = fc.record(
    {
      version: fc.constant(0),
      origin: fc.record({ username: word, sessionId: fc.stringMatching(/^\d{1,10}$/), sessionVersion: fc.stringMatching(/^\d{1,10}$/), netType: fc.constant('IN'), addrType: fc.constant('IP4'), address: word }),
      sessionName: text,
      information: text,
      emails: fc.array(text, { maxLength: 2 }),
      phones: fc.array(text, { maxLength: 2 }),
      connection: conn,
      bandwidths: fc.array(fc.constantFrom('AS:64', 'CT:128'), { maxLength: 2 }),
      times: fc.array(fc.record({ start: fc.stringMatching(/^\d{1,10}$/), stop: fc.stringMatching(/^\d{1,10}$/), repeats: fc.array(text, { maxLength: 1 }) }), { maxLength: 2 }),
      attributes: fc.array(attr, { maxLength: 4 }),
      media: fc.array(
        fc.record(
          {
            media: fc.constantFrom('audio', 'video', 'application'),
            port: fc.integer({ min: 0, max: 65535 }),
            portCount: fc.integer({ min: 1, max: 8 }),
            protocol: fc.constantFrom('RTP/AVP', 'RTP/SAVP', 'UDP/TLS/RTP/SAVPF'),
            formats: fc.array(fc.stringMatching(/^\d{1,3}$/), { maxLength: 5 }),
            information: text,
            connection: conn,
            bandwidths: fc.array(fc.constant('AS:64'), { maxLength: 1 }),
            attributes: fc.array(attr, { maxLength: 5 }),
          },
          { requiredKeys: ['media', 'port', 'protocol', 'formats', 'bandwidths', 'attributes'] },
        ),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: ['version', 'origin', 'sessionName', 'emails', 'phones', 'bandwidths', 'times', 'attributes', 'media'] },
  );

  it('parse(serialize(sd)) deep-equals sd for generated descriptions', () => {
    fc.assert(fc.property(arbSDP, (sd) => {
        expect(parseSDP(serializeSDP(sd))).toEqual(sd);
      }), { numRuns: 300 });
  });

  it('arbitrary text only ever fails with SIPParseError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        try {
          parseSDP(`v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\n${s}`);
        } catch (e) {
          expect(SIPParseError.isInstance(e)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('sdpMediaAddress takes the media c= first, else the session c=, without a TTL', () => {
    const sd = parseSDP('v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 224.2.1.1/127\r\nm=audio 1 RTP/AVP 0\r\nm=audio 2 RTP/AVP 0\r\nc=IN IP4 192.0.2.9\r\n');
    expect(sdpMediaAddress(sd.media[0]!, sd)).toBe('224.2.1.1');
    expect(sdpMediaAddress(sd.media[1]!, sd)).toBe('192.0.2.9');
    expect(sdpMediaAddress(sd.media[0]!, { ...sd, connection: undefined })).toBeUndefined();
  });
});
