import { getTopVia, serializeSIPMessage, type SIPMessage, type SIPResponse } from '@voip/sip-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { isTransportError } from './errors.js';
import { makeRequest, makeResponse, startUDPPeer, type UDPPeer } from './test-support.js';
import { UDPTransport } from './udp-transport.js';
import type { Address } from './via-routing.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function setup() {
  const got: { message: SIPMessage; source: Address }[] = [];
  const errors: Error[] = [];
  let waiting: (() => void) | undefined;
  const transport = new UDPTransport({
    host: '127.0.0.1',
    onMessage: (message, source) => {
      got.push({ message, source });
      waiting?.();
    },
    onError: (e) => errors.push(e),
  });
  await transport.start();
  const peer = await startUDPPeer();
  cleanup.push(() => transport.stop(), () => peer.close());
  const nextMessage = () => new Promise<void>((resolve) => (waiting = resolve));
  return { transport, peer, got, errors, nextMessage };
}

/** Sends a marker request after `send` so the test knows the earlier datagrams were processed (UDP on loopback keeps order). */
async function flush(t: { peer: UDPPeer; transport: UDPTransport; nextMessage: () => Promise<void> }) {
  const done = t.nextMessage();
  t.peer.send(makeRequest('OPTIONS', { branch: 'z9hG4bKflush' }), t.transport.address.port);
  await done;
}

const MALFORMED_WITH_HEADERS =
  'INVITE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;rport;branch=z9hG4bKbad\r\nFrom: <sip:a@127.0.0.1>;tag=1\r\n' +
  'To: <sip:bob@127.0.0.1>\r\nCall-ID: bad-1\r\nCSeq: 1 INVITE\r\nContent-Length: 500\r\n\r\nshort body';

describe('UDPTransport', () => {
  it('delivers requests with received and rport stamped from the real source', async () => {
    const t = await setup();
    const arrived = t.nextMessage();
    t.peer.send(makeRequest('OPTIONS'), t.transport.address.port);
    await arrived;
    const { message, source } = t.got[0]!;
    expect(source).toEqual({ host: '127.0.0.1', port: t.peer.port });
    expect(getTopVia(message).params).toMatchObject({ rport: String(t.peer.port), received: '127.0.0.1' });
    expect(t.transport.stats.received).toBe(1);
  });

  it('answers a malformed request with readable Via/From/To/Call-ID/CSeq with 400, to the rport, and counts it', async () => {
    const t = await setup();
    t.peer.send(MALFORMED_WITH_HEADERS, t.transport.address.port);
    const answer = (await t.peer.next((m) => m.type === 'RESPONSE')) as SIPResponse;
    expect(answer.status).toBe(400);
    expect(getTopVia(answer).params.branch).toBe('z9hG4bKbad');
    expect(t.transport.stats).toMatchObject({ malformed: 1, answered400: 1, received: 0 });
    expect(t.got).toEqual([]);
  });

  it('drops garbage and malformed responses without answering, counting them', async () => {
    const t = await setup();
    t.peer.send('\u0000\u0001 definitely not SIP \u00ff', t.transport.address.port);
    t.peer.send('SIP/2.0 999999 Nope\r\nVia: SIP/2.0/UDP x;branch=z9hG4bK1\r\n\r\n', t.transport.address.port);
    t.peer.send('INVITE sip:x SIP/2.0\r\nCSeq: 1 INVITE\r\n\r\n', t.transport.address.port);
    await flush(t);
    expect(t.transport.stats).toMatchObject({ malformed: 3, answered400: 0, received: 1 });
    expect(t.peer.received).toEqual([]);
    expect(t.errors).toEqual([]);
  });

  it('ignores CRLF keep-alives', async () => {
    const t = await setup();
    t.peer.send('\r\n\r\n', t.transport.address.port);
    t.peer.send('\r\n', t.transport.address.port);
    await flush(t);
    expect(t.transport.stats).toMatchObject({ keepAlives: 2, malformed: 0, received: 1 });
  });

  it('survives a throwing handler and reports it', async () => {
    const errors: Error[] = [];
    const transport = new UDPTransport({ host: '127.0.0.1', onMessage: () => { throw new Error('handler bug'); }, onError: (e) => errors.push(e) });
    await transport.start();
    const peer = await startUDPPeer();
    cleanup.push(() => transport.stop(), () => peer.close());
    peer.send(makeRequest('OPTIONS'), transport.address.port);
    peer.send(makeRequest('OPTIONS'), transport.address.port);
    await expect.poll(() => errors.length, { timeout: 5000 }).toBe(2);
    expect(errors[0]!.message).toBe('handler bug');
  });

  it('sends responses where the top Via says', async () => {
    const t = await setup();
    const request = makeRequest('OPTIONS');
    const arrived = t.nextMessage();
    t.peer.send(request, t.transport.address.port);
    await arrived;
    t.transport.sendResponse(makeResponse(t.got[0]!.message as typeof request, 200));
    const response = (await t.peer.next((m) => m.type === 'RESPONSE')) as SIPResponse;
    expect(response.status).toBe(200);
    expect(t.transport.stats.sent).toBe(1);
  });

  it('refuses oversize messages and sends after stop with TransportError', async () => {
    const transport = new UDPTransport({ host: '127.0.0.1', maxMessageBytes: 100, onMessage: () => undefined });
    await transport.start();
    const big = makeRequest('MESSAGE', { body: 'x'.repeat(200) });
    expect(() => transport.sendRequest(big, { host: '127.0.0.1', port: 9 })).toThrow(expect.objectContaining({ code: 'MESSAGE_TOO_LARGE' }));
    await transport.stop();
    let caught: unknown;
    try { transport.sendBytes(serializeSIPMessage(big), { host: '127.0.0.1', port: 9 }); } catch (e) { caught = e; }
    expect(isTransportError(caught)).toBe(true);
    expect((caught as { code: string }).code).toBe('CLOSED');
  });

  it('rejects start() with BIND_FAILED when the port is taken', async () => {
    const t = await setup();
    const second = new UDPTransport({ host: '127.0.0.1', port: t.transport.address.port, onMessage: () => undefined });
    await expect(second.start()).rejects.toMatchObject({ name: 'TransportError', code: 'BIND_FAILED' });
  });
});
