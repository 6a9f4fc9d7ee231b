import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codesOf } from './chars.js';
import { SIPBuildError, SIPParseError } from './errors.js';
import { parseHostPort, parseURI, readURI as readURIIn, scanHostPort as scanHostPortIn, serializeURI, type SIPURI } from './uri.js';

/** readURI of `text[start, end)`. */
const readURI = (text: string, start: number, end: number) => readURIIn(text, codesOf(text), start, end);
/** scanHostPort of `text[start, end)`. */
const scanHostPort = (text: string, start: number, end: number, code: 'BAD_URI' | 'BAD_VIA') => scanHostPortIn(text, codesOf(text), start, end, code);

describe('parseURI', () => {
  it('reads every part of a sip URI', () => {
    expect(parseURI('sips:alice:secret@atlanta.com:5061;transport=tls;lr?subject=project%20x&priority=urgent')).toEqual({
      scheme: 'sips',
      user: 'alice',
      password: 'secret',
      host: 'atlanta.com',
      port: 5061,
      params: { transport: 'tls', lr: null },
      headers: { subject: 'project x', priority: 'urgent' },
    });
  });

  it('gives a URI without parameters one shared, frozen, empty params; one with parameters its own', () => {
    const a = parseURI('sip:alice@atlanta.example.com');
    const b = parseURI('sip:bob@biloxi.example.com:5070');
    expect(a.params).toEqual({});
    expect(a.params).toBe(b.params);
    expect(Object.isFrozen(a.params)).toBe(true);
    const c = parseURI('sip:carol@chicago.example.com;transport=tcp');
    expect(c.params).toEqual({ transport: 'tcp' });
    expect(Object.isFrozen(c.params)).toBe(false);
  });

  it('lower-cases the scheme and parameter names, keeps values', () => {
    expect(parseURI('SIP:bob@Biloxi.com;Transport=UDP')).toMatchObject({ scheme: 'sip', host: 'Biloxi.com', params: { transport: 'UDP' } });
  });

  it('reads IPv6 references without taking a port from inside the brackets (RFC 5118 §4.3)', () => {
    const amb = parseURI('sip:[2001:db8::10:5070]');
    expect([amb.host, amb.port]).toEqual(['[2001:db8::10:5070]', undefined]);
    expect(parseURI('sip:u@[2001:db8::10]:5070')).toMatchObject({ host: '[2001:db8::10]', port: 5070 });
  });

  it('reads tel and opaque schemes', () => {
    expect(parseURI('tel:+1-201-555-0123;phone-context=example.com')).toEqual({
      scheme: 'tel',
      user: '+1-201-555-0123',
      host: '',
      params: { 'phone-context': 'example.com' },
      headers: {},
    });
    expect(parseURI('urn:service:sos')).toEqual({ scheme: 'urn', host: '', params: {}, headers: {}, opaque: 'service:sos' });
  });

  it('resolves escapes once, as UTF-8, and keeps a % that starts no escape', () => {
    expect(parseURI('sip:%C3%A9t%C3%A9@h').user).toBe('été');
    expect(parseURI('sip:a%2541@h').user).toBe('a%41');
    expect(parseURI('sip:100%@h').user).toBe('100%');
  });

  it.each([
    ['sip:u:pw@h:5', { user: 'u', password: 'pw', host: 'h', port: 5 }],
    ['sip:h:5;x=a', { host: 'h', port: 5, params: { x: 'a' } }],
    ['sip:a;b=c?d@h', { user: 'a;b=c?d', host: 'h' }],
    ['sip:h;x', { host: 'h', params: { x: null } }],
  ])('tells a userinfo from a host and port in %j', (text, parts) => {
    expect(parseURI(text)).toMatchObject(parts);
  });

  it('keeps a parameter named __proto__ as data', () => {
    const uri = parseURI('sip:h;__proto__=x');
    expect(Object.getPrototypeOf(uri.params)).toBe(Object.prototype);
    expect(Object.keys(uri.params)).toEqual(['__proto__']);
  });

  it.each([
    ['', 0],
    ['<sip:a@b>', 0],
    ['sip', 3],
    ['sip:', 4],
    ['sip:a@b c', 7],
    ['sip:2001:db8::10', 9],
    ['sip:a@[::1', 6],
    ['sip:a@b:99999', 8],
    ['sip:a@b;;x', 8],
    ['sip:a@b?x', 8],
    ['sip:@b', 4],
    ['sip::pw@b', 4],
    ['sip:us er@b', 6],
    ['sip:u:p w@b', 7],
    ['sip:u:p@w@b', 9],
    ['sip:h:5;x=a@b', 7],
  ])('refuses %j with BAD_URI at %i', (text, offset) => {
    try {
      parseURI(text);
      expect.unreachable();
    } catch (e) {
      expect(SIPParseError.isInstance(e) && [e.code, e.offset]).toEqual(['BAD_URI', offset]);
    }
  });
});

describe('parseHostPort', () => {
  it('reads host and port of a range', () => {
    expect(parseHostPort('x 10.0.0.1:5060 y', 2, 15)).toEqual({ host: '10.0.0.1', port: 5060 });
  });

  it('scanHostPort stops where a hostport cannot go on', () => {
    expect([scanHostPort('h.example.com:5060;lr', 0, 21, 'BAD_URI'), scanHostPort('[::1]:5;x', 0, 9, 'BAD_URI'), scanHostPort('h x', 0, 3, 'BAD_URI')]).toEqual([18, 7, 1]);
  });
});

describe('readURI', () => {
  it('reads a range of a longer text, never past its end', () => {
    const text = '<sip:example.com;lr>;tag=a@b%41[x]';
    expect(readURI(text, 1, text.indexOf('>'))).toEqual({ scheme: 'sip', host: 'example.com', params: { lr: null }, headers: {} });
    expect(readURI('sip:h:5060 trailing', 0, 10)).toMatchObject({ host: 'h', port: 5060 });
  });

  it('reports errors at their index in the text', () => {
    try {
      readURI('To: sip:a@b c', 4, 13);
      expect.unreachable();
    } catch (e) {
      expect(SIPParseError.isInstance(e) && [e.code, e.offset]).toEqual(['BAD_URI', 11]);
    }
  });
});

describe('serializeURI', () => {
  it('escapes what a component may not carry', () => {
    expect(serializeURI({ scheme: 'sip', user: 'a b@c', host: 'h', params: { 'x y': 'v;w' }, headers: { Route: '<sip:x>' } })).toBe(
      'sip:a%20b%40c@h;x%20y=v%3Bw?Route=%3Csip:x%3E',
    );
  });

  it.each([
    [{ scheme: 'sip', host: 'bad host', params: {}, headers: {} }],
    [{ scheme: 'sip', host: 'h', port: 70000, params: {}, headers: {} }],
    [{ scheme: '1x', host: 'h', params: {}, headers: {} }],
    [{ scheme: 'tel', host: '', params: {}, headers: {} }],
    [{ scheme: 'urn', host: '', params: {}, headers: {}, opaque: 'a b' }],
  ])('refuses %j', (uri) => {
    expect(() => serializeURI(uri as SIPURI)).toThrow(SIPBuildError);
  });

  const text = fc.string({ unit: 'grapheme', maxLength: 12 });
  const arbURI: fc.Arbitrary<SIPURI> = fc.record(
    {
      scheme: fc.constantFrom('sip', 'sips'),
      user: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
      password: text,
      host: fc.oneof(fc.domain(), fc.ipV4(), fc.ipV6().map((a) => `[${a}]`)),
      port: fc.integer({ min: 0, max: 65535 }),
      params: fc.dictionary(fc.stringMatching(/^[a-z0-9-]{1,8}$/), fc.option(text, { nil: null })),
      headers: fc.dictionary(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }), text),
    },
    { requiredKeys: ['scheme', 'host', 'params', 'headers'] },
  ).filter((u) => u.user !== undefined || u.password === undefined);

  it('parseURI(serializeURI(u)) deep-equals u', () => {
    fc.assert(
      fc.property(arbURI, (u) => {
        expect(parseURI(serializeURI(u))).toEqual(u);
      }),
      { numRuns: 500 },
    );
  });
});
