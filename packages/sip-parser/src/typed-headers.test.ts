import { describe, expect, it } from 'vitest';
import { buildRequest } from './build-message.js';
import { SIPParseError } from './errors.js';
import { withHeader } from './headers.js';
import { parseSIPMessage } from './parse-message.js';
import type { SIPRequest } from './sip-message.js';
import {
  getCallId,
  getContacts,
  getContentType,
  getCSeq,
  getExpires,
  getFrom,
  getMaxForwards,
  getRecordRoutes,
  getRequestURI,
  getRoutes,
  getTo,
  getTopVia,
  getVias,
  isWildcardContact,
} from './typed-headers.js';

const base: [string, string][] = [
  ['Via', 'SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds'],
  ['From', 'Alice <sip:alice@atlanta.com>;tag=1928301774'],
  ['To', 'Bob <sip:bob@biloxi.com>'],
  ['Call-ID', 'a84b4c76e66710@pc33.atlanta.com'],
  ['CSeq', '314159 INVITE'],
  ['Contact', '<sip:alice@pc33.atlanta.com>;expires=60, <sip:alice@192.0.2.4>'],
  ['Record-Route', '<sip:p2.example.com;lr>, <sip:p1.example.com;lr>'],
  ['Route', '<sip:p1.example.com;lr>'],
  ['Max-Forwards', '0070'],
  ['Expires', '99999999999'],
  ['Content-Type', 'application/sdp'],
];
const req = buildRequest({ method: 'INVITE', uri: 'sip:bob@biloxi.com;transport=udp', headers: base });

describe('typed reads', () => {
  it('read every typed header of a built (never parsed) message', () => {
    expect(getTopVia(req)).toMatchObject({ transport: 'UDP', host: 'pc33.atlanta.com', params: { branch: 'z9hG4bK776asdhds' } });
    expect(getFrom(req)).toMatchObject({ displayName: 'Alice', params: { tag: '1928301774' } });
    expect(getTo(req).params.tag).toBeUndefined();
    expect(getCallId(req)).toBe('a84b4c76e66710@pc33.atlanta.com');
    expect(getCSeq(req)).toEqual({ seq: 314159, method: 'INVITE' });
    expect(getContacts(req).map((c) => [c.uri.host, c.params.expires])).toEqual([
      ['pc33.atlanta.com', '60'],
      ['192.0.2.4', undefined],
    ]);
    expect(getRecordRoutes(req).map((r) => r.uri.host)).toEqual(['p2.example.com', 'p1.example.com']);
    expect(getRoutes(req)[0]?.uri.params).toEqual({ lr: null });
    expect(getMaxForwards(req)).toBe(70);
    expect(getExpires(req)).toBe(0xffffffff);
    expect(getContentType(req)).toBe('application/sdp');
    expect(getRequestURI(req).params).toEqual({ transport: 'udp' });
  });

  it('caches per message object: the same value twice, a fresh one after a change', () => {
    expect(getVias(req)).toBe(getVias(req));
    const changed = withHeader(req, 'Via', 'SIP/2.0/TCP other.example.com;branch=z9hG4bKx');
    expect(getTopVia(changed).host).toBe('other.example.com');
    expect(getTopVia(req).host).toBe('pc33.atlanta.com');
  });

  it('works on frozen messages', () => {
    const frozen = Object.freeze({ ...req, headers: Object.freeze([...req.headers]) }) as SIPRequest;
    expect(getFrom(frozen).params.tag).toBe('1928301774');
    expect(getFrom(frozen)).toBe(getFrom(frozen));
  });

  it('absent optional headers read as undefined or []', () => {
    const bare = buildRequest({ method: 'OPTIONS', uri: 'sip:x', headers: base.slice(0, 5) });
    expect([getMaxForwards(bare), getExpires(bare), getContentType(bare), getContacts(bare), getRoutes(bare)]).toEqual([undefined, undefined, undefined, [], []]);
  });

  it('Contact * is the wildcard, not an address', () => {
    const m = withHeader(req, 'Contact', '*');
    expect([getContacts(m), isWildcardContact(m), isWildcardContact(req)]).toEqual([[], true, false]);
  });

  it('bad or missing values fail with SIPParseError codes', () => {
    expect(() => getMaxForwards(withHeader(req, 'Max-Forwards', '300'))).toThrow(expect.objectContaining({ code: 'BAD_NUMBER' }) as Error);
    expect(() => getMaxForwards(withHeader(req, 'Max-Forwards', '7a'))).toThrow(expect.objectContaining({ code: 'BAD_NUMBER' }) as Error);
    expect(() => getExpires(withHeader(req, 'Expires', ''))).toThrow(SIPParseError);
    expect(() => getTopVia(buildRequest({ method: 'X', uri: 'sip:x', headers: [] }))).toThrow(expect.objectContaining({ code: 'MISSING_HEADER' }) as Error);
    expect(() => getCallId(buildRequest({ method: 'X', uri: 'sip:x', headers: [] }))).toThrow(expect.objectContaining({ code: 'MISSING_HEADER' }) as Error);
    expect(() => getFrom(withHeader(req, 'From', '"open <sip:a@b>'))).toThrow(expect.objectContaining({ code: 'BAD_NAME_ADDR' }) as Error);
  });

  it('parsed messages come with their typed values already read', () => {
    const m = parseSIPMessage(
      'OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:f@h>;tag=9\r\nTo: <sip:t@h>\r\nCall-ID: x\r\nCSeq: 5 OPTIONS\r\n\r\n',
    );
    expect([getCSeq(m).seq, getFrom(m).params.tag, getContacts(m)]).toEqual([5, '9', []]);
  });
});

describe('lazy Vias', () => {
  it('parses with a bad second Via, reads the top one, and fails only when every Via is asked for', () => {
    const text = [
      'SIP/2.0 200 OK',
      'Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/UDP',
      'From: <sip:a@example.com>;tag=1',
      'To: <sip:b@example.com>;tag=2',
      'Call-ID: x',
      'CSeq: 1 OPTIONS',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    const m = parseSIPMessage(text);
    expect(getTopVia(m).params.branch).toBe('z9hG4bK1');
    expect(() => getVias(m)).toThrow(SIPParseError);
    const good = parseSIPMessage(text.replace(', SIP/2.0/UDP\r\n', ', SIP/2.0/TCP b.example.com:5061\r\n'));
    expect(getVias(good).map((v) => v.host)).toEqual(['a.example.com', 'b.example.com']);
    expect(getVias(good)[0]).toBe(getTopVia(good));
  });
});
