import { buildResponse, parseAuthCredentials } from '@voip/sip-parser';
import { describe, expect, it } from 'vitest';
import { DigestSession } from './auth-session.js';
import { CredentialsManager } from './credentials.js';
import { computeDigestResponse } from './digest.js';
import { makeRequest } from './test-support.js';

const creds = () => {
  const m = new CredentialsManager();
  m.add('alice', 'pw', { realm: 'r1' });
  return m;
};
const challenge = (status: 401 | 407, value: string) => {
  const request = makeRequest('REGISTER');
  return { request, response: buildResponse(request, status, { toTag: 't', headers: [[status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate', value]] }) };
};

describe('DigestSession', () => {
  it('answers a 401 with an Authorization that verifies, nc counting per nonce', () => {
    const s = new DigestSession(creds());
    const { request, response } = challenge(401, 'Digest realm="r1", nonce="n1", qop="auth"');
    const answer = s.answer(response, request);
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    const [name, value] = answer.headers[0]!;
    expect(name).toBe('Authorization');
    const c = parseAuthCredentials(value);
    expect(c).toMatchObject({ username: 'alice', realm: 'r1', nonce: 'n1', uri: request.uri, qop: 'auth', nc: '00000001' });
    expect(c.response).toBe(computeDigestResponse({ username: 'alice', password: 'pw', realm: 'r1', nonce: 'n1', method: 'REGISTER', uri: request.uri, qop: 'auth', nc: '00000001', cnonce: c.cnonce! }));
  });

  it('answers a 407 with Proxy-Authorization', () => {
    const { request, response } = challenge(407, 'Digest realm="r1", nonce="n1"');
    const answer = new DigestSession(creds()).answer(response, request);
    expect(answer.ok && answer.headers[0]![0]).toBe('Proxy-Authorization');
  });

  it('refuses a second challenge for the same realm, unless stale=true', () => {
    const s = new DigestSession(creds());
    const { request, response } = challenge(401, 'Digest realm="r1", nonce="n1"');
    expect(s.answer(response, request).ok).toBe(true);
    const stale = challenge(401, 'Digest realm="r1", nonce="n2", stale=true');
    expect(s.answer(stale.response, stale.request).ok).toBe(true);
    expect(s.answer(response, request)).toMatchObject({ ok: false, code: 'CREDENTIALS_REJECTED' });
  });

  it('refuses realms without credentials and responses without a Digest challenge', () => {
    const s = new DigestSession(creds());
    const other = challenge(401, 'Digest realm="elsewhere", nonce="n"');
    expect(s.answer(other.response, other.request)).toMatchObject({ ok: false, code: 'NO_CREDENTIALS' });
    const basic = challenge(401, 'Basic realm="r1"');
    expect(new DigestSession(creds()).answer(basic.response, basic.request)).toMatchObject({ ok: false, code: 'NO_CREDENTIALS' });
    expect(new DigestSession(undefined).answer(challenge(401, 'Digest realm="r1", nonce="n"').response, basic.request)).toMatchObject({ ok: false });
  });
});
