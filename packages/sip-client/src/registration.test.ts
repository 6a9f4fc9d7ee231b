import { buildResponse, getCallId, getCSeq, getHeader, parseAuthCredentials, type SIPMessage, type SIPRequest } from '@voip/sip-parser';
import { FakeClock, pollUntil } from '@voip/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { CredentialsManager } from './credentials.js';
import { computeDigestResponse } from './digest.js';
import { isInvalidAccountInfoError, type InvalidAccountInfoError } from './errors.js';
import type { Registration, RegistrationState } from './registration.js';
import { SIPClient } from './sip-client.js';
import { startUDPPeer, type UDPPeer } from './test-support.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

interface RegistrarBehaviour {
  password?: string;
  status?: number;
  challenge?: 401 | 407;
  expiresIn?: 'contact' | 'header';
  granted?: number;
}

const isRegister = (m: SIPMessage): m is SIPRequest => m.type === 'REQUEST' && m.method === 'REGISTER';

/** A registrar that challenges every REGISTER without valid credentials, then grants `granted` seconds. */
async function startRegistrar(b: RegistrarBehaviour = {}): Promise<UDPPeer> {
  const challenge = b.challenge ?? 401;
  return startUDPPeer((m, peer, from) => {
    if (!isRegister(m)) return;
    const authHeader = getHeader(m, challenge === 401 ? 'Authorization' : 'Proxy-Authorization');
    let ok = false;
    if (authHeader) {
      const c = parseAuthCredentials(authHeader);
      ok = c.response === computeDigestResponse({ username: c.username, password: b.password ?? 'secret', realm: c.realm, nonce: c.nonce,
        method: 'REGISTER', uri: c.uri, ...(c.qop !== undefined && { qop: c.qop }), ...(c.nc !== undefined && { nc: c.nc }), ...(c.cnonce !== undefined && { cnonce: c.cnonce }) });
    }
    if (!ok) {
      const name = challenge === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
      peer.send(buildResponse(m, challenge, { toTag: 'reg', headers: [[name, 'Digest realm="test", nonce="n0nce", qop="auth", algorithm=MD5']] }), from.port);
      return;
    }
    if (b.status) {
      peer.send(buildResponse(m, b.status, { toTag: 'reg' }), from.port);
      return;
    }
    const expires = Number(getHeader(m, 'Expires'));
    const granted = expires === 0 ? 0 : (b.granted ?? 60);
    const contact = getHeader(m, 'Contact')!;
    const headers: [string, string][] =
      (b.expiresIn ?? 'contact') === 'contact' ? [['Contact', `${contact};expires=${granted}`]] : [['Contact', contact], ['Expires', String(granted)]];
    peer.send(buildResponse(m, 200, { toTag: 'reg', headers }), from.port);
  });
}

async function setup(b: RegistrarBehaviour = {}, password = 'secret') {
  const registrar = await startRegistrar(b);
  const clock = new FakeClock(0);
  const credentials = new CredentialsManager();
  credentials.add('alice', password, { realm: 'test' });
  const client = new SIPClient({ host: '127.0.0.1', port: 0, server: { host: '127.0.0.1', port: registrar.port }, username: 'alice',
    domain: 'example.test', credentials, clock, registerExpires: 120 });
  const changes: [RegistrationState, string?][] = [];
  client.on('registrationChange', (state, error) => changes.push(error ? [state, error.name] : [state]));
  await client.start();
  cleanup.push(async () => {
    await client.stop();
    await registrar.close();
  });
  return { registrar, clock, client, changes };
}

describe('registration', () => {
  it('answers the 401, registers, and refreshes at half the granted expiry with the same Call-ID and a higher CSeq', async () => {
    const t = await setup({ granted: 60 });
    await t.client.register();
    expect(t.client.registrationState).toBe('REGISTERED');
    expect(t.changes).toEqual([['REGISTERING'], ['REGISTERED']]);
    const first = t.registrar.received.filter(isRegister);
    expect(first).toHaveLength(2);
    expect(getHeader(first[0]!, 'Authorization')).toBeUndefined();
    expect(getCSeq(first[1]!).seq).toBe(getCSeq(first[0]!).seq + 1);
    expect(getHeader(first[1]!, 'Expires')).toBe('120');
    expect(first[1]!.uri).toBe('sip:example.test');

    const refresh = t.registrar.next((m) => isRegister(m) && getCSeq(m).seq > getCSeq(first[1]!).seq);
    t.clock.advance(29_999);
    expect(t.registrar.received.filter(isRegister)).toHaveLength(2);
    t.clock.advance(1);
    const again = (await refresh) as SIPRequest;
    expect(getCallId(again)).toBe(getCallId(first[0]!));
    await t.registrar.next((m) => isRegister(m) && getHeader(m, 'Authorization') !== undefined && getCSeq(m).seq > getCSeq(again).seq);
    expect(t.client.registrationState).toBe('REGISTERED');
  });

  it('reads the granted expiry from the Expires header when the Contact has none', async () => {
    const t = await setup({ expiresIn: 'header', granted: 10 });
    await t.client.register();
    const count = () => t.registrar.received.filter(isRegister).length;
    t.clock.advance(4_999);
    expect(count()).toBe(2);
    const refresh = t.registrar.next((m) => isRegister(m) && getCSeq(m).seq === 3);
    t.clock.advance(1);
    await refresh;
  });

  it('unregisters with Expires: 0 and stops refreshing', async () => {
    const t = await setup();
    await t.client.register();
    await t.client.unregister();
    const last = t.registrar.received.filter(isRegister).at(-1)!;
    expect(getHeader(last, 'Expires')).toBe('0');
    expect(t.client.registrationState).toBe('UNREGISTERED');
    const before = t.registrar.received.length;
    t.clock.advance(600_000);
    expect(t.registrar.received.length).toBe(before);
    expect(t.changes.at(-1)).toEqual(['UNREGISTERED']);
  });

  it('stop() removes the registration with an authenticated Expires: 0 before closing', async () => {
    const t = await setup();
    await t.client.register();
    await t.client.stop();
    const removal = t.registrar.received.filter(isRegister).filter((m) => getHeader(m, 'Expires') === '0');
    expect(removal.length).toBeGreaterThanOrEqual(1);
    expect(getHeader(removal.at(-1)!, 'Authorization')).toBeDefined();
    expect(t.client.registrationState).toBe('UNREGISTERED');
  });

  it('answers a 407 from a proxy with Proxy-Authorization', async () => {
    const t = await setup({ challenge: 407 });
    await t.client.register();
    expect(getHeader(t.registrar.received.filter(isRegister)[1]!, 'Proxy-Authorization')).toMatch(/^Digest /);
  });

  it('fails with InvalidAccountInfoError when the password is rejected (401 again)', async () => {
    const t = await setup({}, 'wrong');
    const error = await t.client.register().catch((e: unknown) => e);
    expect(isInvalidAccountInfoError(error)).toBe(true);
    expect((error as InvalidAccountInfoError).code).toBe('CREDENTIALS_REJECTED');
    expect(t.client.registrationState).toBe('FAILED');
    expect(t.changes).toEqual([['REGISTERING'], ['FAILED', 'InvalidAccountInfoError']]);
    expect(t.registrar.received.filter(isRegister)).toHaveLength(2);
  });

  it('fails with InvalidAccountInfoError FORBIDDEN on 403', async () => {
    const t = await setup({ status: 403 });
    await expect(t.client.register()).rejects.toMatchObject({ name: 'InvalidAccountInfoError', code: 'FORBIDDEN' });
    expect(t.client.registrationState).toBe('FAILED');
  });

  it('fails with SIPStatusError on another final response', async () => {
    const t = await setup({ status: 500 });
    await expect(t.client.register()).rejects.toMatchObject({ name: 'SIPStatusError', status: 500 });
  });

  it('times out on Timer F when the registrar never answers', async () => {
    const silent = await startUDPPeer();
    const clock = new FakeClock(0);
    const client = new SIPClient({ host: '127.0.0.1', port: 0, server: { host: '127.0.0.1', port: silent.port }, username: 'alice', clock });
    await client.start();
    cleanup.push(async () => { await client.stop(); await silent.close(); });
    const result = client.register().catch((e: unknown) => e);
    await silent.next(isRegister);
    clock.advance(32_000);
    expect(await result).toMatchObject({ name: 'TransactionTimeoutError', timer: 'F' });
    expect(client.stats.retransmissions).toBe(10);
    expect(client.registrationState).toBe('FAILED');
  });
});

describe('registration: stale nonces, backoff, several accounts', () => {
  /** A registrar whose behaviour a test switches: 'silent', a status, or digest checking with per-user passwords. */
  async function switchable(passwords: Record<string, string>) {
    const state = { mode: 'auth' as 'silent' | 'auth' | number, nonce: 1, staleOnce: false, retryAfter: undefined as number | undefined };
    const peer = await startUDPPeer((m, p, from) => {
      if (!isRegister(m) || state.mode === 'silent') return;
      if (typeof state.mode === 'number') {
        p.send(buildResponse(m, state.mode, { toTag: 'r', headers: state.retryAfter ? [['Retry-After', String(state.retryAfter)]] : [] }), from.port);
        return;
      }
      const auth = getHeader(m, 'Authorization');
      const challenge = (stale: boolean) =>
        p.send(buildResponse(m, 401, { toTag: 'r', headers: [['WWW-Authenticate', `Digest realm="test", nonce="n${state.nonce}", qop="auth"${stale ? ', stale=true' : ''}`]] }), from.port);
      if (!auth) return challenge(false);
      const c = parseAuthCredentials(auth);
      const good = c.response === computeDigestResponse({ username: c.username, password: passwords[c.username] ?? '', realm: c.realm, nonce: c.nonce,
        method: 'REGISTER', uri: c.uri, qop: c.qop, nc: c.nc, cnonce: c.cnonce });
      if (!good) return challenge(false);
      if (c.nonce !== `n${state.nonce}`) return challenge(true);
      if (state.staleOnce) {
        state.staleOnce = false;
        state.nonce++;
        return challenge(true); // RFC 7616 §3.3: right credentials, old nonce
      }
      const contact = getHeader(m, 'Contact')!;
      p.send(buildResponse(m, 200, { toTag: 'r', headers: [['Contact', `${contact};expires=60`]] }), from.port);
    });
    return { peer, state };
  }

  const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
  /** Resolves on the first change of `registration` that `accept` takes (a retry's REGISTERING comes first). */
  const changeTo = (registration: Registration, accept: (state: RegistrationState, error?: Error) => boolean) =>
    new Promise<void>((resolve) => {
      const on = (state: RegistrationState, error?: Error): void => {
        if (!accept(state, error)) return;
        registration.off('change', on);
        resolve();
      };
      registration.on('change', on);
    });

  async function client(peer: UDPPeer, retry?: { base: number; max: number }) {
    const port = peer.port;
    const clock = new FakeClock(0);
    const credentials = new CredentialsManager();
    credentials.add('alice', 'pa', { realm: 'test', user: 'alice' });
    credentials.add('bob', 'pb', { realm: 'test', user: 'bob' });
    const c = new SIPClient({ host: '127.0.0.1', port: 0, server: { host: '127.0.0.1', port }, username: 'alice', credentials, clock,
      ...(retry && { registerRetry: retry }) });
    await c.start();
    cleanup.push(async () => {
      await c.stop();
      await peer.close();
    });
    return { c, clock };
  }

  it('retries a stale=true challenge with the new nonce and stays registered without failing', async () => {
    const { peer, state } = await switchable({ alice: 'pa' });
    const { c } = await client(peer);
    const changes: string[] = [];
    c.on('registrationChange', (s) => changes.push(s));
    state.staleOnce = true;
    await c.register();
    const registers = peer.received.filter(isRegister);
    expect(registers).toHaveLength(3);
    expect(parseAuthCredentials(getHeader(registers[2]!, 'Authorization')!).nonce).toBe('n2');
    expect(changes).toEqual(['REGISTERING', 'REGISTERED']);
  });

  it('retries after a timeout with exponential backoff on the clock, capped, and recovers', async () => {
    const { peer, state } = await switchable({ alice: 'pa' });
    const { c, clock } = await client(peer, { base: 1000, max: 3000 });
    const registration = c.registrations[0]!;
    const changes: string[] = [];
    c.on('registrationChange', (s, e) => changes.push(e ? `${s}:${e.name}` : s));
    state.mode = 'silent';
    const waits: number[] = [];
    const failed = c.register().catch((e: unknown) => e);
    for (let attempt = 0; attempt < 4; attempt++) {
      const count = peer.received.filter(isRegister).length;
      await peer.next((m) => isRegister(m) && peer.received.filter(isRegister).length > count);
      clock.advance(32_000); // Timer F
      await flush();
      expect(registration.state).toBe('FAILED');
      waits.push(registration.retryAt! - clock.now());
      if (attempt === 3) state.mode = 'auth';
      clock.advance(registration.retryAt! - clock.now());
    }
    expect(await failed).toMatchObject({ name: 'TransactionTimeoutError', timer: 'F' });
    expect(waits).toEqual([1000, 2000, 3000, 3000]);
    await changeTo(registration, (s) => s === 'REGISTERED');
    expect(registration.failures).toBe(0);
    expect(registration.retryAt).toBeUndefined();
    expect(changes.slice(0, 3)).toEqual(['REGISTERING', 'FAILED:TransactionTimeoutError', 'REGISTERING']);
    expect(changes.at(-1)).toBe('REGISTERED');
  });

  it('waits Retry-After of a 503 when it is longer, and never retries a 403', async () => {
    const { peer, state } = await switchable({ alice: 'pa' });
    const { c, clock } = await client(peer);
    state.mode = 503;
    state.retryAfter = 120;
    await expect(c.register()).rejects.toMatchObject({ status: 503 });
    expect(c.registrations[0]!.retryAt! - clock.now()).toBe(120_000);
    state.mode = 403;
    clock.advance(120_000);
    await changeTo(c.registrations[0]!, (_s, e) => e !== undefined);
    expect(c.registrationState).toBe('FAILED');
    expect(c.registrations[0]!.retryAt).toBeUndefined();
  });

  it('keeps several accounts registered, each with its own contact user and credentials', async () => {
    const { peer } = await switchable({ alice: 'pa', bob: 'pb' });
    const { c } = await client(peer);
    const second = c.addRegistration({ registrar: { host: '127.0.0.1', port: peer.port }, username: 'bob', domain: 'example.test' });
    const bobChanges: string[] = [];
    second.on('change', (s) => bobChanges.push(s));
    await Promise.all([c.register(), second.register()]);
    expect(c.registrations.map((r) => [r.aor, r.state])).toEqual([
      ['sip:alice@127.0.0.1', 'REGISTERED'],
      ['sip:bob@example.test', 'REGISTERED'],
    ]);
    const authed = peer.received.filter(isRegister).filter((m) => getHeader(m, 'Authorization'));
    const users = authed.map((m) => [parseAuthCredentials(getHeader(m, 'Authorization')!).username, getHeader(m, 'Contact')!.split('@')[0]]);
    expect(users.sort()).toEqual([['alice', '<sip:alice'], ['bob', '<sip:bob']]);
    expect(bobChanges).toEqual(['REGISTERING', 'REGISTERED']);
    await c.stop();
    const removals = peer.received.filter(isRegister).filter((m) => getHeader(m, 'Expires') === '0');
    expect(new Set(removals.map((m) => getHeader(m, 'To')))).toEqual(new Set(['<sip:alice@127.0.0.1>', '<sip:bob@example.test>']));
  });

  it('gives an added account its own registration flow, kept alive on the clock like the configured one', async () => {
    const { peer } = await switchable({ bob: 'pb' });
    const clock = new FakeClock(0);
    const credentials = new CredentialsManager();
    credentials.add('bob', 'pb', { realm: 'test', user: 'bob' });
    const c = new SIPClient({ host: '127.0.0.1', port: 0, credentials, clock, keepAliveInterval: 15_000 });
    await c.start();
    cleanup.push(async () => {
      await c.stop();
      await peer.close();
    });
    await c.addRegistration({ registrar: { host: '127.0.0.1', port: peer.port }, username: 'bob' }).register();
    const sent = c.stats.sent;
    clock.advance(14_999);
    expect(c.stats.sent).toBe(sent);
    clock.advance(1);
    expect(c.stats.sent).toBe(sent + 1);
    await pollUntil("the keep-alive at bob's registrar", async () => (peer.keepAlives === 1 ? true : undefined), 5_000, 5);
  });
});
