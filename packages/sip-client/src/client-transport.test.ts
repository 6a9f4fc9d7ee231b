import { createSocket, type Socket } from 'node:dgram';
import { buildResponse, getHeader, getTopVia, parseSIPMessage, serializeSIPMessage, serializeVia, withHeader, type SIPRequest } from '@voip/sip-parser';
import { FakeClock, pollUntil } from '@voip/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { SIPClient, type SIPClientOptions } from './sip-client.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A raw UDP registrar/proxy: answers every request with `answer(request)` and records raw datagrams. */
async function rawPeer(answer: (request: SIPRequest) => ReturnType<typeof buildResponse> | undefined) {
  const socket: Socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const datagrams: string[] = [];
  const requests: SIPRequest[] = [];
  socket.on('message', (buf, rinfo) => {
    datagrams.push(buf.toString());
    if (buf.toString().trim() === '') return; // a CRLF keep-alive
    const message = parseSIPMessage(buf);
    if (message.type !== 'REQUEST') return;
    requests.push(message);
    const response = answer(message);
    if (response) socket.send(serializeSIPMessage(response), rinfo.port, rinfo.address);
  });
  cleanup.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return { port: socket.address().port, datagrams, requests };
}

async function client(options: Partial<SIPClientOptions>): Promise<SIPClient> {
  const c = new SIPClient({ host: '127.0.0.1', port: 0, ...options });
  await c.start();
  cleanup.push(() => c.stop());
  return c;
}

const ok = (request: SIPRequest) => buildResponse(request, 200, { toTag: 'peer' });

describe('outbound proxy', () => {
  it('sends every request to the proxy with a preloaded loose Route, never resolving the target', async () => {
    const proxy = await rawPeer(ok);
    const resolver = { naptr: () => Promise.reject(new Error('no DNS')), srv: () => Promise.reject(new Error('no DNS')), addresses: () => Promise.reject(new Error('no DNS')) };
    const alice = await client({ username: 'alice', outboundProxy: `sip:127.0.0.1:${proxy.port}`, resolver });
    const response = await alice.request('sip:bob@far.example.com', 'MESSAGE', { body: 'hi' });
    expect(response.status).toBe(200);
    const sent = proxy.requests[0]!;
    expect(sent.uri).toBe('sip:bob@far.example.com');
    expect(getHeader(sent, 'Route')).toBe(`<sip:127.0.0.1:${proxy.port};lr>`);
  });
});

describe('NAT: the address a registrar saw us at (RFC 3581)', () => {
  it('learns received/rport from the REGISTER response and advertises them in Contact and localHostFor', async () => {
    const registrar = await rawPeer((request) => {
      const via = getTopVia(request);
      const response = buildResponse(request, 200, { toTag: 'reg', headers: [['Expires', '300']] });
      if (request.method !== 'REGISTER') return response;
      // pretend a NAT rewrote our source to 203.0.113.7:40000
      return withHeader(response, 'Via', serializeVia({ ...via, params: { ...via.params, rport: '40000', received: '203.0.113.7' } }));
    });
    const alice = await client({ username: 'alice', server: { host: '127.0.0.1', port: registrar.port } });
    expect(alice.localHostFor('127.0.0.1')).toBe('127.0.0.1');
    await alice.register();
    expect(getHeader(registrar.requests[0]!, 'Contact')).toBe(`<sip:alice@127.0.0.1:${alice.localAddress.port}>`);
    expect(alice.localHostFor('127.0.0.1')).toBe('203.0.113.7');
    await alice.request(`sip:bob@127.0.0.1:${registrar.port}`, 'OPTIONS');
    expect(getHeader(registrar.requests.at(-1)!, 'Contact')).toBe('<sip:alice@203.0.113.7:40000>');
  });
});

describe('keep-alives on the registration flow', () => {
  it('sends a CRLFCRLF datagram to the registrar every keepAliveInterval on the injected clock', async () => {
    const clock = new FakeClock();
    const registrar = await rawPeer((request) => buildResponse(request, 200, { toTag: 'reg', headers: [['Expires', '3600']] }));
    const alice = await client({ username: 'alice', clock, keepAliveInterval: 15_000, server: { host: '127.0.0.1', port: registrar.port } });
    await alice.register();
    const before = registrar.datagrams.length;
    clock.advance(14_999);
    clock.advance(1);
    clock.advance(15_000);
    await pollUntil('two more datagrams', async () => (registrar.datagrams.length >= before + 2 ? true : undefined), 5_000, 5);
    expect(registrar.datagrams.slice(before)).toEqual(['\r\n\r\n', '\r\n\r\n']);
  });
});

