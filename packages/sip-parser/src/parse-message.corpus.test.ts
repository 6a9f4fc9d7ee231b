import { corpusBytes, corpusJSON } from '@voip/testkit';
import { describe, expect, it } from 'vitest';
import { SIPParseError, type SIPParseErrorCode } from './errors.js';
import { getHeader, getHeaders } from './headers.js';
import { parseSIPMessage } from './parse-message.js';
import { serializeSIPMessage } from './serialize-message.js';
import type { SIPMessage, SIPRequest, SIPResponse } from './sip-message.js';
import {
  getCallId,
  getContacts,
  getCSeq,
  getFrom,
  getMaxForwards,
  getRequestURI,
  getTo,
  getTopVia,
  getVias,
} from './typed-headers.js';

interface TortureCase {
  file: string;
  title: string;
  parser: 'accept' | 'reject' | 'reject-or-liberal-accept' | 'either' | 'tolerate';
  content_length_headers?: string[];
  body_octets_after_blank_line?: number;
}

const rfc4475 = corpusJSON<{ cases: TortureCase[] }>('rfc4475/index.json').cases;
const rfc5118 = corpusJSON<{ cases: TortureCase[] }>('rfc5118/index.json').cases;
const real = corpusJSON<{ messages: { file: string; expect: string; content_length_matches: boolean }[] }>('sip-real/manifest.json').messages;

function thrown(fn: () => unknown): SIPParseError {
  try {
    fn();
  } catch (e) {
    if (SIPParseError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('expected a SIPParseError, but the message parsed');
}

function roundTrips(m: SIPMessage): void {
  const again = parseSIPMessage(serializeSIPMessage(m));
  expect(again).toEqual(m);
}

/** The code each rejected RFC 4475 message must fail with. */
const REJECT_CODES: Record<string, SIPParseErrorCode> = {
  'badinv01.dat': 'BAD_VIA',
  'clerr.dat': 'BODY_TOO_SHORT',
  'ncl.dat': 'BAD_CONTENT_LENGTH',
  'scalar02.dat': 'BAD_CSEQ',
  'scalarlg.dat': 'BAD_CSEQ',
  'quotbal.dat': 'BAD_NAME_ADDR',
  'ltgtruri.dat': 'BAD_URI',
  'lwsruri.dat': 'BAD_START_LINE',
  'badaspec.dat': 'BAD_URI',
  'baddn.dat': 'BAD_NAME_ADDR',
  'badvers.dat': 'BAD_VERSION',
  'mismatch01.dat': 'CSEQ_MISMATCH',
  'mismatch02.dat': 'CSEQ_MISMATCH',
  'bigcode.dat': 'BAD_STATUS',
  'test.dat': 'BAD_START_LINE',
  'insuf.dat': 'MISSING_HEADER',
  'multi01.dat': 'DUPLICATE_HEADER',
  'mcl01.dat': 'BAD_CONTENT_LENGTH',
};

describe('RFC 4475 torture messages', () => {
  it.each(rfc4475.filter((c) => c.parser === 'accept'))('accepts $file: $title', (c) => {
    const m = parseSIPMessage(corpusBytes(`rfc4475/${c.file}`));
    roundTrips(m);
    const declared = c.content_length_headers?.[0];
    expect(m.body.length).toBe(declared === undefined ? c.body_octets_after_blank_line : Number(declared));
    expect(getTopVia(m).protocol).toBe('SIP/2.0');
    expect(getCallId(m).length).toBeGreaterThan(0);
  });

  /** Rejected by validation when the header is read, not by the parser (the header is parsed lazily). */
  const REJECTED_ON_READ: Record<string, [(m: SIPMessage) => unknown, SIPParseErrorCode]> = {
    'regbadct.dat': [getContacts, 'BAD_NAME_ADDR'], // a registrar reads the Contact and answers 400
  };
  it.each(rfc4475.filter((c) => c.parser === 'reject' && !(c.file in REJECTED_ON_READ)))('rejects $file: $title', (c) => {
    const e = thrown(() => parseSIPMessage(corpusBytes(`rfc4475/${c.file}`)));
    expect(e.code).toBe(REJECT_CODES[c.file]);
    expect(e.message.length).toBeGreaterThan(0);
  });

  it.each(Object.entries(REJECTED_ON_READ))('rejects %s when the header is read', (file, [read, code]) => {
    const m = parseSIPMessage(corpusBytes(`rfc4475/${file}`));
    expect(thrown(() => read(m)).code).toBe(code);
  });

  it.each(rfc4475.filter((c) => c.parser === 'either'))('either rejects or reads $file: $title', (c) => {
    const e = thrown(() => parseSIPMessage(corpusBytes(`rfc4475/${c.file}`)));
    expect(e.code).toBe(REJECT_CODES[c.file]);
    // The start line and headers were readable, so a UA can still answer 400.
    expect(e.partial?.type).toBe('REQUEST');
  });

  it.each(rfc4475.filter((c) => c.parser === 'reject-or-liberal-accept'))('liberally accepts $file without re-emitting the malformed form', (c) => {
    const m = parseSIPMessage(corpusBytes(`rfc4475/${c.file}`)) as SIPRequest;
    roundTrips(m);
    const firstLine = serializeSIPMessage(m).toString('latin1').split('\r\n')[0]!;
    expect(firstLine).toBe(`${m.method} ${m.uri} SIP/2.0`);
  });

  it('wsinv: folding, odd spacing, escapes, repeated and comma-separated Via', () => {
    const m = parseSIPMessage(corpusBytes('rfc4475/wsinv.dat')) as SIPRequest;
    expect(m.method).toBe('INVITE');
    expect(getTo(m).params.tag).toBe('1918181833n');
    expect(getFrom(m).displayName).toBe('J Rosenberg \\"');
    expect(getFrom(m).params.tag).toBe('98asjd8');
    expect(getMaxForwards(m)).toBe(68);
    expect(getCSeq(m)).toEqual({ seq: 9, method: 'INVITE' });
    expect(getVias(m).map((v) => [v.transport, v.host, v.params.branch])).toEqual([
      ['UDP', '192.0.2.2', '390skdjuw'],
      ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
      ['UDP', '192.168.255.111', 'z9hG4bK30239'],
    ]);
    expect(getHeader(m, 'UnknownHeaderWithUnusualValue')).toBe(';;,,;;,;');
    expect(getHeader(m, 'NewFangledHeader')).toBe('newfangled value continued newfangled value');
    expect(getHeader(m, 'Subject')).toBe('');
    const [contact] = getContacts(m);
    expect(contact?.displayName).toBe('Quoted string ""');
    expect(contact?.params).toEqual({ newparam: 'newvalue', secondparam: null, q: '0.33' });
    expect(getRequestURI(m).params).toEqual({ unknownparam: null });
  });

  it('esc01 / escnull: escapes are resolved once', () => {
    const m = parseSIPMessage(corpusBytes('rfc4475/esc01.dat')) as SIPRequest;
    expect(getRequestURI(m).user).toBe('sips:user@example.com');
    expect(getTo(m).uri.user).toBe('user');
    expect(getFrom(m).uri.user).toBe('I have spaces');
    expect(getContacts(m)[0]?.uri.params).toEqual({ lr: null, name: 'value%41' });
    const n = parseSIPMessage(corpusBytes('rfc4475/escnull.dat'));
    expect(getTo(n).uri.user).toBe('null-\u0000-null');
    expect(getContacts(n).map((c) => c.uri.user)).toEqual(['\u0000', '\u0000\u0000']);
  });

  it('intmeth: unusual tokens in method, URI, display name and header name', () => {
    const m = parseSIPMessage(corpusBytes('rfc4475/intmeth.dat')) as SIPRequest;
    expect(m.method).toBe("!interesting-Method0123456789_*+`.%indeed'~");
    const uri = getRequestURI(m);
    expect(uri.user).toBe("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    expect(uri.password).toBe("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
    expect(getTo(m).displayName).toBe('BEL:\u0007 NUL:\u0000 DEL:\u007f');
    expect(getFrom(m).displayName).toBe("token1~` token2'+_ token3*%!.-");
    expect(getCallId(m)).toBe('intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{');
    expect(getHeaders(m, "extensionHeader-!.%*+_`'~")).toEqual(['\ufeff大停電']);
  });

  it('esc02, lwsdisp, semiuri, cparam01/02, regescrt: where parameters and escapes belong', () => {
    const esc02 = parseSIPMessage(corpusBytes('rfc4475/esc02.dat')) as SIPRequest;
    expect(esc02.method).toBe('RE%47IST%45R');
    expect(getFrom(esc02).displayName).toBe('%Z%45');
    // "C%6Fntact" is an unknown header: % is no escape in a header name.
    expect(getContacts(esc02)).toHaveLength(2);
    expect(getHeader(esc02, 'C%6Fntact')).toBe('<sip:alias2@host2.example.com>');
    expect(getFrom(parseSIPMessage(corpusBytes('rfc4475/lwsdisp.dat'))).displayName).toBe('caller');
    expect(getRequestURI(parseSIPMessage(corpusBytes('rfc4475/semiuri.dat')) as SIPRequest)).toMatchObject({ user: 'user;par=u@example.net', host: 'example.com' });
    const c1 = getContacts(parseSIPMessage(corpusBytes('rfc4475/cparam01.dat')))[0]!;
    expect([c1.params, c1.uri.params]).toEqual([{ unknownparam: null }, {}]);
    const c2 = getContacts(parseSIPMessage(corpusBytes('rfc4475/cparam02.dat')))[0]!;
    expect([c2.params, c2.uri.params]).toEqual([{}, { unknownparam: null }]);
    const rc = getContacts(parseSIPMessage(corpusBytes('rfc4475/regescrt.dat')))[0]!;
    expect(rc.uri.headers).toEqual({ Route: '<sip:sip.example.com>' });
  });

  it('dblreq: one message from a datagram with trailing octets', () => {
    const bytes = corpusBytes('rfc4475/dblreq.dat');
    const m = parseSIPMessage(bytes) as SIPRequest;
    expect(m.method).toBe('REGISTER');
    expect(m.body.length).toBe(0);
  });

  it('longreq: 34 Via lines in every spelling, long values', () => {
    const m = parseSIPMessage(corpusBytes('rfc4475/longreq.dat'));
    expect(getVias(m).length).toBe(getHeaders(m, 'via').length);
    expect(getVias(m).length).toBeGreaterThan(30);
    expect(getFrom(m).params.tag?.length).toBeGreaterThan(100);
  });

  it('responses: empty and unusual reasons, unknown schemes, zero Max-Forwards', () => {
    expect((parseSIPMessage(corpusBytes('rfc4475/noreason.dat')) as SIPResponse).reason).toBe('');
    const un = parseSIPMessage(corpusBytes('rfc4475/unreason.dat')) as SIPResponse;
    expect(un.status).toBe(200);
    expect(un.reason.startsWith('= 2**3 * 5**2 но')).toBe(true);
    expect(getRequestURI(parseSIPMessage(corpusBytes('rfc4475/unkscm.dat')) as SIPRequest)).toMatchObject({
      scheme: 'nobodyknowsthisscheme',
      opaque: 'totallyopaquecontent',
    });
    expect(getTo(parseSIPMessage(corpusBytes('rfc4475/unksm2.dat'))).uri).toMatchObject({ scheme: 'isbn', opaque: '2983792873' });
    expect(getMaxForwards(parseSIPMessage(corpusBytes('rfc4475/zeromf.dat')))).toBe(0);
    expect(getVias(parseSIPMessage(corpusBytes('rfc4475/transports.dat'))).map((v) => v.transport)).toEqual(['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP']);
  });

  it('mpart01: a binary body is kept byte for byte', () => {
    const bytes = corpusBytes('rfc4475/mpart01.dat');
    const m = parseSIPMessage(bytes);
    expect(Buffer.from(m.body).equals(bytes.subarray(bytes.length - m.body.length))).toBe(true);
    expect(m.body.includes(0)).toBe(true);
  });

  it('clerr and insuf keep a partial message to answer 400 from', () => {
    const clerr = thrown(() => parseSIPMessage(corpusBytes('rfc4475/clerr.dat')));
    expect(clerr.partial && getCallId(clerr.partial)).toBe('clerr.0ha0isndaksdjweiafasdk3');
    const insuf = thrown(() => parseSIPMessage(corpusBytes('rfc4475/insuf.dat')));
    expect(insuf.partial && getTopVia(insuf.partial).params.branch).toBe('z9hG4bKkdj.insuf');
  });
});

describe('RFC 5118 IPv6 torture messages', () => {
  /** Files whose Content-Length is larger than their CRLF body (see the corpus notes). */
  const longCL = new Set(['ipv6-in-sdp.sip']);
  it.each(rfc5118.filter((c) => c.parser !== 'reject' && !longCL.has(c.file)))('accepts $file: $title', (c) => {
    const m = parseSIPMessage(corpusBytes(`rfc5118/${c.file}`));
    roundTrips(m);
  });
  it.each(rfc5118.filter((c) => c.parser === 'reject'))('rejects $file: $title', (c) => {
    expect(thrown(() => parseSIPMessage(corpusBytes(`rfc5118/${c.file}`))).code).toBe('BAD_URI');
  });
  it('ipv6-in-sdp: Content-Length beyond the body is a framing error with a partial message', () => {
    const e = thrown(() => parseSIPMessage(corpusBytes('rfc5118/ipv6-in-sdp.sip')));
    expect(e.code).toBe('BODY_TOO_SHORT');
    expect(e.partial?.body.length).toBe(251);
  });
  it('reads IPv6 references, ports and received parameters', () => {
    const amb = getRequestURI(parseSIPMessage(corpusBytes('rfc5118/port-ambiguous.sip')) as SIPRequest);
    expect([amb.host, amb.port]).toEqual(['[2001:db8::10:5070]', undefined]);
    const unamb = getRequestURI(parseSIPMessage(corpusBytes('rfc5118/port-unambiguous.sip')) as SIPRequest);
    expect([unamb.host, unamb.port]).toEqual(['[2001:db8::10]', 5070]);
    expect(getTopVia(parseSIPMessage(corpusBytes('rfc5118/via-received-param-with-delim.sip'))).params.received).toBe('[2001:db8::9:255]');
    expect(getTopVia(parseSIPMessage(corpusBytes('rfc5118/via-received-param-no-delim.sip'))).params.received).toBe('2001:db8::9:255');
    const vias = getVias(parseSIPMessage(corpusBytes('rfc5118/mult-ip-in-header.sip')));
    expect(vias.map((v) => [v.host, v.port])).toEqual([
      ['[2001:db8::9:1]', 6050],
      ['192.0.2.1', undefined],
      ['[2001:db8::9:255]', undefined],
    ]);
    // RFC 5118 §4.10: tolerated, kept as written.
    expect(getTo(parseSIPMessage(corpusBytes('rfc5118/ipv6-bug-abnf-3-colons.sip'))).uri.host).toBe('[2001:db8:::192.0.2.1]');
  });
});

describe('real-world captures', () => {
  const framing = (f: string) => real.find((m) => m.file === f)!;
  it.each(real.filter((m) => m.expect.startsWith('valid')))('accepts $file', ({ file }) => {
    const m = parseSIPMessage(corpusBytes(`sip-real/${file}`));
    roundTrips(m);
    expect(framing(file).content_length_matches).toBe(true);
  });
  it.each(real.filter((m) => m.expect === 'invalid'))('rejects $file', ({ file }) => {
    expect(thrown(() => parseSIPMessage(corpusBytes(`sip-real/${file}`))).code).toBe('BAD_URI');
  });
  it.each(real.filter((m) => m.expect === 'invalid-framing'))('reports the framing error of $file', ({ file }) => {
    const e = thrown(() => parseSIPMessage(corpusBytes(`sip-real/${file}`)));
    expect(e.code).toBe('BODY_TOO_SHORT');
    expect(e.partial?.type).toBe('REQUEST');
  });
  it('a malformed P-Asserted-Identity fails only when read, with a typed error', async () => {
    const m = parseSIPMessage(corpusBytes('sip-real/invite-audiocodes-unbalanced-pai.sip')) as SIPRequest;
    expect(getRequestURI(m).user).toBe('5753606;context=private');
    const { parseNameAddr } = await import('./name-addr.js');
    expect(() => parseNameAddr(getHeader(m, 'P-Asserted-Identity')!)).toThrow(SIPParseError);
  });
  it('compact headers and a lower-case header name', () => {
    const m = parseSIPMessage(corpusBytes('sip-real/invite-compact-audiocodes.sip'));
    expect(getVias(m)).toHaveLength(2);
    expect(getHeader(m, 'Content-Type')).toBe('application/sdp');
    const lower = parseSIPMessage(corpusBytes('sip-real/200-register-lowercase-header.sip'));
    expect(getCSeq(lower).method).toBe('REGISTER');
  });
});
