import { once } from 'node:events';
import {
  buildRequest,
  buildResponse,
  getCSeq,
  getHeader,
  getTo,
  parseAuthCredentials,
  type SIPMessage,
  type SIPRequest,
  type SIPResponse,
  withHeader,
} from '@voip/sip-parser';
import { FakeClock } from '@voip/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { CredentialsManager } from './credentials.js';
import type { Dialog } from './dialog.js';
import { computeDigestResponse } from './digest.js';
import { isSIPStatusError } from './errors.js';
import type { IncomingInvite } from './incoming-invite.js';
import { SIPClient, type SIPClientOptions } from './sip-client.js';
import { startUDPPeer, type UDPPeer } from './test-support.js';

const OFFER = 'v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n';
const ANSWER = 'v=0\r\no=bob 2 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40002 RTP/AVP 0\r\n';
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const isRequest = (method: string) => (m: SIPMessage): m is SIPRequest => m.type === 'REQUEST' && m.method === method;
const isResponse = (status: number) => (m: SIPMessage): m is SIPResponse => m.type === 'RESPONSE' && m.status === status;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function client(options: Partial<SIPClientOptions> = {}): Promise<SIPClient> {
  const c = new SIPClient({ host: '127.0.0.1', port: 0, ...options });
  await c.start();
  cleanup.push(() => c.stop());
  return c;
}
async function peer(onMessage?: Parameters<typeof startUDPPeer>[0]): Promise<UDPPeer> {
  const p = await startUDPPeer(onMessage);
  cleanup.push(() => p.close());
  return p;
}
const uri = (c: SIPClient, user = 'bob') => `sip:${user}@127.0.0.1:${c.localAddress.port}`;

describe('SIPClient calls on loopback', () => {
  it('runs INVITE / 100 / 180 / 200 / ACK / BYE between two clients', async () => {
    const uac = await client({ username: 'alice' });
    const uas = await client({ username: 'bob' });
    let incoming: IncomingInvite | undefined;
    let uasDialog: Promise<Dialog> | undefined;
    uas.on('invite', (invite) => {
      incoming = invite;
      invite.ringing();
      uasDialog = invite.accept({ body: ANSWER });
    });
    const provisional: number[] = [];
    const { response, dialog } = await uac.invite(uri(uas), { body: OFFER, onProvisional: (r) => provisional.push(r.status) });
    expect(response.status).toBe(200);
    expect(text(response.body)).toBe(ANSWER);
    expect(getHeader(response, 'Content-Type')).toBe('application/sdp');
    expect(provisional).toEqual([100, 180]);
    expect(text(incoming!.request.body)).toBe(OFFER);
    expect(incoming!.source.port).toBe(uac.localAddress.port);

    const serverSide = await uasDialog!; // resolves on the ACK
    expect(serverSide.callId).toBe(dialog.callId);
    expect(serverSide.localTag).toBe(dialog.remoteTag);
    expect(serverSide.remoteTag).toBe(dialog.localTag);
    expect(dialog.remoteTarget).toBe(`sip:bob@127.0.0.1:${uas.localAddress.port}`);
    expect(serverSide.remoteTarget).toBe(`sip:alice@127.0.0.1:${uac.localAddress.port}`);

    const info = once(serverSide, 'request');
    const infoResponse = dialog.request('INFO', { body: 'Signal=5', contentType: 'application/dtmf-relay' });
    const [infoRequest, respond] = (await info) as [SIPRequest, (s: number) => void];
    expect(getCSeq(infoRequest)).toEqual({ seq: 2, method: 'INFO' });
    respond(202);
    expect((await infoResponse).status).toBe(202);

    const ended = once(serverSide, 'terminated');
    const localEnd = once(dialog, 'terminated');
    await dialog.bye();
    expect(await ended).toEqual(['BYE']);
    expect(await localEnd).toEqual(['LOCAL_BYE']);
    expect(dialog.state).toBe('TERMINATED');
    expect(() => dialog.request('INFO')).toThrow(expect.objectContaining({ code: 'DIALOG_TERMINATED' }));

    // stopping right after the call (its BYE transactions still in Timer J/K) reports nothing as an error
    const errors: Error[] = [];
    uac.on('error', (e) => errors.push(e));
    uas.on('error', (e) => errors.push(e));
    await Promise.all([uac.stop(), uas.stop()]);
    expect(errors).toEqual([]);
  });

  it('rejects with SIPStatusError when the callee declines', async () => {
    const uac = await client({ username: 'alice' });
    const uas = await client({ username: 'bob' });
    uas.on('invite', (invite) => invite.reject(486));
    const error = await uac.invite(uri(uas), { body: OFFER }).catch((e: unknown) => e);
    expect(isSIPStatusError(error)).toBe(true);
    expect(error).toMatchObject({ status: 486, reason: 'Busy Here', code: 'CLIENT_ERROR' });
  });

  it('answers 480 when nobody listens for invites', async () => {
    const uac = await client();
    const uas = await client();
    await expect(uac.invite(uri(uas), { body: OFFER })).rejects.toMatchObject({ status: 480 });
  });

  it('cancels on abort: CANCEL after the 180, 200 to CANCEL, 487 to INVITE, cancel event, AbortError', async () => {
    const uac = await client({ username: 'alice' });
    const uas = await client({ username: 'bob' });
    let incoming: IncomingInvite | undefined;
    const cancelled = new Promise<void>((resolve) =>
      uas.on('invite', (invite) => {
        incoming = invite;
        invite.on('cancel', resolve);
        invite.ringing();
      }),
    );
    const controller = new AbortController();
    const call = uac.invite(uri(uas), { body: OFFER, signal: controller.signal, onProvisional: (r) => r.status === 180 && controller.abort() });
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    await cancelled;
    expect(incoming!.canceled).toBe(true);
    expect(() => incoming!.accept({ body: ANSWER })).toThrow(expect.objectContaining({ code: 'ALREADY_ANSWERED' }));
  });

  it('rejects at once with AbortError for an already aborted signal, sending nothing', async () => {
    const uac = await client();
    const target = await peer();
    await expect(uac.invite(`sip:x@127.0.0.1:${target.port}`, { body: OFFER, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(uac.stats.sent).toBe(0);
  });
});

describe('SIPClient advertised address', () => {
  it('advertises what each peer can reach: loopback to loopback peers when bound to a wildcard', async () => {
    const wild = await client({ host: '0.0.0.0', username: 'bob' });
    const external = wild.localAddress.host;
    expect(wild.localHostFor('127.0.0.1')).toBe('127.0.0.1');
    expect(wild.localHostFor('127.8.9.10')).toBe('127.0.0.1');
    expect(wild.localHostFor('[::1]')).toBe('::1');
    expect(wild.localHostFor('198.51.100.7')).toBe(external);
    const pinned = await client({ host: '0.0.0.0', advertisedHost: 'phone.example.test' });
    expect(pinned.localHostFor('127.0.0.1')).toBe('phone.example.test');
    const bound = await client({ host: '127.0.0.1' });
    expect(bound.localHostFor('198.51.100.7')).toBe('127.0.0.1');
  });

  it('answers a loopback caller with a loopback Contact when bound to 0.0.0.0', async () => {
    const uas = await client({ host: '0.0.0.0', username: 'bob' });
    const uac = await client({ username: 'alice' });
    uas.on('invite', (invite) => {
      invite.ringing();
      void invite.accept({ body: ANSWER });
    });
    const { response, dialog } = await uac.invite(`sip:bob@127.0.0.1:${uas.localAddress.port}`, { body: OFFER });
    expect(getHeader(response, 'Contact')).toBe(`<sip:bob@127.0.0.1:${uas.localAddress.port}>`);
    await dialog.bye();
  });
});

describe('SIPClient UAC against a raw peer', () => {
  it('answers a 407 with Proxy-Authorization and CSeq + 1, then ACKs the 2xx with its To-tag', async () => {
    const credentials = new CredentialsManager();
    credentials.add('alice', 'pw', { realm: 'proxy' });
    const proxy = await peer((m, p, from) => {
      if (!isRequest('INVITE')(m)) return;
      const auth = getHeader(m, 'Proxy-Authorization');
      if (!auth) {
        p.send(buildResponse(m, 407, { toTag: 'p1', headers: [['Proxy-Authenticate', 'Digest realm="proxy", nonce="abc"']] }), from.port);
        return;
      }
      const c = parseAuthCredentials(auth);
      const good = c.response === computeDigestResponse({ username: 'alice', password: 'pw', realm: 'proxy', nonce: 'abc', method: 'INVITE', uri: c.uri });
      p.send(buildResponse(m, good ? 200 : 403, { toTag: 'callee', headers: [['Contact', `<sip:bob@127.0.0.1:${p.port}>`]], body: ANSWER }), from.port);
    });
    const uac = await client({ username: 'alice', credentials, server: { host: '127.0.0.1', port: proxy.port } });
    const { response, dialog } = await uac.invite('sip:bob@example.test', { body: OFFER });
    expect(response.status).toBe(200);
    const invites = proxy.received.filter(isRequest('INVITE'));
    expect(invites.map((m) => getCSeq(m).seq)).toEqual([1, 2]);
    const nonTwoAck = await proxy.next((m) => isRequest('ACK')(m) && getCSeq(m).seq === 1);
    expect(getTo(nonTwoAck).params.tag).toBe('p1');
    const ack = (await proxy.next((m) => isRequest('ACK')(m) && getCSeq(m).seq === 2)) as SIPRequest;
    expect(getTo(ack).params.tag).toBe('callee');
    expect(ack.uri).toBe(`sip:bob@127.0.0.1:${proxy.port}`);
    expect(dialog.remoteTag).toBe('callee');
  });

  it('times out on Timer B with 6 INVITE retransmissions when nobody answers', async () => {
    const clock = new FakeClock(0);
    const uac = await client({ clock });
    const silent = await peer();
    const call = uac.invite(`sip:x@127.0.0.1:${silent.port}`, { body: OFFER }).catch((e: unknown) => e);
    await silent.next(isRequest('INVITE'));
    clock.advance(32_000);
    expect(await call).toMatchObject({ name: 'TransactionTimeoutError', timer: 'B' });
    expect(uac.stats.retransmissions).toBe(6);
  });
});

describe('SIPClient UAS against a raw peer', () => {
  const invite = (p: UDPPeer, target: SIPClient, method = 'INVITE', body = OFFER) =>
    buildRequest({
      method,
      uri: uri(target),
      headers: [
        ['Via', `SIP/2.0/UDP 127.0.0.1:${p.port};rport;branch=z9hG4bK${method}${Math.random().toString(36).slice(2)}`],
        ['Max-Forwards', '70'],
        ['From', '<sip:carol@127.0.0.1>;tag=carol'],
        ['To', `<${uri(target)}>`],
        ['Call-ID', `peer-${method}-${Math.random()}`],
        ['CSeq', `1 ${method}`],
        ['Contact', `<sip:carol@127.0.0.1:${p.port}>`],
      ],
      body,
    });

  it('retransmits the 2xx until 64*T1 without an ACK, rejects with Timer H, and sends BYE', async () => {
    const clock = new FakeClock(0);
    const uas = await client({ clock, username: 'bob' });
    const p = await peer();
    const accepted = new Promise<unknown>((resolve) => uas.on('invite', (i) => resolve(i.accept({ body: ANSWER }).catch((e: unknown) => e))));
    p.send(invite(p, uas), uas.localAddress.port);
    await p.next(isResponse(200));
    clock.advance(40_000);
    expect(await accepted).toMatchObject({ name: 'TransactionTimeoutError', timer: 'H' });
    const bye = await p.next(isRequest('BYE'));
    expect(getHeader(bye, 'Call-ID')).toBe(getHeader(p.received.find(isResponse(200))!, 'Call-ID'));
    expect(uas.stats.retransmissions).toBeGreaterThanOrEqual(10);
  });

  it('answers OPTIONS 200 with Allow, Accept and Supported', async () => {
    const uas = await client();
    const p = await peer();
    p.send(invite(p, uas, 'OPTIONS', ''), uas.localAddress.port);
    const ok = await p.next(isResponse(200));
    expect(getHeader(ok, 'Allow')).toContain('INVITE');
    expect(getHeader(ok, 'Accept')).toContain('application/sdp');
    expect(getHeader(ok, 'Supported')).toBe('replaces');
    expect(getTo(ok).params.tag).toBeTruthy();
  });

  it('answers unknown methods 405 with Allow, and BYE outside a dialog 481', async () => {
    const uas = await client();
    const p = await peer();
    p.send(invite(p, uas, 'PUBLISH', ''), uas.localAddress.port);
    const notAllowed = await p.next(isResponse(405));
    expect(getHeader(notAllowed, 'Allow')).toBe('INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, INFO, UPDATE, REFER, NOTIFY');
    p.send(invite(p, uas, 'BYE', ''), uas.localAddress.port);
    await p.next(isResponse(481));
    p.send(invite(p, uas, 'FROBNICATE', ''), uas.localAddress.port);
    await p.next(isResponse(501));
  });

  it('answers 420 with Unsupported for a Require it lacks, and serves Require: replaces', async () => {
    const uas = await client();
    const p = await peer();
    uas.on('invite', (inv) => inv.reject(486));
    p.send(withHeader(invite(p, uas, 'OPTIONS', ''), 'Require', '100rel, replaces, timer'), uas.localAddress.port);
    const bad = await p.next(isResponse(420));
    expect(getHeader(bad, 'Unsupported')).toBe('100rel, timer');
    p.send(withHeader(invite(p, uas, 'OPTIONS', ''), 'Require', 'replaces'), uas.localAddress.port);
    await p.next(isResponse(200));
  });

  it('matches RFC 2543 requests without a branch: a retransmitted MESSAGE is answered by its transaction, emitted once', async () => {
    const uas = await client();
    const p = await peer();
    const seen: string[] = [];
    uas.on('message', (m) => seen.push(text(m.body)));
    const old = withHeader(invite(p, uas, 'MESSAGE', 'legacy'), 'Via', `SIP/2.0/UDP 127.0.0.1:${p.port}`);
    p.send(old, uas.localAddress.port);
    await p.next(isResponse(200));
    p.send(old, uas.localAddress.port);
    await p.next(isResponse(200));
    expect(seen).toEqual(['legacy']);
    expect(uas.stats.retransmissions).toBe(1);
  });

  it('answers MESSAGE 200 and emits it', async () => {
    const uas = await client();
    const p = await peer();
    const message = once(uas, 'message');
    p.send(invite(p, uas, 'MESSAGE', 'hello'), uas.localAddress.port);
    await p.next(isResponse(200));
    const [request] = (await message) as [SIPRequest];
    expect(text(request.body)).toBe('hello');
  });

  it('answers a retransmitted MESSAGE from the transaction, emitting it once', async () => {
    const uas = await client();
    const p = await peer();
    let events = 0;
    uas.on('message', () => events++);
    const request = invite(p, uas, 'MESSAGE', 'once');
    p.send(request, uas.localAddress.port);
    await p.next(isResponse(200));
    p.send(request, uas.localAddress.port);
    await p.next(isResponse(200));
    expect(events).toBe(1);
    expect(uas.stats.retransmissions).toBe(1);
  });

  it('answers a malformed request 400 and counts it, drops garbage, and keeps working', async () => {
    const uas = await client();
    const p = await peer();
    const broken =
      `OPTIONS ${uri(uas)} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${p.port};branch=z9hG4bKbroken\r\nFrom: <sip:c@x>;tag=1\r\n` +
      `To: <sip:b@y>\r\nCall-ID: broken\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n`;
    p.send(broken, uas.localAddress.port);
    const bad = await p.next(isResponse(400));
    expect(getHeader(bad, 'Call-ID')).toBe('broken');
    p.send(Buffer.from([0, 1, 2, 3, 255, 13, 10]), uas.localAddress.port);
    p.send(invite(p, uas, 'OPTIONS', ''), uas.localAddress.port);
    await p.next(isResponse(200));
    expect(uas.stats).toMatchObject({ malformed: 2, answered400: 1 });
  });

  it('answers 400 from a server transaction to an INVITE whose Contact does not parse, and offers no call', async () => {
    const uas = await client();
    const p = await peer();
    let offered = 0;
    uas.on('invite', () => offered++);
    // RFC 4475 regbadct: a URI with headers must be enclosed in <> (the parser leaves Contact to be read)
    const request = withHeader(invite(p, uas), 'Contact', 'sip:carol@127.0.0.1?Route=%3Csip:x%3E');
    p.send(request, uas.localAddress.port);
    const refused = await p.next(isResponse(400));
    expect(getHeader(refused, 'Warning')).toMatch(/^399 - ".*Contact/);
    // the retransmitted INVITE is absorbed by the transaction: the same 400 again, nothing counted twice
    p.send(request, uas.localAddress.port);
    await p.next((m) => isResponse(400)(m) && m !== refused);
    expect(offered).toBe(0);
    expect(uas.stats).toMatchObject({ malformed: 1, answered400: 1, retransmissions: 1 });
  });

  it('rejects a second start() and methods before start() with InvalidStateError', async () => {
    const c = new SIPClient({ host: '127.0.0.1', port: 0 });
    expect(() => c.localAddress).toThrow(expect.objectContaining({ code: 'NOT_STARTED' }));
    expect(() => c.register()).toThrow(expect.objectContaining({ code: 'NOT_STARTED' }));
    await c.start();
    cleanup.push(() => c.stop());
    await expect(c.start()).rejects.toMatchObject({ code: 'ALREADY_STARTED' });
    expect(() => c.register()).toThrow(expect.objectContaining({ code: 'NOT_CONFIGURED' }));
    await expect(c.request('sip:x@127.0.0.1', 'INVITE')).rejects.toMatchObject({ name: 'InvalidRangeError' });
  });
});
