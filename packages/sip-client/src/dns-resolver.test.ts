import { parseURI } from '@voip/sip-parser';
import { describe, expect, it } from 'vitest';
import { literalTarget, nodeDNSResolver, resolveSIPURI, type NaptrRecord, type SIPDNSResolver, type SrvRecord } from './dns-resolver.js';
import { isTransportError } from './errors.js';

/** A resolver over fixed tables, recording the queries it got (no DNS traffic). */
function fakeResolver(zone: { naptr?: Record<string, NaptrRecord[]>; srv?: Record<string, SrvRecord[]>; a?: Record<string, string[]> }) {
  const queries: string[] = [];
  const resolver: SIPDNSResolver = {
    naptr: async (name) => (queries.push(`NAPTR ${name}`), zone.naptr?.[name] ?? []),
    srv: async (name) => (queries.push(`SRV ${name}`), zone.srv?.[name] ?? []),
    addresses: async (name) => (queries.push(`A ${name}`), zone.a?.[name] ?? []),
  };
  return { resolver, queries };
}

const naptr = (order: number, preference: number, service: string, replacement: string): NaptrRecord => ({ order, preference, flags: 's', service, replacement });
const srv = (priority: number, weight: number, port: number, name: string): SrvRecord => ({ priority, weight, port, name });

describe('resolveSIPURI (RFC 3263)', () => {
  it('uses an IP literal as it is: transport from the URI, default port per transport, no DNS', async () => {
    const { resolver, queries } = fakeResolver({});
    expect(await resolveSIPURI(parseURI('sip:bob@192.0.2.1'), { resolver })).toEqual([{ transport: 'udp', host: '192.0.2.1', port: 5060 }]);
    expect(await resolveSIPURI(parseURI('sips:bob@[2001:db8::1]'), { resolver })).toEqual([{ transport: 'tls', host: '2001:db8::1', port: 5061 }]);
    expect(await resolveSIPURI(parseURI('sip:bob@192.0.2.1:5070;transport=tcp'), { resolver })).toEqual([{ transport: 'tcp', host: '192.0.2.1', port: 5070 }]);
    expect(queries).toEqual([]);
    expect(literalTarget(parseURI('sip:example.com'))).toBeUndefined();
  });

  it('follows NAPTR by order and preference to SRV, then addresses, skipping services it does not speak', async () => {
    const { resolver, queries } = fakeResolver({
      naptr: {
        'example.com': [
          naptr(50, 50, 'SIP+D2U', '_sip._udp.example.com'),
          naptr(10, 60, 'SIP+D2T', '_sip._tcp.example.com'),
          naptr(10, 50, 'SIPS+D2T', '_sips._tcp.example.com'),
          naptr(5, 50, 'SIP+D2S', '_sip._sctp.example.com'),
        ],
      },
      srv: { '_sips._tcp.example.com': [srv(0, 0, 5061, 'tls.example.com')], '_sip._tcp.example.com': [srv(0, 0, 5060, 'tcp.example.com')] },
      a: { 'tls.example.com': ['192.0.2.10'], 'tcp.example.com': ['192.0.2.20'] },
    });
    const targets = await resolveSIPURI(parseURI('sip:bob@example.com'), { resolver });
    expect(targets).toEqual([
      { transport: 'tls', host: '192.0.2.10', port: 5061, servername: 'example.com' },
      { transport: 'tcp', host: '192.0.2.20', port: 5060, servername: 'example.com' },
    ]);
    expect(queries).not.toContain('SRV _sip._sctp.example.com');
  });

  it('without NAPTR asks SRV for each supported transport; SRV sorted by priority, then weight', async () => {
    const { resolver, queries } = fakeResolver({
      srv: { '_sip._tcp.example.org': [srv(20, 0, 5080, 'b.example.org'), srv(10, 5, 5070, 'a.example.org'), srv(10, 50, 5090, 'c.example.org')] },
      a: { 'a.example.org': ['198.51.100.1'], 'b.example.org': ['198.51.100.2'], 'c.example.org': ['198.51.100.3'] },
    });
    const targets = await resolveSIPURI(parseURI('sip:example.org'), { resolver });
    expect(targets.map((t) => `${t.transport} ${t.host}:${t.port}`)).toEqual(['tcp 198.51.100.3:5090', 'tcp 198.51.100.1:5070', 'tcp 198.51.100.2:5080']);
    expect(queries.slice(0, 3)).toEqual(['NAPTR example.org', 'SRV _sip._udp.example.org', 'SRV _sip._tcp.example.org']);
  });

  it('with ;transport= asks only that SRV; with a port asks only A/AAAA; falls back to A/AAAA on the default port', async () => {
    const zone = { srv: { '_sip._tcp.example.net': [srv(0, 0, 5099, 'sip.example.net')] }, a: { 'sip.example.net': ['203.0.113.5'], 'example.net': ['203.0.113.9'] } };
    const a = fakeResolver(zone);
    expect(await resolveSIPURI(parseURI('sip:example.net;transport=tcp'), { resolver: a.resolver })).toEqual([
      { transport: 'tcp', host: '203.0.113.5', port: 5099, servername: 'example.net' },
    ]);
    expect(a.queries[0]).toBe('SRV _sip._tcp.example.net');
    const b = fakeResolver(zone);
    expect(await resolveSIPURI(parseURI('sip:example.net:5070'), { resolver: b.resolver })).toEqual([
      { transport: 'udp', host: '203.0.113.9', port: 5070, servername: 'example.net' },
    ]);
    expect(b.queries).toEqual(['A example.net']);
    const c = fakeResolver(zone);
    expect(await resolveSIPURI(parseURI('sips:example.net'), { resolver: c.resolver })).toEqual([
      { transport: 'tls', host: '203.0.113.9', port: 5061, servername: 'example.net' },
    ]);
    expect(c.queries).toEqual(['NAPTR example.net', 'SRV _sips._tcp.example.net', 'A example.net']);
  });

  it('a preferred transport (the client option) skips NAPTR', async () => {
    const { resolver, queries } = fakeResolver({ a: { 'example.com': ['192.0.2.1'] } });
    expect(await resolveSIPURI(parseURI('sip:example.com'), { resolver, preferred: 'tcp' })).toEqual([
      { transport: 'tcp', host: '192.0.2.1', port: 5060, servername: 'example.com' },
    ]);
    expect(queries).toEqual(['SRV _sip._tcp.example.com', 'A example.com']);
  });

  it('rejects with RESOLVE_FAILED when nothing is found', async () => {
    const { resolver } = fakeResolver({});
    const error = await resolveSIPURI(parseURI('sip:nowhere.invalid'), { resolver }).catch((e: unknown) => e);
    expect(isTransportError(error) && error.code).toBe('RESOLVE_FAILED');
  });

  it('nodeDNSResolver maps "no such name" to empty lists and resolves localhost through the system resolver', async () => {
    const missing = Object.assign(new Error('queryNaptr ENOTFOUND'), { code: 'ENOTFOUND' });
    const broken = Object.assign(new Error('boom'), { code: 'EBADRESP' });
    const resolver = nodeDNSResolver({ resolveNaptr: () => Promise.reject(missing), resolveSrv: () => Promise.reject(broken) });
    expect(await resolver.naptr('example.invalid')).toEqual([]);
    await expect(resolver.srv('x')).rejects.toThrow('boom');
    // the system's hosts file may map localhost to 127.0.0.1, ::1 or both
    expect((await resolver.addresses('localhost')).some((address) => address === '127.0.0.1' || address === '::1')).toBe(true);
  });
});
