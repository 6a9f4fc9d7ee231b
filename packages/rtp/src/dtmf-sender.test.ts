import { describe, expect, it } from 'vitest';
import { hex, rfc4733Vectors } from '../test/vectors.js';
import { DTMFDetector } from './dtmf-detector.js';
import { DTMFSender, type DTMFPacket } from './dtmf-sender.js';
import { isInvalidRangeError } from './errors.js';
import { parseRTPPacket } from './rtp-packet.js';
import { parseTelephoneEvent, serializeTelephoneEvent } from './telephone-event.js';

/** Runs the sender for `slots` packet intervals starting at timestamp `ts0` (160 per slot). */
function run(sender: DTMFSender, slots: number, ts0 = 48000): (DTMFPacket | undefined)[] {
  return Array.from({ length: slots }, (_, i) => sender.next(ts0 + 160 * i));
}

describe('DTMFSender', () => {
  it('plans the packets of the corpus digit 5 (100 ms): M on the first, one timestamp, growing duration, end x3', () => {
    const sender = new DTMFSender();
    sender.enqueue('5', 100);
    const plan = run(sender, 7);
    const expected = rfc4733Vectors().constructed_digit5.map((v) => parseRTPPacket(hex(v.hex)));
    expect(plan.map((p) => p && Buffer.from(serializeTelephoneEvent(p.event)).toString('hex'))).toEqual(
      expected.map((p) => Buffer.from(p.payload).toString('hex')),
    );
    expect(plan.map((p) => p?.marker)).toEqual(expected.map((p) => p.marker));
    expect(plan.map((p) => p?.timestamp)).toEqual(expected.map((p) => p.timestamp));
    expect(plan.map((p) => p?.last)).toEqual([false, false, false, false, false, false, true]);
    expect(sender.pending).toBe(0);
  });

  it('leaves gap intervals between keys, then starts the next key at the current timestamp', () => {
    const sender = new DTMFSender({ gapPackets: 2 });
    sender.enqueue('1', 40);
    sender.enqueue('#', 40);
    const plan = run(sender, 11, 0);
    // '1': 1 growing + 3 end; 2 gap; '#': 1 growing + 3 end; then nothing
    expect(plan.map((p) => (p ? `${p.event.event}${p.event.end ? 'E' : ''}@${p.timestamp}` : '-'))).toEqual([
      '1@0', '1E@0', '1E@0', '1E@0', '-', '-', '11@960', '11E@960', '11E@960', '11E@960', '-',
    ]);
  });

  it('produces packets the detector turns into exactly the keys sent', () => {
    const sender = new DTMFSender();
    for (const d of '159*#0D') sender.enqueue(d, 60);
    const detector = new DTMFDetector();
    const keys: string[] = [];
    for (let slot = 0, seq = 0; slot < 100; slot++) {
      const p = sender.next(slot * 160);
      if (!p) continue;
      const payload = serializeTelephoneEvent(p.event);
      const key = detector.push({ padding: false, marker: p.marker, payloadType: 101, sequenceNumber: seq++, timestamp: p.timestamp, ssrc: 9, csrcs: [], payload });
      if (key) keys.push(key);
      expect(parseTelephoneEvent(payload).volume).toBe(10);
    }
    expect(keys.join('')).toBe('159*#0D');
  });

  it('rounds a duration that is not a whole number of packets up to packets, keeping the exact duration on the end', () => {
    const sender = new DTMFSender();
    sender.enqueue('2', 50); // 400 samples: packets at 160, 320, then end at 400
    expect(run(sender, 5).map((p) => p && `${p.event.duration}${p.event.end ? 'E' : ''}`)).toEqual(['160', '320', '400E', '400E', '400E']);
  });

  it('clear() drops queued keys', () => {
    const sender = new DTMFSender();
    sender.enqueue('1');
    sender.enqueue('2');
    sender.next(0);
    expect(sender.clear()).toBe(2);
    expect(run(sender, 3)).toEqual([undefined, undefined, undefined]);
  });

  it('refuses bad keys, durations and options', () => {
    const codeOf = (fn: () => void): string | undefined => {
      try {
        fn();
      } catch (e) {
        return isInvalidRangeError(e) ? e.code : 'other';
      }
      return undefined;
    };
    const sender = new DTMFSender();
    expect(codeOf(() => sender.enqueue('x'))).toBe('BAD_DIGIT');
    expect(codeOf(() => sender.enqueue('1', 39))).toBe('BAD_DURATION');
    expect(codeOf(() => sender.enqueue('1', 8001))).toBe('BAD_DURATION');
    expect(codeOf(() => sender.enqueue('1', Number.NaN))).toBe('BAD_DURATION');
    expect(codeOf(() => new DTMFSender({ volume: 64 }))).toBe('BAD_OPTION');
    expect(codeOf(() => new DTMFSender({ ptime: 0.01 }))).toBe('BAD_OPTION');
    expect(codeOf(() => new DTMFSender({ endPackets: 0 }))).toBe('BAD_OPTION');
  });
});
