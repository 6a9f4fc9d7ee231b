import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialsManager } from '../../src/credentials.js';
import { SIPClient } from '../../src/sip-client.js';
import { Kamailio } from '@voip/testkit';
import { SHA256_CFG } from './support/configs.js';

const USER = { username: '1001', password: 'secret1' };
let kamailio: Kamailio;
beforeAll(async () => {
  kamailio = await Kamailio.start({ cfg: SHA256_CFG, users: [USER] });
});
afterAll(async () => {
  await kamailio?.stop();
});

function client(password: string): SIPClient {
  const credentials = new CredentialsManager();
  credentials.add(USER.username, password);
  return new SIPClient({ host: '127.0.0.1', port: 0, server: { host: '127.0.0.1', port: kamailio.port }, username: USER.username, domain: '127.0.0.1', credentials });
}

describe('Kamailio challenging REGISTER with SHA-256 (RFC 7616, RFC 8760)', () => {
  it('registers with a SHA-256 qop=auth digest, is listed by the registrar, and unregisters on stop', async () => {
    const c = client(USER.password);
    await c.start();
    try {
      await c.register();
      expect(c.registrationState).toBe('REGISTERED');
      expect(await kamailio.contactsOf(USER.username)).toEqual([`sip:1001@127.0.0.1:${c.localAddress.port}`]);
      const log = kamailio.process.output;
      expect(log).toMatch(/REGISTER from .* challenged/);
      const saved = /REGISTER saved: sip:1001@127\.0\.0\.1 expires=300 auth=\[(.*)\]/.exec(log)?.[1] ?? '';
      expect(saved).toMatch(/algorithm=SHA-256/);
      expect(saved).toMatch(/qop=auth/);
      expect(saved).toMatch(/nc=00000001/);
    } finally {
      await c.stop();
    }
    expect(await kamailio.contactsOf(USER.username)).toEqual([]);
  });

  it('a wrong password fails with InvalidAccountInfoError CREDENTIALS_REJECTED and is not retried', async () => {
    const c = client('wrong');
    await c.start();
    try {
      await expect(c.register()).rejects.toMatchObject({ name: 'InvalidAccountInfoError', code: 'CREDENTIALS_REJECTED' });
      expect(c.registrations[0]!.retryAt).toBeUndefined();
    } finally {
      await c.stop();
    }
  });
});
