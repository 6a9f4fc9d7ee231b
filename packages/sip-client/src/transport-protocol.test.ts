import { parseURI } from '@voip/sip-parser';
import { describe, expect, it } from 'vitest';
import { defaultPort, isReliable, parseTransport, uriTransport, viaTransportToken } from './transport-protocol.js';

describe('transport selection helpers', () => {
  it.each([
    ['sip:bob@example.com', undefined],
    ['sip:bob@example.com;transport=TCP', 'tcp'],
    ['sip:bob@example.com;transport=udp', 'udp'],
    ['sips:bob@example.com', 'tls'],
    ['sips:bob@example.com;transport=tcp', 'tls'],
    ['sip:bob@example.com;transport=sctp', undefined],
  ])('%s asks for %s', (uri, expected) => {
    expect(uriTransport(parseURI(uri))).toBe(expected);
  });

  it('names, ports and reliability', () => {
    expect(parseTransport('TLS')).toBe('tls');
    expect(parseTransport('WS')).toBeUndefined();
    expect(viaTransportToken('tcp')).toBe('TCP');
    expect(defaultPort('tls')).toBe(5061);
    expect(defaultPort('udp')).toBe(5060);
    expect(isReliable('udp')).toBe(false);
    expect(isReliable('tls')).toBe(true);
  });
});
