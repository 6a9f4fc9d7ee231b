import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSipfrag, sipfrag } from './sipfrag.js';

describe('sipfrag', () => {
  it('writes one status line with the standard phrase', () => {
    expect(sipfrag(100)).toBe('SIP/2.0 100 Trying\r\n');
    expect(sipfrag(486, 'Busy\r\nX: y')).toBe('SIP/2.0 486 Busy  X: y\r\n');
  });

  it('reads the status line of a body, and nothing from other text', () => {
    expect(parseSipfrag(new TextEncoder().encode('SIP/2.0 180 Ringing\r\nContact: <sip:x@y>\r\n'))).toEqual({ status: 180, reason: 'Ringing' });
    expect(parseSipfrag('SIP/2.0 200')).toEqual({ status: 200, reason: '' });
    for (const bad of ['', 'INVITE sip:x SIP/2.0', 'SIP/2.0 99 Low', 'SIP/2.0 2000 X', 'SIP/2.0 abc Bad']) expect(parseSipfrag(bad)).toBeUndefined();
  });

  it('round-trips every status and printable reason', () => {
    const reason = fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,20}[A-Za-z]$/);
    fc.assert(fc.property(fc.integer({ min: 100, max: 699 }), reason, (status, r) => {
      expect(parseSipfrag(sipfrag(status, r))).toEqual({ status, reason: r });
    }));
  });
});
