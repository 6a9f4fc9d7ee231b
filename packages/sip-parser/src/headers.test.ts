import { describe, expect, it } from 'vitest';
import { codesOf } from './chars.js';
import { SIPBuildError } from './errors.js';
import { getHeader, getHeaderList, getHeaders, listItemEnd, splitHeaderList, withAddedHeader, withBody, withHeader, withoutHeader } from './headers.js';
import { parseSIPMessage } from './parse-message.js';
import type { SIPRequest } from './sip-message.js';
import { getVias } from './typed-headers.js';

const text = [
  'INVITE sip:bob@example.com SIP/2.0',
  'v: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/UDP b.example.com;branch=z9hG4bK2',
  'Via: SIP/2.0/UDP c.example.com;branch=z9hG4bK3',
  'f: "Doe, John" <sip:john@example.com>;tag=1',
  'To: <sip:bob@example.com>',
  'i: c1',
  'CSeq: 1 INVITE',
  'm: "A, B" <sip:a@x>, <sip:b,c@y;p=1>',
  'Allow: INVITE, ACK,,BYE',
  'l: 0',
  '',
  '',
].join('\r\n');
const m = parseSIPMessage(text) as SIPRequest;

describe('header access', () => {
  it('matches names in any case and compact forms', () => {
    expect(getHeader(m, 'CALL-ID')).toBe('c1');
    expect(getHeader(m, 'i')).toBe('c1');
    expect(getHeader(m, 'from')).toBe('"Doe, John" <sip:john@example.com>;tag=1');
    expect(getHeader(m, 'X-Nope')).toBeUndefined();
  });

  it('getHeaders gives each line once, getHeaderList each comma element', () => {
    expect(getHeaders(m, 'Via')).toHaveLength(2);
    expect(getHeaderList(m, 'Via')).toHaveLength(3);
    expect(getHeaderList(m, 'Contact')).toEqual(['"A, B" <sip:a@x>', '<sip:b,c@y;p=1>']);
    expect(getHeaderList(m, 'Allow')).toEqual(['INVITE', 'ACK', 'BYE']);
  });

  it('splitHeaderList never throws on unclosed quotes or brackets', () => {
    expect(splitHeaderList('"Dave Horton<sip:1@h>, x')).toEqual(['"Dave Horton<sip:1@h>, x']);
    expect(splitHeaderList('<sip:a, b')).toEqual(['<sip:a, b']);
    expect(splitHeaderList('a\\, "b\\"," , c')).toEqual(['a\\', '"b\\","', 'c']);
  });
});

describe('updaters', () => {
  it('withHeader replaces every field of the name in place of the first one', () => {
    const n = withHeader(m, 'VIA', 'SIP/2.0/TCP z.example.com;branch=z9hG4bKz');
    expect(getHeaders(n, 'via')).toEqual(['SIP/2.0/TCP z.example.com;branch=z9hG4bKz']);
    expect(n.headers[0]?.name).toBe('VIA');
    expect(getVias(n)).toHaveLength(1);
    expect(getVias(m)).toHaveLength(3);
    expect(withHeader(m, 'Subject', 'hi').headers.at(-1)).toEqual({ name: 'Subject', value: 'hi' });
  });

  it('withAddedHeader puts the field first or last among its name', () => {
    const first = withAddedHeader(m, 'Via', 'SIP/2.0/UDP p.example.com;branch=z9hG4bKp', 'first');
    expect(getVias(first).map((v) => v.host)).toEqual(['p.example.com', 'a.example.com', 'b.example.com', 'c.example.com']);
    const last = withAddedHeader(m, 'Via', 'SIP/2.0/UDP q.example.com;branch=z9hG4bKq');
    expect(getVias(last).map((v) => v.host).at(-1)).toBe('q.example.com');
    expect(last.headers[2]?.value).toContain('q.example.com');
    expect(withAddedHeader(m, 'Route', '<sip:r>', 'first').headers[0]?.name).toBe('Route');
  });

  it('withoutHeader drops every field of the name, compact ones too', () => {
    expect(getHeaders(withoutHeader(m, 'Via'), 'v')).toEqual([]);
    expect(withoutHeader(m, 'Via').headers).toHaveLength(m.headers.length - 2);
  });

  it('withBody sets Content-Length and Content-Type', () => {
    const n = withBody(m, 'héllo', 'text/plain');
    expect([getHeader(n, 'Content-Length'), getHeader(n, 'c'), n.body.length]).toEqual(['6', 'text/plain', 6]);
    expect(m.body.length).toBe(0);
  });

  it('refuses names that are not tokens and values with CR/LF', () => {
    expect(() => withHeader(m, 'Bad Name', 'x')).toThrow(expect.objectContaining({ code: 'BAD_HEADER_NAME' }) as Error);
    expect(() => withAddedHeader(m, 'X', 'a\r\nVia: evil')).toThrow(SIPBuildError);
    expect(() => withBody(m, '', 'a\nb')).toThrow(SIPBuildError);
  });
});

describe('listItemEnd', () => {
  it('finds the comma that ends a list element, outside quotes and <>, within the range', () => {
    const s = '"a,\\"b" <sip:x,y>;p=1, next,';
    expect(listItemEnd(codesOf(s), 0, s.length)).toBe(s.indexOf(', next'));
    expect(listItemEnd(codesOf(s), 0, 5)).toBe(5);
    expect(listItemEnd(codesOf('<a,b'), 0, 4)).toBe(4);
    expect(listItemEnd(codesOf('a, b'), 0, 1)).toBe(1);
  });
});
