import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { decodePCMU, encodePCMU } from '@voip/codecs-g711';
import { FakeClock, freePorts, withTimeout } from '@voip/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { flushIO, UDPPeer, until } from '../test/udp.js';
import { hex, rfc4733Vectors } from '../test/vectors.js';
import type { Clock, TimerHandle } from './clock.js';
import { isInvalidRangeError, isInvalidStateError, isNoPortsAvailableError } from './errors.js';
import { RTPClient, type RTPClientOptions } from './rtp-client.js';
import { parseRTPPacket, serializeRTPPacket, type RTPPacket } from './rtp-packet.js';
import { parseTelephoneEvent } from './telephone-event.js';
import { TransmitType } from './transmit-type.js';

/** A clock whose timers fire late by `lateness()` ms while `now() < lateUntil`, like a busy event loop. */
class LateClock implements Clock {
  constructor(
    readonly fake: FakeClock,
    readonly lateness: () => number,
    readonly lateUntil: number,
  ) {}
  now(): number {
    return this.fake.now();
  }
  setTimer(ms: number, fn: () => void): TimerHandle {
    return this.fake.setTimer(ms + (this.fake.now() < this.lateUntil ? this.lateness() : 0), fn);
  }
  clearTimer(handle: TimerHandle): void {
    this.fake.clearTimer(handle);
  }
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function peer(): Promise<UDPPeer> {
  const p = await UDPPeer.open();
  cleanup.push(() => p.close());
  return p;
}

async function client(options: Partial<RTPClientOptions> = {}): Promise<RTPClient> {
  const rtp = new RTPClient({ localHost: '127.0.0.1', codec: 'PCMU', ...options });
  cleanup.push(() => rtp.stop());
  await rtp.start();
  return rtp;
}

function audioPacket(seq: number, samples: Int16Array, init: Partial<RTPPacket> = {}): Uint8Array {
  return serializeRTPPacket({ padding: false, marker: false, payloadType: 0, sequenceNumber: seq, timestamp: seq * 160, ssrc: 77, csrcs: [], payload: encodePCMU(samples), ...init });
}

const tone = (n: number, amplitude = 8000): Int16Array => Int16Array.from({ length: n }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * 1000 * i) / 8000)));
const level = (frame: Int16Array): number => frame.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/** Advances fake time in steps, letting socket I/O run between steps. */
async function advance(clock: FakeClock, ms: number, step = 1000): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    clock.advance(Math.min(step, ms - t));
    await flushIO(2);
  }
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isInvalidRangeError(e) || isInvalidStateError(e) ? e.code : `other: ${String(e)}`;
  }
  return undefined;
}

describe('RTPClient pacing (FakeClock)', () => {
  it('has sent exactly 30000 packets after 10 minutes, though timers fired up to 90 ms late, with seq and timestamp wrapping', async () => {
    const sink = await peer();
    const fake = new FakeClock(0);
    let seed = 7;
    const clock = new LateClock(fake, () => (seed = (seed * 48271) % 2147483647) % 91, 590_000);
    const rtp = await client({ clock, remoteHost: '127.0.0.1', remotePort: sink.port, initialSequenceNumber: 60_000, initialTimestamp: 0xffffffff - 160 * 10, ssrc: 0x1234 });
    let bursts = 0;
    for (let t = 0; t < 600_000; t += 1000) {
      const before = rtp.stats.packetsSent;
      fake.advance(1000);
      if (rtp.stats.packetsSent - before !== 50) bursts++;
      await flushIO(2);
    }
    expect(fake.now()).toBe(600_000);
    expect(rtp.stats.packetsSent).toBe(30_000);
    expect(rtp.stats.skipped).toBe(0);
    expect(bursts).toBeGreaterThan(0); // lateness really moved packets across step boundaries
    await sink.waitFor(1);
    const packets = sink.received.map((r) => parseRTPPacket(r.bytes));
    const first = packets[0]!;
    expect(first.marker).toBe(true);
    expect(first.ssrc).toBe(0x1234);
    for (const p of packets) {
      const n = (p.sequenceNumber - 60_000 + 65536) & 0xffff;
      expect((p.timestamp - (0xffffffff - 160 * 10) - 160 * n) >>> 0).toBe(0);
      expect(p.marker).toBe(n === 0);
    }
    expect(packets.some((p) => p.sequenceNumber < 60_000)).toBe(true); // wrapped past 65535
    expect(packets.some((p) => p.timestamp < 1_000_000)).toBe(true); // wrapped past 2^32
  });

  it('catches up with a burst when a timer fires late, and skips what is beyond maxBurst', async () => {
    const fake = new FakeClock(0);
    let lateOnce = 0;
    const clock: Clock = {
      now: () => fake.now(),
      setTimer: (ms, fn) => {
        const late = lateOnce;
        lateOnce = 0;
        return fake.setTimer(ms + late, fn);
      },
      clearTimer: (h) => fake.clearTimer(h),
    };
    const sink = await peer();
    const rtp = await client({ clock, remoteHost: '127.0.0.1', remotePort: sink.port, maxBurst: 10 });
    fake.advance(100);
    expect(rtp.stats.packetsSent).toBe(5);
    lateOnce = 500; // the timer set at 120 (for 140) fires at 640
    fake.advance(540);
    // at 640: 32 slots due, 26 behind: 10 sent in one burst, 16 skipped
    expect(rtp.stats).toMatchObject({ packetsSent: 16, skipped: 16 });
    fake.advance(60);
    expect(rtp.stats).toMatchObject({ packetsSent: 19, skipped: 16 });
    await sink.waitFor(19);
    const ts = sink.received.map((r) => parseRTPPacket(r.bytes).timestamp - parseRTPPacket(sink.received[0]!.bytes).timestamp);
    expect(ts.slice(5, 8)).toEqual([5 * 160, 22 * 160, 23 * 160]); // timestamps skip with the skipped slots
  });

  it('sends silence when nothing is queued, the written audio in order, and resolves drained() after the last packet', async () => {
    const sink = await peer();
    const clock = new FakeClock(0);
    const rtp = await client({ clock, remoteHost: '127.0.0.1', remotePort: sink.port });
    await advance(clock, 40, 20);
    const pcm = tone(400); // 2.5 packets
    rtp.write(pcm);
    expect(rtp.queuedMs).toBe(50);
    let drained = false;
    void rtp.drained().then(() => (drained = true));
    await advance(clock, 40, 20);
    expect(rtp.queuedMs).toBe(10);
    expect(drained).toBe(false);
    await advance(clock, 40, 20);
    expect(drained).toBe(true);
    expect(rtp.queuedMs).toBe(0);
    await sink.waitFor(6);
    const payloads = sink.received.map((r) => Buffer.from(parseRTPPacket(r.bytes).payload));
    const silence = Buffer.alloc(160, 0xff);
    const expectedTail = Buffer.concat([Buffer.from(encodePCMU(pcm)), Buffer.alloc(80, 0xff)]);
    expect(payloads[0]).toEqual(silence);
    expect(payloads[1]).toEqual(silence);
    expect(Buffer.concat(payloads.slice(2, 5))).toEqual(expectedTail);
    expect(payloads[5]).toEqual(silence);
    expect(rtp.stats.octetsSent).toBe(160 * 6);
  });

  it('clearOutput() drops queued audio at once and resolves drained()', async () => {
    const clock = new FakeClock(0);
    const rtp = await client({ clock });
    rtp.write(new Int16Array(8000));
    const drained = rtp.drained();
    expect(rtp.queuedMs).toBe(1000);
    rtp.clearOutput();
    expect(rtp.queuedMs).toBe(0);
    await expect(drained).resolves.toBeUndefined();
  });

  it('drained() rejects with AbortError on abort', async () => {
    const rtp = await client({ clock: new FakeClock(0) });
    rtp.write(new Int16Array(800));
    const ac = new AbortController();
    const p = rtp.drained({ signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('sendDTMF replaces audio packets, keeps one event timestamp, and audio timestamps stay in step', async () => {
    const sink = await peer();
    const clock = new FakeClock(0);
    const rtp = await client({ clock, remoteHost: '127.0.0.1', remotePort: sink.port, dtmfPayloadType: 101, initialTimestamp: 1000, initialSequenceNumber: 10 });
    await advance(clock, 40, 20); // 2 audio packets
    let sent = false;
    const done = rtp.sendDTMF('7', { durationMs: 60 }).then(() => (sent = true));
    await advance(clock, 100, 20); // 2 growing + 3 end packets
    await done;
    expect(sent).toBe(true);
    await advance(clock, 60, 20); // 3 slots: 2 gap (audio) + audio
    await sink.waitFor(10);
    const packets = sink.received.map((r) => parseRTPPacket(r.bytes));
    expect(packets.map((p) => p.sequenceNumber)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(packets.map((p) => p.payloadType)).toEqual([0, 0, 101, 101, 101, 101, 101, 0, 0, 0]);
    const events = packets.filter((p) => p.payloadType === 101);
    expect(events.map((p) => p.timestamp)).toEqual([1320, 1320, 1320, 1320, 1320]);
    expect(events.map((p) => p.marker)).toEqual([true, false, false, false, false]);
    expect(events.map((p) => parseTelephoneEvent(p.payload))).toEqual([
      { event: 7, end: false, volume: 10, duration: 160 },
      { event: 7, end: false, volume: 10, duration: 320 },
      { event: 7, end: true, volume: 10, duration: 480 },
      { event: 7, end: true, volume: 10, duration: 480 },
      { event: 7, end: true, volume: 10, duration: 480 },
    ]);
    const audio = packets.filter((p) => p.payloadType === 0);
    expect(audio.map((p) => p.timestamp)).toEqual([1000, 1160, 2120, 2280, 2440]);
  });

  it('refuses DTMF without a negotiated payload type, on recvonly, with a bad key, and after stop', async () => {
    const plain = await client({ clock: new FakeClock(0) });
    expect(codeOf(() => plain.sendDTMF('1'))).toBe('NO_DTMF_PAYLOAD_TYPE');
    const recv = await client({ clock: new FakeClock(0), dtmfPayloadType: 101, transmitType: TransmitType.RECVONLY });
    expect(codeOf(() => recv.sendDTMF('1'))).toBe('NOT_SENDING');
    const rtp = await client({ clock: new FakeClock(0), dtmfPayloadType: 101 });
    expect(codeOf(() => rtp.sendDTMF('Z'))).toBe('BAD_DIGIT');
    const pending = rtp.sendDTMF('1');
    await rtp.stop();
    await expect(pending).rejects.toMatchObject({ code: 'STOPPED' });
    expect(codeOf(() => rtp.sendDTMF('1'))).toBe('STOPPED');
  });
});

describe('RTPClient receiving', () => {
  it('returns frames in sequence order, fills a lost packet with silence, counts duplicates and late packets', async () => {
    const remote = await peer();
    const clock = new FakeClock(0);
    const rtp = await client({ clock, remoteHost: '127.0.0.1', remotePort: remote.port });
    // seq s carries a tone of amplitude 1000 * (s + 1); 3 never arrives, 2 arrives twice while held
    for (const seq of [0, 2, 2, 1, 4, 5, 6]) await remote.send(audioPacket(seq, tone(160, 1000 * (seq + 1))), rtp.localPort);
    const got: number[] = [];
    for (let i = 0; i < 7; i++) got.push(level(await withTimeout(rtp.read(), 5000, `frame ${i}`)));
    expect(got.map((l) => Math.round(l / 1000))).toEqual([1, 2, 3, 0, 5, 6, 7]);
    expect(rtp.stats.duplicates).toBe(1);
    expect(rtp.stats.lost).toBe(1);
    await remote.send(audioPacket(3, tone(160)), rtp.localPort);
    await until(() => rtp.stats.late === 1, 5000, 'late packet counted');
    expect(rtp.stats.packetsReceived).toBe(8);
  });

  it('declares a missing packet lost after the reorder window in time, so playout does not stall', async () => {
    const remote = await peer();
    const clock = new FakeClock(0);
    const rtp = await client({ clock, remoteHost: '127.0.0.1', remotePort: remote.port });
    await remote.send(audioPacket(0, tone(160)), rtp.localPort);
    await withTimeout(rtp.read(), 5000, 'first frame');
    await remote.send(audioPacket(2, tone(160)), rtp.localPort);
    await until(() => rtp.stats.packetsReceived === 2, 5000, 'second packet');
    const next = rtp.read();
    await advance(clock, 80, 20); // reorder window: 3 x 20 ms
    expect(level(await withTimeout(next, 5000, 'silence frame'))).toBe(0);
    expect(level(await withTimeout(rtp.read(), 5000, 'frame 2'))).toBeGreaterThan(7000);
  });

  it('drops and counts packets from other addresses and malformed datagrams; never throws', async () => {
    const remote = await peer();
    const stranger = await peer();
    const rtp = await client({ clock: new FakeClock(0), remoteHost: '127.0.0.1', remotePort: remote.port });
    await stranger.send(audioPacket(0, tone(160)), rtp.localPort);
    await remote.send(Uint8Array.of(1, 2, 3), rtp.localPort);
    await remote.send(hex('80c8000612345678e6a3b7d24000000000001f400000003200001f40'), rtp.localPort);
    await remote.send(audioPacket(0, tone(160)), rtp.localPort);
    await withTimeout(rtp.read(), 5000, 'frame from the remote');
    await until(() => rtp.stats.wrongSource === 1 && rtp.stats.malformed === 1 && rtp.stats.rtcpReceived === 1, 5000, 'counters');
    expect(rtp.stats.packetsReceived).toBe(1);
  });

  it('latches the first source when the remote is unknown, then sends there and ignores others', async () => {
    const first = await peer();
    const second = await peer();
    const clock = new FakeClock(0);
    const rtp = await client({ clock });
    await advance(clock, 100, 20);
    expect(rtp.stats.packetsSent).toBe(0); // nowhere to send yet
    await first.send(audioPacket(0, tone(160)), rtp.localPort);
    await until(() => rtp.remote !== undefined, 5000, 'latch');
    expect(rtp.remote).toEqual({ host: '127.0.0.1', port: first.port });
    await second.send(audioPacket(1, tone(160)), rtp.localPort);
    await until(() => rtp.stats.wrongSource === 1, 5000, 'wrong source');
    await advance(clock, 40, 20);
    await first.waitFor(2);
    expect(second.received).toHaveLength(0);
  });

  it('emits dtmf once per key from telephone-events, even without their first packet', async () => {
    const remote = await peer();
    const rtp = await client({ clock: new FakeClock(0), remoteHost: '127.0.0.1', remotePort: remote.port, dtmfPayloadType: 101 });
    const keys: string[] = [];
    rtp.on('dtmf', (d) => keys.push(d));
    const packets = rfc4733Vectors().constructed_digit5.map((v) => hex(v.hex));
    for (const p of packets) await remote.send(p, rtp.localPort);
    for (const p of packets.slice(2)) await remote.send(p.map((b, i) => (i === 7 ? b ^ 0x40 : b)), rtp.localPort); // new timestamp, no M bit
    await until(() => rtp.stats.packetsReceived === 12, 5000, '12 packets');
    expect(keys).toEqual(['5', '5']);
    expect(rtp.stats.dtmfReceived).toBe(2);
  });

  it('a throwing dtmf listener is reported as error, not thrown', async () => {
    const remote = await peer();
    const rtp = await client({ clock: new FakeClock(0), remoteHost: '127.0.0.1', remotePort: remote.port, dtmfPayloadType: 101 });
    const errors: Error[] = [];
    rtp.on('error', (e) => errors.push(e));
    rtp.on('dtmf', () => {
      throw new Error('listener bug');
    });
    await remote.send(hex(rfc4733Vectors().constructed_digit5[0]!.hex), rtp.localPort);
    await until(() => errors.length === 1, 5000, 'error event');
    expect(errors[0]!.message).toBe('listener bug');
  });
});

describe('RTPClient transmit types', () => {
  it('recvonly sends nothing but receives audio', async () => {
    const remote = await peer();
    const clock = new FakeClock(0);
    const rtp = await client({ clock, remoteHost: '127.0.0.1', remotePort: remote.port, transmitType: TransmitType.RECVONLY });
    rtp.write(tone(320));
    await advance(clock, 100, 20);
    expect(rtp.stats.packetsSent).toBe(0);
    expect(rtp.queuedMs).toBe(0); // consumed at real-time pace all the same
    await remote.send(audioPacket(0, tone(160)), rtp.localPort);
    expect(level(await withTimeout(rtp.read(), 5000, 'frame'))).toBeGreaterThan(7000);
  });

  it('sendonly sends audio and ignores received audio; inactive does neither', async () => {
    const remote = await peer();
    const clock = new FakeClock(0);
    const rtp = await client({ clock, remoteHost: '127.0.0.1', remotePort: remote.port, transmitType: TransmitType.SENDONLY });
    await remote.send(audioPacket(0, tone(160)), rtp.localPort);
    await until(() => rtp.stats.ignored === 1, 5000, 'ignored');
    await advance(clock, 40, 20);
    expect(rtp.stats.packetsSent).toBe(2);
    rtp.setTransmitType(TransmitType.INACTIVE);
    await advance(clock, 40, 20);
    expect(rtp.stats.packetsSent).toBe(2);
    await remote.send(audioPacket(1, tone(160)), rtp.localPort);
    await until(() => rtp.stats.ignored === 2, 5000, 'ignored again');
    rtp.setTransmitType(TransmitType.SENDRECV);
    await remote.send(audioPacket(2, tone(160)), rtp.localPort);
    expect(level(await withTimeout(rtp.read(), 5000, 'frame after resuming'))).toBeGreaterThan(7000);
  });
});

describe('RTPClient lifecycle and streams', () => {
  it('stop(): read() rejects, drained() resolves, stopped is emitted, and the session cannot restart', async () => {
    const rtp = await client({ clock: new FakeClock(0) });
    rtp.write(new Int16Array(800));
    const reading = rtp.read();
    const draining = rtp.drained();
    let stopped = 0;
    rtp.on('stopped', () => stopped++);
    await rtp.stop();
    await rtp.stop();
    await expect(reading).rejects.toMatchObject({ name: 'InvalidStateError', code: 'STOPPED' });
    await expect(draining).resolves.toBeUndefined();
    expect(stopped).toBe(1);
    await expect(rtp.start()).rejects.toMatchObject({ code: 'ALREADY_STARTED' });
    expect(codeOf(() => rtp.write(new Int16Array(1)))).toBe('STOPPED');
    await expect(rtp.read()).rejects.toMatchObject({ code: 'STOPPED' });
  });

  it('read() rejects with AbortError on abort and leaves no waiter behind', async () => {
    const remote = await peer();
    const rtp = await client({ clock: new FakeClock(0), remoteHost: '127.0.0.1', remotePort: remote.port });
    const ac = new AbortController();
    const aborted = rtp.read({ signal: ac.signal });
    ac.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    await remote.send(audioPacket(0, tone(160)), rtp.localPort);
    expect(level(await withTimeout(rtp.read(), 5000, 'frame'))).toBeGreaterThan(7000);
  });

  it('writable takes s16le bytes (odd chunk boundaries too) and its pipeline ends once the audio was sent', async () => {
    const sink = await peer();
    const clock = new FakeClock(0);
    const rtp = await client({ clock, remoteHost: '127.0.0.1', remotePort: sink.port, writableHighWaterMs: 40 });
    const pcm = tone(1600); // 200 ms
    const bytes = Buffer.from(pcm.buffer);
    const chunks = [bytes.subarray(0, 101), bytes.subarray(101, 1001), bytes.subarray(1001)];
    let finished = false;
    const done = pipeline(Readable.from(chunks), rtp.writable).then(() => (finished = true));
    for (let i = 0; i < 100 && !finished; i++) await advance(clock, 20, 20);
    await done;
    expect(rtp.stats.packetsSent).toBeGreaterThanOrEqual(10);
    await sink.waitFor(rtp.stats.packetsSent);
    const audio = Buffer.concat(sink.received.map((r) => Buffer.from(parseRTPPacket(r.bytes).payload)));
    expect(audio.includes(Buffer.from(encodePCMU(pcm)))).toBe(true);
  });

  it('readable yields received frames as s16le bytes', async () => {
    const remote = await peer();
    const rtp = await client({ clock: new FakeClock(0), remoteHost: '127.0.0.1', remotePort: remote.port });
    const readable = rtp.readable;
    const chunk = new Promise<Buffer>((resolve) => readable.once('data', resolve));
    await remote.send(audioPacket(0, tone(160)), rtp.localPort);
    const data = await withTimeout(chunk, 5000, 'readable data');
    expect(data.length).toBe(320);
    const expected = decodePCMU(encodePCMU(tone(160)));
    expect(data.readInt16LE(4)).toBe(expected[2]);
    expect(data.readInt16LE(318)).toBe(expected[159]);
    await expect(rtp.read()).rejects.toMatchObject({ code: 'READABLE_IN_USE' });
    const ended = new Promise<void>((resolve) => readable.once('end', resolve));
    readable.resume();
    await rtp.stop();
    await withTimeout(ended, 5000, 'readable end');
  });

  it('binds an even port of portRange, and throws NoPortsAvailableError when it is taken', async () => {
    const rtp = await client({ portRange: [20_000, 60_000] });
    const port = rtp.localPort;
    expect(port % 2).toBe(0);
    expect(port).toBeGreaterThanOrEqual(20_000);
    expect(port).toBeLessThanOrEqual(60_000);
    const blocked = new RTPClient({ localHost: '127.0.0.1', codec: 'PCMA', portRange: [port, port] });
    let caught: unknown;
    try {
      await blocked.start();
    } catch (e) {
      caught = e;
    }
    expect(isNoPortsAvailableError(caught)).toBe(true);
  });

  it('validates its options', () => {
    const base = { localHost: '127.0.0.1', codec: 'PCMU' as const };
    expect(codeOf(() => new RTPClient({ ...base, localHost: 'localhost' }))).toBe('BAD_OPTION');
    expect(codeOf(() => new RTPClient({ ...base, codec: 'G722' as never }))).toBe('BAD_OPTION');
    expect(codeOf(() => new RTPClient({ ...base, ptime: 0.1 }))).toBe('BAD_OPTION');
    expect(codeOf(() => new RTPClient({ ...base, dtmfPayloadType: 0 }))).toBe('BAD_OPTION');
    expect(codeOf(() => new RTPClient({ ...base, remoteHost: '127.0.0.1', remotePort: 70000 }))).toBe('BAD_OPTION');
    expect(codeOf(() => new RTPClient({ ...base, transmitType: 'both' as never }))).toBe('BAD_OPTION');
    expect(codeOf(() => new RTPClient({ ...base, portRange: [5001, 5001] }))).toBe('BAD_OPTION');
  });
});

describe('two RTPClients on loopback (systemClock)', () => {
  it('exchange audio both ways and a DTMF key', async () => {
    const ports = await freePorts(2);
    const a = await client({ localPort: ports[0], remoteHost: '127.0.0.1', remotePort: ports[1], dtmfPayloadType: 101 });
    const b = await client({ localPort: ports[1], remoteHost: '127.0.0.1', remotePort: ports[0], dtmfPayloadType: 101, codec: 'PCMU' });
    a.write(tone(8000));
    b.write(tone(8000, 4000));
    const loudFrom = async (rtp: RTPClient, min: number): Promise<number> => {
      for (let i = 0; i < 200; i++) {
        const l = level(await withTimeout(rtp.read(), 5000, 'a frame'));
        if (l > min) return l;
      }
      throw new Error('no tone within 200 frames');
    };
    expect(await loudFrom(b, 7000)).toBeGreaterThan(7000);
    expect(await loudFrom(a, 3500)).toBeLessThan(4200);
    const key = new Promise<string>((resolve) => b.once('dtmf', resolve));
    await withTimeout(a.sendDTMF('9'), 5000, 'DTMF sent');
    expect(await withTimeout(key, 5000, 'DTMF received')).toBe('9');
    expect(b.stats.dtmfReceived).toBe(1);
    expect(a.stats.malformed + b.stats.malformed).toBe(0);
  });
  it('setCodec() switches codec and payload types mid-session, as an SDP answer can', async () => {
    const ports = await freePorts(2);
    // a was made for PCMU without DTMF; the answer picked PCMA on payload type 96 with telephone-event 100
    const a = await client({ localPort: ports[0], remoteHost: '127.0.0.1', remotePort: ports[1], codec: 'PCMU' });
    const b = await client({ localPort: ports[1], remoteHost: '127.0.0.1', remotePort: ports[0], codec: 'PCMA', payloadType: 96, dtmfPayloadType: 100 });
    expect(() => a.setCodec('PCMA', 96, 96)).toThrow(/must differ/);
    a.setCodec('PCMA', 96, 100);
    a.write(tone(8000));
    let loud = 0;
    for (let i = 0; i < 200 && loud === 0; i++) loud = level(await withTimeout(b.read(), 5000, 'a frame')) > 7000 ? 1 : 0;
    expect(loud).toBe(1); // decoded as PCMA by b: with the wrong law it would be noise at another level
    const key = new Promise<string>((resolve) => b.once('dtmf', resolve));
    await withTimeout(a.sendDTMF('4'), 5000, 'DTMF sent');
    expect(await withTimeout(key, 5000, 'DTMF received')).toBe('4');
  });
});
