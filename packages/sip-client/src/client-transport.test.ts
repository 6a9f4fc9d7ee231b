import { createSocket, type Socket } from 'node:dgram';
import { buildResponse, getHeader, getTopVia, parseSIPMessage, serializeSIPMessage, serializeVia, withHeader, type SIPRequest } from '@voip/sip-parser';
import { FakeClock, pollUntil } from '@voip/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { startClient } from './test-call-support.js';

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

const ok = (request: SIPRequest) => buildResponse(request, 200, { toTag: 'peer' });

describe('outbound proxy', () => {
  it('sends every request to the proxy with a preloaded loose Route, never resolving the target', async () => {
    const proxy = await rawPeer(ok);
    const resolver = { naptr: () => Promise.reject(new Error('no DNS')), srv: () => Promise.reject(new Error('no DNS')), addresses: () => Promise.reject(new Error('no DNS')) };
    const alice = await startClient(cleanup, { username: 'alice', outboundProxy: `sip:127.0.0.1:${proxy.port}`, resolver });
    const response = await alice.request('sip:bob@far.example.com', 'MESSAGE', { body: 'hi' });
    expect(response.status).toBe(200);
    const sent = proxy.requests[0]!;
    expect(sent.uri).toBe('sip:bob@far.example.com');
    expect(getHeader(sent, 'Route')).toBe(`<sip:127.0.0.1:${proxy.port};lr>`);
  });
});

describe('the next hop', () => {
  /** A resolver that counts its lookups and maps every name to 127.0.0.1. */
  const countingResolver = () => {
    const lookups = { naptr: 0, srv: 0, addresses: 0 };
    const resolver = {
      naptr: async () => (lookups.naptr++, []),
      srv: async () => (lookups.srv++, []),
      addresses: async () => (lookups.addresses++, ['127.0.0.1']),
    };
    return { lookups, resolver };
  };

  it('goes to a configured server at the port it names, 5060 included, without SRV; a URI without port uses RFC 3263', async () => {
    const configured = countingResolver();
    const alice = await startClient(cleanup, { username: 'alice', clock: new FakeClock(), resolver: configured.resolver, server: { host: 'pbx.test', port: 5060 } });
    alice.request('sip:bob@pbx.test', 'OPTIONS').catch(() => undefined);
    await pollUntil('the address lookup', async () => (configured.lookups.addresses > 0 ? true : undefined), 5_000, 5);
    expect(configured.lookups).toEqual({ naptr: 0, srv: 0, addresses: 1 });
    const derived = countingResolver();
    const bob = await startClient(cleanup, { username: 'bob', clock: new FakeClock(), resolver: derived.resolver });
    bob.request('sip:carol@pbx.test', 'OPTIONS').catch(() => undefined);
    await pollUntil('the SRV lookups', async () => (derived.lookups.srv > 0 ? true : undefined), 5_000, 5);
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
    const alice = await startClient(cleanup, { username: 'alice', server: { host: '127.0.0.1', port: registrar.port } });
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
    const alice = await startClient(cleanup, { username: 'alice', clock, keepAliveInterval: 15_000, server: { host: '127.0.0.1', port: registrar.port } });
    await alice.register();
    const before = registrar.datagrams.length;
    const sent = alice.stats.sent;
    clock.advance(14_999);
    expect(alice.stats.sent).toBe(sent);
    clock.advance(1);
    expect(alice.stats.sent).toBe(sent + 1);
    await pollUntil('the first keep-alive', async () => (registrar.datagrams.length > before ? true : undefined), 5_000, 5);
    clock.advance(15_000);
    await pollUntil('two more datagrams', async () => (registrar.datagrams.length >= before + 2 ? true : undefined), 5_000, 5);
    expect(registrar.datagrams.slice(before)).toEqual(['\r\n\r\n', '\r\n\r\n']);
  });
});

