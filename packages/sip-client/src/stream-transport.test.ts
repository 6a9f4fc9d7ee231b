import { connect } from 'node:net';
import { getHeader, getTopVia, type SIPRequest } from '@voip/sip-parser';
import { FakeClock, pollUntil } from '@voip/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from './clock.js';
import type { Dialog } from './dialog.js';
import { isTransportError } from './errors.js';
import { sdp, startClient, text } from './test-call-support.js';
import { StreamTransport } from './stream-transport.js';
import { tcpSocketFactory } from './tcp-transport.js';
import { formatHost } from './via-routing.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('SIP over TCP between two clients', () => {
  it('calls with INVITE/200/ACK/BYE over one TCP connection, Via and Contact saying TCP, reliable timers', async () => {
    const alice = await startClient(cleanup, { username: 'alice', transport: 'tcp' });
    const bob = await startClient(cleanup, { username: 'bob', transport: 'tcp' });
    const seen: SIPRequest[] = [];
    let answered: Promise<Dialog> | undefined;
    bob.on('invite', (invite) => {
      seen.push(invite.request);
      answered = invite.accept({ body: sdp('bob', 40002) });
    });
    const target = `sip:bob@127.0.0.1:${bob.localAddress.port};transport=tcp`;
    const { response, dialog } = await alice.invite(target, { body: sdp('alice', 40000) });
    expect(response.status).toBe(200);
    const b = await answered!;
    expect(getTopVia(seen[0]!).transport).toBe('TCP');
    expect(getHeader(seen[0]!, 'Contact')).toMatch(/;transport=tcp>$/);
    expect(getHeader(response, 'Contact')).toMatch(/;transport=tcp>$/);
    const ended = new Promise((resolve) => b.once('terminated', resolve));
    await dialog.bye();
    expect(await ended).toBe('BYE');
    // everything went over TCP: no UDP datagrams were needed, and no retransmissions on a reliable transport
    expect(alice.stats.retransmissions).toBe(0);
    expect(bob.stats.received).toBeGreaterThanOrEqual(3); // INVITE, ACK, BYE
  });

  it('answers a request over the connection it came on (RFC 3261 §18.2.2)', async () => {
    const bob = await startClient(cleanup, { username: 'bob' });
    const socket = connect(bob.localAddress.port, '127.0.0.1');
    cleanup.push(async () => void socket.destroy());
    const request =
      'OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKtcp1\r\nMax-Forwards: 70\r\n' +
      'From: <sip:x@127.0.0.1>;tag=1\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: tcp-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n';
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString()));
    // split across writes, with a CRLF ping first: the framer must join them, and the ping gets a CRLF pong
    socket.write('\r\n\r\n');
    socket.write(request.slice(0, 40));
    socket.write(request.slice(40));
    // port 9 in the Via is not listening: the 200 can only come back over this connection
    await pollUntil('the response', async () => (received.includes('Content-Length: 0\r\n\r\n') ? true : undefined), 5_000, 5);
    expect(received.startsWith('\r\nSIP/2.0 200 OK\r\n')).toBe(true);
    expect(received).toContain('CSeq: 1 OPTIONS');
  });

  it('sends a request too large for UDP over TCP, and the Via says TCP (RFC 3261 §18.1.1)', async () => {
    const alice = await startClient(cleanup, { username: 'alice' });
    const bob = await startClient(cleanup, { username: 'bob' });
    const got = new Promise<SIPRequest>((resolve) => bob.once('message', resolve));
    const big = 'x'.repeat(1400);
    const response = await alice.request(`sip:bob@127.0.0.1:${bob.localAddress.port}`, 'MESSAGE', { body: big });
    expect(response.status).toBe(200);
    const message = await got;
    expect(getTopVia(message).transport).toBe('TCP');
    expect(text(message.body)).toBe(big);
    // a small one still goes over UDP
    const small = new Promise<SIPRequest>((resolve) => bob.once('message', resolve));
    await alice.request(`sip:bob@127.0.0.1:${bob.localAddress.port}`, 'MESSAGE', { body: 'hi' });
    expect(getTopVia(await small).transport).toBe('UDP');
  });

  it('reports a refused connection to the transaction as a TransportError', async () => {
    const alice = await startClient(cleanup, { username: 'alice' });
    const closed = await startClient(cleanup, { username: 'gone' });
    const port = closed.localAddress.port;
    await closed.stop();
    const error = await alice.request(`sip:bob@127.0.0.1:${port};transport=tcp`, 'OPTIONS').catch((e: unknown) => e);
    expect(isTransportError(error) && error.code).toBe('CONNECT_FAILED');
  });
});

describe('SIP over IPv6', () => {
  it.each(['udp', 'tcp'] as const)('calls between two clients bound to ::1 over %s', async (transport) => {
    const alice = await startClient(cleanup, { host: '::1', username: 'alice', transport });
    const bob = await startClient(cleanup, { host: '::1', username: 'bob', transport });
    let invite: SIPRequest | undefined;
    bob.on('invite', (i) => {
      invite = i.request;
      void i.accept({ body: sdp('bob', 40002) });
    });
    const { response, dialog } = await alice.invite(`sip:bob@${formatHost(bob.localAddress.host)}:${bob.localAddress.port}`, { body: sdp('alice', 40000) });
    expect(response.status).toBe(200);
    expect(getTopVia(invite!).host).toBe('[::1]');
    expect(getHeader(invite!, 'Contact')).toContain('@[::1]:');
    await dialog.bye();
  });
});

describe('StreamTransport idle close', () => {
  it('closes a connection nobody used for the idle timeout, on the injected clock', async () => {
    const clock = new FakeClock();
    const server = new StreamTransport({ factory: tcpSocketFactory(), host: '127.0.0.1', port: 0, clock: systemClock, onMessage: () => undefined, onError: () => undefined });
    await server.start();
    cleanup.push(() => server.stop());
    const client = new StreamTransport({ factory: tcpSocketFactory({ listen: false }), host: '127.0.0.1', port: 0, clock, idleTimeout: 30_000, onMessage: () => undefined, onError: () => undefined });
    cleanup.push(() => client.stop());
    const target = { host: '127.0.0.1', port: server.listeningPort! };
    const first = client.connectionTo(target);
    await first.ready;
    expect(client.connectionTo(target)).toBe(first); // reused
    clock.advance(29_999);
    expect(first.open).toBe(true);
    clock.advance(1);
    expect(first.open).toBe(false);
    expect(client.size).toBe(0);
    // a pinned connection (a registration flow) stays
    const second = client.connectionTo(target);
    second.pinned = true;
    await second.ready;
    clock.advance(120_000);
    expect(second.open).toBe(true);
  });
});
