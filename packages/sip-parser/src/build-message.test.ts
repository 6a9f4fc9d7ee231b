import { describe, expect, it } from 'vitest';
import { buildRequest, buildResponse } from './build-message.js';
import { SIPBuildError } from './errors.js';
import { getHeader, getHeaders } from './headers.js';
import { parseSIPMessage } from './parse-message.js';
import { serializeSIPMessage } from './serialize-message.js';
import { SIPStatus } from './sip-status.js';
import { getTo } from './typed-headers.js';

const invite = buildRequest({
  method: 'INVITE',
  uri: 'sip:bob@biloxi.com',
  headers: [
    { name: 'Via', value: 'SIP/2.0/UDP p1.example.com;branch=z9hG4bK1' },
    { name: 'Via', value: 'SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK2' },
    { name: 'Record-Route', value: '<sip:p1.example.com;lr>' },
    { name: 'From', value: '<sip:alice@atlanta.com>;tag=88' },
    { name: 't', value: '<sip:bob@biloxi.com>' },
    { name: 'Call-ID', value: 'c1' },
    { name: 'CSeq', value: '1 INVITE' },
    { name: 'Contact', value: '<sip:alice@pc33.atlanta.com>' },
    { name: 'Content-Type', value: 'application/sdp' },
  ],
  body: 'v=0\r\n',
});

describe('buildRequest', () => {
  it('appends Content-Length from the body and parses back as the same message', () => {
    expect(getHeader(invite, 'Content-Length')).toBe('5');
    expect(parseSIPMessage(serializeSIPMessage(invite))).toEqual(invite);
  });

  it('accepts [name, value] pairs and keeps a matching Content-Length', () => {
    const r = buildRequest({ method: 'BYE', uri: 'sip:b', headers: [['Content-Length', '0']] });
    expect(getHeaders(r, 'Content-Length')).toEqual(['0']);
  });

  it.each([
    [{ method: 'IN VITE', uri: 'sip:b', headers: [] }, 'BAD_METHOD'],
    [{ method: 'INVITE', uri: 'sip:b c', headers: [] }, 'BAD_URI'],
    [{ method: 'INVITE', uri: 'sip:b', headers: [['X', 'a\r\nb']] }, 'BAD_HEADER_VALUE'],
    [{ method: 'INVITE', uri: 'sip:b', headers: [['Content-Length', '9']] }, 'BAD_HEADER_VALUE'],
  ] as const)('refuses %j with %s', (init, code) => {
    expect(() => buildRequest(init)).toThrow(expect.objectContaining({ code }) as Error);
  });
});

describe('buildResponse (RFC 3261 §8.2.6.2)', () => {
  it('copies Via (all, in order), From, To, Call-ID, CSeq and adds the To tag', () => {
    const r = buildResponse(invite, SIPStatus.BUSY_HERE, { toTag: 'xyz' });
    expect(r.reason).toBe('Busy Here');
    expect(r.headers.map((h) => h.name)).toEqual(['Via', 'Via', 'From', 't', 'Call-ID', 'CSeq', 'Content-Length']);
    expect(getTo(r).params.tag).toBe('xyz');
    expect(getHeader(r, 'Content-Length')).toBe('0');
  });

  it('copies Record-Route into 1xx/2xx to INVITE, but not 100 nor errors', () => {
    expect(getHeaders(buildResponse(invite, 180, { toTag: 'a' }), 'Record-Route')).toEqual(['<sip:p1.example.com;lr>']);
    expect(getHeaders(buildResponse(invite, 200, { toTag: 'a' }), 'Record-Route')).toHaveLength(1);
    expect(getHeaders(buildResponse(invite, 100), 'Record-Route')).toEqual([]);
    expect(getHeaders(buildResponse(invite, 486), 'Record-Route')).toEqual([]);
  });

  it('keeps an existing To tag and never adds a second', () => {
    const inDialog = buildRequest({ method: 'BYE', uri: 'sip:b', headers: [['To', '<sip:b@h>;tag=old']] });
    expect(getHeader(buildResponse(inDialog, 200, { toTag: 'new' }), 'To')).toBe('<sip:b@h>;tag=old');
  });

  it('takes a reason, extra headers and a body; unknown codes get their class phrase', () => {
    const r = buildResponse(invite, 200, { reason: 'Fine', headers: [['Content-Type', 'application/sdp']], body: new Uint8Array([1, 2]) });
    expect([r.reason, getHeader(r, 'Content-Type'), getHeader(r, 'Content-Length'), r.body]).toEqual(['Fine', 'application/sdp', '2', new Uint8Array([1, 2])]);
    expect(buildResponse(invite, 418).reason).toBe('Request Failure');
  });

  it('refuses bad statuses, reasons and tags', () => {
    expect(() => buildResponse(invite, 99)).toThrow(SIPBuildError);
    expect(() => buildResponse(invite, 200, { reason: 'a\nb' })).toThrow(expect.objectContaining({ code: 'BAD_REASON' }) as Error);
    expect(() => buildResponse(invite, 200, { toTag: 'a b' })).toThrow(expect.objectContaining({ code: 'BAD_HEADER_VALUE' }) as Error);
  });
});
