import { buildRequest, buildResponse, getTopVia, getVias } from '@voip/sip-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHost, responseAddress, stampReceived, stripBrackets } from './via-routing.js';

const request = (...vias: string[]) =>
  buildRequest({
    method: 'OPTIONS',
    uri: 'sip:bob@127.0.0.1',
    headers: [...vias.map((v) => ['Via', v] as [string, string]), ['From', '<sip:a@x>;tag=1'], ['To', '<sip:b@y>'], ['Call-ID', 'c'], ['CSeq', '1 OPTIONS']],
  });

describe('stampReceived', () => {
  it('fills a valueless rport and adds received (RFC 3581)', () => {
    const r = stampReceived(request('SIP/2.0/UDP 10.0.0.1:5060;rport;branch=z9hG4bK1'), { host: '192.0.2.7', port: 40000 });
    expect(getTopVia(r)).toMatchObject({ host: '10.0.0.1', port: 5060, params: { rport: '40000', branch: 'z9hG4bK1', received: '192.0.2.7' } });
  });

  it('adds received when the sent-by host differs, and leaves lower Vias alone', () => {
    const r = stampReceived(request('SIP/2.0/UDP host.example;branch=z9hG4bK1', 'SIP/2.0/UDP 10.9.9.9;branch=z9hG4bK0'), { host: '192.0.2.7', port: 5060 });
    const vias = getVias(r);
    expect(vias[0]!.params).toEqual({ branch: 'z9hG4bK1', received: '192.0.2.7' });
    expect(vias[1]!.params).toEqual({ branch: 'z9hG4bK0' });
  });

  it('returns the same request when the source matches and there is no rport', () => {
    const original = request('SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bK1');
    expect(stampReceived(original, { host: '192.0.2.7', port: 5070 })).toBe(original);
  });
});

describe('responseAddress', () => {
  const respond = (via: string) => buildResponse(request(via), 200);
  it.each([
    ['SIP/2.0/UDP 10.0.0.1:5070;branch=z9hG4bK1', { host: '10.0.0.1', port: 5070 }],
    ['SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1', { host: '10.0.0.1', port: 5060 }],
    ['SIP/2.0/UDP 10.0.0.1:5070;branch=z9hG4bK1;received=192.0.2.7', { host: '192.0.2.7', port: 5070 }],
    ['SIP/2.0/UDP 10.0.0.1:5070;rport=40000;branch=z9hG4bK1;received=192.0.2.7', { host: '192.0.2.7', port: 40000 }],
    ['SIP/2.0/UDP [2001:db8::1]:5070;branch=z9hG4bK1', { host: '2001:db8::1', port: 5070 }],
  ])('%s -> %o', (via, address) => {
    expect(responseAddress(respond(via))).toEqual(address);
  });
});

describe('stampReceived + responseAddress (property)', () => {
  it('sends the response back to the real source of any request that asked for rport', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 1, max: 65535 }), fc.ipV4(), fc.integer({ min: 1, max: 65535 }), (sentHost, sentPort, host, port) => {
        const stamped = stampReceived(request(`SIP/2.0/UDP ${sentHost}:${sentPort};rport;branch=z9hG4bKp`), { host, port });
        expect(responseAddress(buildResponse(stamped, 200))).toEqual({ host, port });
      }),
    );
  });
});

describe('withViaTransport', () => {
  it('rewrites only the top Via transport and port, keeping host and params', async () => {
    const { withViaTransport } = await import('./via-routing.js');
    const original = request('SIP/2.0/UDP 10.0.0.1:5060;rport;branch=z9hG4bK1', 'SIP/2.0/UDP 10.9.9.9;branch=z9hG4bK0');
    const r = withViaTransport(original, 'TCP', 5062);
    expect(getVias(r)[0]).toEqual({ protocol: 'SIP/2.0', transport: 'TCP', host: '10.0.0.1', port: 5062, params: { rport: null, branch: 'z9hG4bK1' } });
    expect(getVias(r)[1]!.transport).toBe('UDP');
    expect(withViaTransport(original, 'UDP', 5060)).toBe(original);
  });
});

describe('stripBrackets and formatHost', () => {
  it.each([
    ['[2001:db8::1]', '2001:db8::1'],
    ['192.0.2.1', '192.0.2.1'],
    ['pbx.example.com', 'pbx.example.com'],
  ])('%s <-> %s', (written, bare) => {
    expect(stripBrackets(written)).toBe(bare);
    expect(formatHost(bare)).toBe(written);
  });
});
