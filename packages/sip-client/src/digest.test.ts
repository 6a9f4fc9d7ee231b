import type { DigestChallenge, SIPRequest } from '@voip/sip-parser';
import { corpusJSON } from '@voip/testkit';
import { describe, expect, it } from 'vitest';
import { authorizationFor, computeDigestResponse, formatNonceCount } from './digest.js';
import { isInvalidRangeError } from './errors.js';

interface Vector {
  id: string;
  input: { algorithm?: string; username: string; password: string; realm: string; method: string; uri: string;
    nonce: string; nc?: string; cnonce?: string; qop?: string; body?: string };
  response: string;
}
const vectors = corpusJSON<{ vectors: Vector[] }>('digest/digest-vectors.json').vectors;

const request = (method: string, uri: string, body = ''): SIPRequest => ({
  type: 'REQUEST', method, uri, version: 'SIP/2.0', headers: [], body: new TextEncoder().encode(body),
});
const challenge = (fields: Partial<DigestChallenge>): DigestChallenge => ({
  scheme: 'Digest', realm: 'example.com', nonce: 'ea9c8e88df84f1cec4341ae6cbe5a359', params: {}, ...fields,
});

describe('computeDigestResponse', () => {
  it('covers every algorithm family and qop in the corpus', () => {
    const algorithms = new Set(vectors.map((v) => v.input.algorithm));
    expect([...algorithms].sort()).toEqual(['MD5', 'MD5-sess', 'SHA-256', 'SHA-512-256']);
    expect(new Set(vectors.map((v) => v.input.qop))).toEqual(new Set([undefined, 'auth', 'auth-int']));
  });

  it.each(vectors.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    expect(computeDigestResponse(v.input)).toBe(v.response);
  });

  it('changes when any signed input changes', () => {
    const base = vectors.find((v) => v.id === 'sip-register-md5-auth')!.input;
    const r = computeDigestResponse(base);
    for (const change of [{ password: 'x' }, { nonce: 'x' }, { nc: '00000002' }, { cnonce: 'x' }, { uri: 'sip:x' }, { method: 'INVITE' }]) {
      expect(computeDigestResponse({ ...base, ...change })).not.toBe(r);
    }
  });

  it.each([
    [{ algorithm: 'SHA-1' }, 'algorithm'],
    [{ qop: 'auth-conf', nc: '00000001', cnonce: 'c' }, 'qop'],
    [{ qop: 'auth', nc: '00000001' }, 'cnonce'],
    [{ algorithm: 'MD5-sess' }, 'cnonce'],
    [{ qop: 'auth', cnonce: 'c' }, 'nc'],
  ])('rejects %o naming %s', (change, what) => {
    const input = { username: 'a', password: 'b', realm: 'r', nonce: 'n', method: 'REGISTER', uri: 'sip:r', ...change };
    let caught: unknown;
    try { computeDigestResponse(input); } catch (e) { caught = e; }
    expect(isInvalidRangeError(caught)).toBe(true);
    expect((caught as { what: string }).what).toBe(what);
  });
});

describe('authorizationFor', () => {
  it('answers a qop=auth challenge with the corpus response', () => {
    const v = vectors.find((x) => x.id === 'sip-register-md5-auth-nc2')!;
    const creds = authorizationFor(challenge({ qop: ['auth', 'auth-int'], opaque: 'op', algorithm: 'MD5' }),
      request('REGISTER', 'sip:example.com'), { username: 'alice', password: 's3cr3t' }, 2, '0a4f113b');
    expect(creds).toEqual({ username: 'alice', realm: 'example.com', nonce: v.input.nonce, uri: 'sip:example.com',
      response: v.response, algorithm: 'MD5', cnonce: '0a4f113b', opaque: 'op', qop: 'auth', nc: '00000002' });
  });

  it('answers an RFC 2069 challenge (no qop) without nc or cnonce', () => {
    const v = vectors.find((x) => x.id === 'sip-register-md5-noqop')!;
    const creds = authorizationFor(challenge({ realm: 'asterisk', nonce: '4c2a1b0e' }),
      request('REGISTER', 'sip:pbx.example.com'), { username: 'alice', password: 's3cr3t' }, 1);
    expect(creds).toEqual({ username: 'alice', realm: 'asterisk', nonce: '4c2a1b0e', uri: 'sip:pbx.example.com', response: v.response });
  });

  it('signs the body when only auth-int is offered', () => {
    const v = vectors.find((x) => x.id === 'sip-invite-md5-authint-sdp')!;
    const creds = authorizationFor(challenge({ nonce: v.input.nonce, qop: ['auth-int'] }),
      request('INVITE', v.input.uri, v.input.body), { username: 'alice', password: 's3cr3t' }, 1, 'c0ffee01');
    expect(creds.qop).toBe('auth-int');
    expect(creds.response).toBe(v.response);
  });

  it('makes a fresh cnonce when none is given', () => {
    const a = authorizationFor(challenge({ qop: ['auth'] }), request('REGISTER', 'sip:example.com'), { username: 'u', password: 'p' }, 1);
    const b = authorizationFor(challenge({ qop: ['auth'] }), request('REGISTER', 'sip:example.com'), { username: 'u', password: 'p' }, 1);
    expect(a.cnonce).toMatch(/^[0-9a-f]{24}$/);
    expect(a.cnonce).not.toBe(b.cnonce);
    expect(a.response).not.toBe(b.response);
  });

  it('formats nonce counts as 8 hex digits', () => {
    expect([formatNonceCount(1), formatNonceCount(255), formatNonceCount(0x1234abcd)]).toEqual(['00000001', '000000ff', '1234abcd']);
  });
});
