import { describe, expect, it } from 'vitest';
import { buildRequest } from './build-message.js';
import {
  contactExpires,
  contactQ,
  getAllow,
  getAuthCredentials,
  getEvent,
  getMediaType,
  getReferredBy,
  getReferTo,
  getReplaces,
  getRequire,
  getSupported,
  parseReplaces,
} from './extension-headers.js';
import { SIPParseError } from './errors.js';
import { getContacts } from './typed-headers.js';

const base: [string, string][] = [
  ['Via', 'SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds'],
  ['From', 'Alice <sip:alice@atlanta.com>;tag=1928301774'],
  ['To', 'Bob <sip:bob@biloxi.com>'],
  ['Call-ID', 'a84b4c76e66710@pc33.atlanta.com'],
];

function request(method: string, extra: [string, string][]) {
  return buildRequest({ method, uri: 'sip:bob@biloxi.com', headers: [...base, ['CSeq', `1 ${method}`], ...extra] });
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (SIPParseError.isInstance(e)) return e.code;
    throw e;
  }
  return 'parsed';
}

describe('token list headers', () => {
  it('reads Allow, Supported (compact k) and Require across lines and commas', () => {
    const m = request('INVITE', [['Allow', 'INVITE, ACK,CANCEL'], ['Allow', 'BYE'], ['k', 'replaces, timer'], ['Require', '100rel']]);
    expect(getAllow(m)).toEqual(['INVITE', 'ACK', 'CANCEL', 'BYE']);
    expect(getSupported(m)).toEqual(['replaces', 'timer']);
    expect(getRequire(m)).toEqual(['100rel']);
    expect(getRequire(request('INVITE', []))).toEqual([]);
  });
  it('refuses an element that is not a token', () => {
    expect(code(() => getSupported(request('INVITE', [['Supported', 'timer, "quoted"']])))).toBe('BAD_HEADER');
  });
});

describe('Event, Refer-To, Referred-By, Replaces', () => {
  it('reads the event package and its id (compact o)', () => {
    const e = getEvent(request('NOTIFY', [['o', 'refer;id=93809824']]));
    expect(e).toEqual({ value: 'refer', params: { id: '93809824' } });
    expect(getEvent(request('NOTIFY', []))).toBeUndefined();
    expect(code(() => getEvent(request('NOTIFY', [['Event', 'refer junk']])))).toBe('BAD_HEADER');
  });
  it('reads a Refer-To carrying an escaped Replaces, and Referred-By', () => {
    const m = request('REFER', [
      ['Refer-To', '<sip:carol@cleveland.example.org?Replaces=12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>'],
      ['b', '<sip:alice@atlanta.example.com>'],
    ]);
    const target = getReferTo(m)!;
    expect(target.uri.user).toBe('carol');
    const replaces = parseReplaces(target.uri.headers.Replaces!);
    expect(replaces).toMatchObject({ callId: '12345@192.168.118.3', toTag: '12345', fromTag: '5FFE-3994', earlyOnly: false });
    expect(getReferredBy(m)?.uri.host).toBe('atlanta.example.com');
  });
  it('reads Replaces with early-only and refuses one without tags', () => {
    const m = request('INVITE', [['Replaces', '425928@bobster.example.org;to-tag=7743;from-tag=6472;early-only']]);
    expect(getReplaces(m)).toEqual({
      callId: '425928@bobster.example.org',
      toTag: '7743',
      fromTag: '6472',
      earlyOnly: true,
      params: { 'to-tag': '7743', 'from-tag': '6472', 'early-only': null },
    });
    expect(code(() => getReplaces(request('INVITE', [['Replaces', 'abc;to-tag=1']])))).toBe('BAD_HEADER');
  });
});

describe('Authorization, Content-Type, Contact expires and q', () => {
  it('reads every Digest credential of Proxy-Authorization', () => {
    const m = request('INVITE', [
      ['Proxy-Authorization', 'Digest username="alice", realm="atlanta.com", nonce="wf84f1ceczx41ae6cbe5aea9c8e88d359", uri="sip:bob@biloxi.com", response="42ce3cef44b22f50c6a6071bc8", qop=auth, nc=00000001, cnonce="0a4f113b"'],
    ]);
    const [c] = getAuthCredentials(m, 'Proxy-Authorization');
    expect(c).toMatchObject({ username: 'alice', realm: 'atlanta.com', qop: 'auth', nc: '00000001', cnonce: '0a4f113b' });
    expect(getAuthCredentials(m, 'Authorization')).toEqual([]);
    expect(code(() => getAuthCredentials(request('INVITE', [['Authorization', 'Digest realm="x"']]), 'Authorization'))).toBe('BAD_AUTH');
  });
  it('splits Content-Type (compact c) into lower-case type, subtype and parameters', () => {
    expect(getMediaType(request('MESSAGE', [['c', 'Text/Plain;charset="UTF-8"']]))).toEqual({ type: 'text', subtype: 'plain', params: { charset: '"UTF-8"' } });
    expect(getMediaType(request('MESSAGE', []))).toBeUndefined();
    expect(code(() => getMediaType(request('MESSAGE', [['Content-Type', 'application']])))).toBe('BAD_HEADER');
  });
  it('reads a Contact expires parameter, else the Expires header, and q-values', () => {
    const m = request('REGISTER', [['Contact', '<sip:a@192.0.2.1>;expires=60;q=0.7, <sip:a@192.0.2.2>;q=1'], ['Expires', '3600']]);
    const [first, second] = getContacts(m);
    expect(contactExpires(first!, m)).toBe(60);
    expect(contactExpires(second!, m)).toBe(3600);
    expect(contactQ(first!)).toBe(0.7);
    expect(contactQ(second!)).toBe(1);
    const bare = request('REGISTER', [['Contact', '<sip:a@192.0.2.1>;q=1.5;expires=soon']]);
    expect(contactExpires(getContacts(request('REGISTER', [['Contact', '<sip:a@b>']]))[0]!, request('REGISTER', []))).toBeUndefined();
    expect(code(() => contactQ(getContacts(bare)[0]!))).toBe('BAD_NUMBER');
    expect(code(() => contactExpires(getContacts(bare)[0]!, bare))).toBe('BAD_NUMBER');
    expect(contactQ(getContacts(request('REGISTER', [['Contact', '<sip:a@b>']]))[0]!)).toBeUndefined();
  });
});
