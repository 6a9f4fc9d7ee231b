import { describe, expect, it } from 'vitest';
import { codesOf } from './chars.js';
import { SIPParseError } from './errors.js';
import { parseVia, readVia, serializeVia } from './via.js';

describe('parseVia', () => {
  it('reads protocol, transport, sent-by and parameters (rport flag is null)', () => {
    expect(parseVia('SIP/2.0/udp 192.0.2.1:5060;branch=z9hG4bK776;rport;received=192.0.2.9')).toEqual({
      protocol: 'SIP/2.0',
      transport: 'UDP',
      host: '192.0.2.1',
      port: 5060,
      params: { branch: 'z9hG4bK776', rport: null, received: '192.0.2.9' },
    });
  });

  it('allows whitespace around / and ; (RFC 4475 wsinv)', () => {
    expect(parseVia('SIP  /   2.0 /UDP    192.0.2.2 ; branch = 390skdjuw')).toMatchObject({ protocol: 'SIP/2.0', host: '192.0.2.2', params: { branch: '390skdjuw' } });
  });

  it('reads IPv6 sent-by and an unbracketed IPv6 received', () => {
    expect(parseVia('SIP/2.0/TCP [2001:db8::9:1]:6050;received=2001:db8::9:255')).toMatchObject({
      host: '[2001:db8::9:1]',
      port: 6050,
      params: { received: '2001:db8::9:255' },
    });
  });

  it.each(['SIP/2.0/UDP', 'SIP/2.0 192.0.2.1', 'SIP/2.0/UDP 192.0.2.15;;', 'SIP/2.0/UDP fe80:0:0:0:1:5060', 'SIP/2.0/UDP h x'])('refuses %j with BAD_VIA', (text) => {
    expect(() => parseVia(text)).toThrow(expect.objectContaining({ code: 'BAD_VIA' }) as Error);
    expect(() => parseVia(text)).toThrow(SIPParseError);
  });

  it('serializes back to what it read', () => {
    const text = 'SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKnashds7;rport';
    expect(serializeVia(parseVia(text))).toBe(text);
    const v = parseVia('SIP/2.0/UDP [::1]:5060;branch=x');
    expect(parseVia(serializeVia(v))).toEqual(v);
  });
});

describe('readVia', () => {
  it('reads one element of a longer text and refuses what follows the sent-by', () => {
    const text = 'SIP/2.0/TCP h:5061;branch=z9hG4bK1, SIP/2.0/UDP [::1]';
    expect(readVia(text, codesOf(text), 0, text.indexOf(','))).toEqual({ protocol: 'SIP/2.0', transport: 'TCP', host: 'h', port: 5061, params: { branch: 'z9hG4bK1' } });
    expect(readVia(text, codesOf(text), text.indexOf(',') + 2, text.length)).toEqual({ protocol: 'SIP/2.0', transport: 'UDP', host: '[::1]', params: {} });
    expect(() => parseVia('SIP/2.0/UDP h:5060x')).toThrow(expect.objectContaining({ code: 'BAD_VIA' }) as Error);
    expect(() => parseVia('SIP/2.0/UDP h,x')).toThrow(expect.objectContaining({ code: 'BAD_VIA' }) as Error);
  });
});
