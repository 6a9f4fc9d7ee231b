import { corpusBytes } from '@voip/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAuthChallenge, parseAuthChallenges, parseAuthCredentials, serializeAuthChallenge, serializeAuthCredentials, type DigestCredentials } from './auth.js';
import { SIPBuildError } from './errors.js';
import { parseSIPMessage } from './parse-message.js';
import { getAuthChallenges } from './typed-headers.js';

describe('challenges', () => {
  it('reads a Digest challenge with quoted and token values', () => {
    expect(parseAuthChallenge('Digest realm="atlanta.com", domain="sip:ss1.carrier.com", qop="auth, auth-int", nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5')).toEqual({
      scheme: 'Digest',
      realm: 'atlanta.com',
      nonce: 'f84f1cec41e6cbe5aea9c8e88d359',
      opaque: '',
      algorithm: 'MD5',
      qop: ['auth', 'auth-int'],
      stale: false,
      params: { realm: 'atlanta.com', domain: 'sip:ss1.carrier.com', qop: 'auth, auth-int', nonce: 'f84f1cec41e6cbe5aea9c8e88d359', opaque: '', stale: 'FALSE', algorithm: 'MD5' },
    });
  });

  it('splits challenges joined with commas', () => {
    const list = parseAuthChallenges('Digest realm="a", nonce="1", algorithm=SHA-256, Digest realm="a", nonce="2"');
    expect(list.map((c) => [c.nonce, c.algorithm])).toEqual([
      ['1', 'SHA-256'],
      ['2', undefined],
    ]);
  });

  it('reads the 401 and 407 of the real captures', () => {
    const www = getAuthChallenges(parseSIPMessage(corpusBytes('sip-real/401-www-authenticate-md5.sip')), 'WWW-Authenticate');
    expect(www).toHaveLength(1);
    expect(www[0]!.nonce.length).toBeGreaterThan(0);
    const proxy = getAuthChallenges(parseSIPMessage(corpusBytes('sip-real/407-proxy-authenticate.sip')), 'Proxy-Authenticate');
    expect(proxy[0]!.scheme.toLowerCase()).toBe('digest');
  });

  it.each(['', 'Digest realm="x', 'Digest realm', 'Digest realm="a" nonce="b"'])('refuses %j with BAD_AUTH', (text) => {
    expect(() => parseAuthChallenges(text)).toThrow(expect.objectContaining({ code: 'BAD_AUTH' }) as Error);
  });

  it('round-trips through serializeAuthChallenge', () => {
    const c = parseAuthChallenge('Digest realm="r\\"x", nonce="n", opaque="o", algorithm=MD5-sess, qop="auth,auth-int", stale=TRUE, domain="sip:d"');
    expect(serializeAuthChallenge(c)).toBe('Digest realm="r\\"x", nonce="n", opaque="o", algorithm=MD5-sess, qop="auth,auth-int", stale=TRUE, domain="sip:d"');
    expect(parseAuthChallenge(serializeAuthChallenge(c))).toEqual(c);
  });
});

describe('credentials', () => {
  const creds: DigestCredentials = {
    username: 'bob',
    realm: 'biloxi.com',
    nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
    uri: 'sip:bob@biloxi.com',
    response: '245f23415f11432b3434341c022',
    algorithm: 'MD5',
    cnonce: '0a4f113b',
    opaque: '5ccc069c403ebaf9f0171e9517f40e41',
    qop: 'auth',
    nc: '00000001',
  };

  it('writes qop and nc unquoted, the rest quoted', () => {
    expect(serializeAuthCredentials(creds)).toBe(
      'Digest username="bob", realm="biloxi.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:bob@biloxi.com", response="245f23415f11432b3434341c022", algorithm=MD5, cnonce="0a4f113b", opaque="5ccc069c403ebaf9f0171e9517f40e41", qop=auth, nc=00000001',
    );
  });

  it('reads the Authorization of a real REGISTER', () => {
    const m = parseSIPMessage(corpusBytes('sip-real/register-authorization-md5.sip'));
    const value = m.headers.find((h) => h.name.toLowerCase() === 'authorization')!.value;
    expect(parseAuthCredentials(value).response).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses other schemes, missing fields and CR/LF', () => {
    expect(() => parseAuthCredentials('Basic dXNlcjpwYXNz')).toThrow(expect.objectContaining({ code: 'BAD_AUTH' }) as Error);
    expect(() => parseAuthCredentials('Digest username="a", realm="b"')).toThrow(expect.objectContaining({ code: 'BAD_AUTH' }) as Error);
    expect(() => serializeAuthCredentials({ ...creds, username: 'a\r\nb' })).toThrow(SIPBuildError);
    expect(() => serializeAuthCredentials({ ...creds, qop: 'auth auth-int' })).toThrow(SIPBuildError);
  });

  it('parseAuthCredentials(serializeAuthCredentials(c)) deep-equals c', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, ''));
    const tok = fc.stringMatching(/^[A-Za-z0-9-]{1,10}$/);
    const arb: fc.Arbitrary<DigestCredentials> = fc.record(
      { username: text, realm: text, nonce: text, uri: text, response: text, algorithm: tok, cnonce: text, opaque: text, qop: tok, nc: tok },
      { requiredKeys: ['username', 'realm', 'nonce', 'uri', 'response'] },
    );
    fc.assert(
      fc.property(arb, (c) => {
        expect(parseAuthCredentials(serializeAuthCredentials(c))).toEqual(c);
      }),
    );
  });
});
