import { describeSippFailure, Kamailio, makeTempDir, removeTempDir, Sipp } from '@voip/testkit';
import { KAMAILIO_CFG, scenario } from './support/paths.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// The registrar on its own (no demo): proves the Kamailio config challenges REGISTER and accepts digest auth.
describe('kamailio registrar (self-check, no demo)', () => {
  let kamailio: Kamailio | undefined;
  let sipp: Sipp | undefined;
  let dir: string | undefined;

  beforeAll(async () => {
    kamailio = await Kamailio.start({ cfg: KAMAILIO_CFG });
  });
  afterAll(async () => {
    await kamailio?.stop();
  });
  afterEach(async () => {
    await sipp?.stop();
    sipp = undefined;
    await removeTempDir(dir);
    dir = undefined;
  });

  it('challenges REGISTER (401), keeps the binding while registered, drops it on Expires: 0', async () => {
    const k = kamailio!;
    dir = await makeTempDir('sipp-register');
    expect(await k.registeredUsers()).toEqual([]);
    sipp = await Sipp.start({
      scenario: scenario('register-auth.xml'),
      remote: k.address,
      dir,
      service: '1002',
      auth: { username: '1002', password: 'secret2' },
      pauseMs: 2_000,
      timeoutSeconds: 20,
    });
    await k.waitForRegistration('1002', 8_000);
    expect(await k.contactsOf('1002')).toEqual([`sip:1002@127.0.0.1:${sipp.port}`]);

    const result = await sipp.result(25_000);
    expect(result.code, describeSippFailure(result)).toBe(0);
    expect(result.messages).toMatch(/SIP\/2\.0 401 Unauthorized[\s\S]*WWW-Authenticate: Digest realm="127\.0\.0\.1"/);
    expect(result.messages).toMatch(/Authorization: Digest username="1002"/);
    expect(await k.registeredUsers()).not.toContain('1002');
  });

  it('refuses a REGISTER with the wrong password and registers nothing', async () => {
    const k = kamailio!;
    dir = await makeTempDir('sipp-register-bad');
    sipp = await Sipp.start({
      scenario: scenario('register-auth.xml'),
      remote: k.address,
      dir,
      service: '1001',
      auth: { username: '1001', password: 'not-the-password' },
      pauseMs: 100,
      timeoutSeconds: 20,
    });
    const result = await sipp.result(25_000);
    expect(result.code).toBe(1);
    expect(result.errors).toMatch(/while expecting '200'[\s\S]*401 Unauthorized/);
    expect(await k.registeredUsers()).not.toContain('1001');
  });
});
