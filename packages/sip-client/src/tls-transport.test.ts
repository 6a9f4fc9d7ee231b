import { getHeader, getTopVia, type SIPRequest } from '@voip/sip-parser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isTransportError } from './errors.js';
import type { SIPClient, SIPClientOptions } from './sip-client.js';
import { makeTestCertificates, type TestCertificates } from '@voip/testkit';
import { sdp, startClient } from './test-call-support.js';

let certs: TestCertificates;
beforeAll(() => {
  certs = makeTestCertificates();
});
afterAll(() => certs.remove());

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const client = (options: Partial<SIPClientOptions> = {}): Promise<SIPClient> => startClient(cleanup, { tlsPort: 0, ...options });

describe('SIP over TLS between two clients', () => {
  it('calls a TLS server whose certificate verifies against the given CA; Via says TLS', async () => {
    const bob = await client({ username: 'bob', transport: 'tls', tls: { cert: certs.cert, key: certs.key } });
    const alice = await client({ username: 'alice', transport: 'tls', tls: { ca: certs.ca } });
    let invite: SIPRequest | undefined;
    bob.on('invite', (i) => {
      invite = i.request;
      void i.accept({ body: sdp('bob', 40002) });
    });
    const port = await bobTLSPort(bob);
    const { response, dialog } = await alice.invite(`sip:bob@127.0.0.1:${port};transport=tls`, { body: sdp('alice', 40000) });
    expect(response.status).toBe(200);
    expect(getTopVia(invite!).transport).toBe('TLS');
    expect(getHeader(response, 'Contact')).toContain(`:${port};transport=tls>`);
    await dialog.bye();
  });

  it('refuses a server certificate from an unknown CA (verification is on by default)', async () => {
    const bob = await client({ username: 'bob', transport: 'tls', tls: { cert: certs.cert, key: certs.key } });
    const alice = await client({ username: 'alice', tls: { ca: certs.otherCA } });
    const port = await bobTLSPort(bob);
    const error = await alice.request(`sips:bob@127.0.0.1:${port}`, 'OPTIONS').catch((e: unknown) => e);
    expect(isTransportError(error) && error.code).toBe('TLS_FAILED');
  });

  it('refuses a certificate whose name does not match the URI host', async () => {
    const bob = await client({ username: 'bob', transport: 'tls', tls: { cert: certs.cert, key: certs.key } });
    // the certificate names 127.0.0.1, ::1 and localhost; the resolver maps another name to 127.0.0.1
    const alice = await client({
      username: 'alice',
      tls: { ca: certs.ca },
      resolver: { naptr: async () => [], srv: async () => [], addresses: async () => ['127.0.0.1'] },
    });
    const port = await bobTLSPort(bob);
    const error = await alice.request(`sips:bob@pbx.example.com:${port}`, 'OPTIONS').catch((e: unknown) => e);
    expect(isTransportError(error) && error.code).toBe('TLS_FAILED');
    // the same server by a name it has passes
    const ok = await client({
      username: 'carol',
      tls: { ca: certs.ca },
      resolver: { naptr: async () => [], srv: async () => [], addresses: async () => ['127.0.0.1'] },
    });
    expect((await ok.request(`sips:bob@localhost:${port}`, 'OPTIONS')).status).toBe(200);
  });
});

/** Bob's TLS listening port. */
async function bobTLSPort(bob: SIPClient): Promise<number> {
  const port = bob.ports.tls;
  expect(port).toBeGreaterThan(0);
  return port!;
}
