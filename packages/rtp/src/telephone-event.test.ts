import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hex, rfc4733Vectors } from '../test/vectors.js';
import { isInvalidRangeError, isRTPParseError } from './errors.js';
import { parseRTPPacket } from './rtp-packet.js';
import {
  digitToDTMFEvent,
  dtmfEventToDigit,
  parseTelephoneEvent,
  serializeTelephoneEvent,
  serializeTelephoneEventInto,
} from './telephone-event.js';

const vectors = rfc4733Vectors();
const nameOf = (digit: string): string => (digit === '!' ? 'flash' : digit);

describe('telephone-event payload (RFC 4733 §2.3)', () => {
  it.each(vectors.payload_examples.filter((e) => e.decoded))('$payload_hex', ({ payload_hex, decoded }) => {
    const ev = parseTelephoneEvent(hex(payload_hex));
    expect(ev).toEqual({ event: decoded!.event, end: decoded!.end === 1, volume: decoded!.volume, duration: decoded!.duration });
    expect(nameOf(dtmfEventToDigit(ev.event))).toBe(decoded!.event_name);
    expect(Buffer.from(serializeTelephoneEvent(ev)).toString('hex')).toBe(payload_hex);
  });

  it('rejects the truncated 3-octet payload', () => {
    const bad = vectors.payload_examples.find((e) => e.decoded === null)!;
    let caught: unknown;
    try {
      parseTelephoneEvent(hex(bad.payload_hex));
    } catch (e) {
      caught = e;
    }
    expect(isRTPParseError(caught) && caught.code).toBe('BAD_TELEPHONE_EVENT');
  });

  it('decodes every packet of the constructed digit and the SIPp captures as the corpus says', () => {
    const packets = [...vectors.constructed_digit5, ...Object.values(vectors.sipp_pcaps.files).flat()];
    expect(packets.length).toBe(7 + 12 * 10);
    for (const v of packets) {
      const ev = parseTelephoneEvent(parseRTPPacket(hex(v.hex)).payload);
      const t = v.telephone_event;
      expect(ev).toEqual({ event: t.event, end: t.end === 1, volume: t.volume, duration: t.duration });
    }
  });

  it('ignores the reserved bit when reading', () => {
    expect(parseTelephoneEvent(Uint8Array.of(5, 0x40 | 10, 0, 160))).toEqual({ event: 5, end: false, volume: 10, duration: 160 });
  });

  it('round-trips any valid event', () => {
    const arb = fc.record({
      event: fc.integer({ min: 0, max: 255 }),
      end: fc.boolean(),
      volume: fc.integer({ min: 0, max: 63 }),
      duration: fc.integer({ min: 0, max: 65535 }),
    });
    fc.assert(
      fc.property(arb, (ev) => {
        expect(parseTelephoneEvent(serializeTelephoneEvent(ev))).toEqual(ev);
      }),
    );
  });

  it('refuses fields that do not fit and a short buffer', () => {
    const base = { event: 1, end: false, volume: 10, duration: 0 };
    for (const bad of [{ ...base, event: 256 }, { ...base, volume: 64 }, { ...base, duration: 65536 }, { ...base, duration: 1.5 }]) {
      expect(() => serializeTelephoneEvent(bad)).toThrow(/telephone-event/);
    }
    expect(() => serializeTelephoneEventInto(base, new Uint8Array(5), 2)).toThrow(/needs 4 octets/);
    const out = new Uint8Array(6);
    expect(serializeTelephoneEventInto(base, out, 2)).toBe(4);
    expect([...out]).toEqual([0, 0, 1, 10, 0, 0]);
  });
});

describe('DTMF digits (RFC 4733 §3.2)', () => {
  it('maps all 17 events both ways', () => {
    const keys = '0123456789*#ABCD!';
    for (let n = 0; n <= 16; n++) {
      expect(dtmfEventToDigit(n)).toBe(keys[n]);
      expect(digitToDTMFEvent(keys[n]!)).toBe(n);
    }
    expect(digitToDTMFEvent('a')).toBe(12);
    expect(digitToDTMFEvent('d')).toBe(15);
  });

  it.each([17, 255, -1, 1.5])('event %s is not a key', (n) => {
    let caught: unknown;
    try {
      dtmfEventToDigit(n);
    } catch (e) {
      caught = e;
    }
    expect(isInvalidRangeError(caught) && caught.code).toBe('BAD_DIGIT');
  });

  it.each(['', '12', 'E', 'x', ' '])('%j is not a key', (d) => {
    expect(() => digitToDTMFEvent(d)).toThrow(/is not a DTMF key/);
  });
});
