import { FakeClock } from '@voip/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { flushIO, UDPPeer } from '../test/udp.js';
import { isRTCPBye, isRTCPSenderReport, parseRTCPCompound, type RTCPPacket } from './rtcp-packet.js';
import { RTPClient, type RTPClientOptions } from './rtp-client.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function client(options: Partial<RTPClientOptions>): Promise<RTPClient> {
  const rtp = new RTPClient({ localHost: '127.0.0.1', codec: 'PCMU', ...options });
  cleanup.push(() => rtp.stop());
  await rtp.start();
  return rtp;
}

/** Advances fake time in 20 ms steps, letting socket I/O run between steps. */
async function advance(clock: FakeClock, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 20) {
    clock.advance(20);
    await flushIO(2);
  }
}

const interval = (minimum: number, random: number): number => (minimum * (random + 0.5)) / (Math.E - 1.5);

describe('RTPClient RTCP (FakeClock, loopback)', () => {
  it('binds RTCP on port + 1, reports on the RFC interval, fills statistics both ways, and says BYE on stop', async () => {
    const clock = new FakeClock(0);
    const random = (): number => 0.5; // interval = minimum / (e - 3/2): first 2052 ms, then 4104 ms
    const bob = await client({ clock, rtcp: { cname: 'bob@example', random } });
    const alice = await client({ clock, remoteHost: '127.0.0.1', remotePort: bob.localPort, rtcp: { cname: 'alice@example', random } });
    expect(bob.localRTCPPort).toBe(bob.localPort + 1);
    bob.setRemote('127.0.0.1', alice.localPort);
    const heardByBob: RTCPPacket[][] = [];
    bob.on('rtcp', (packets) => heardByBob.push(packets));

    await advance(clock, 2040);
    expect(alice.stats.rtcpSent).toBe(0);
    await advance(clock, 40);
    expect(alice.stats.rtcpSent).toBe(1);
    expect(bob.stats.rtcpSent).toBe(1);
    expect(heardByBob).toHaveLength(1);
    expect(isRTCPSenderReport(heardByBob[0]![0]!)).toBe(true);
    const fromAlice = bob.rtcpStats!.sources[0]!;
    expect(fromAlice).toMatchObject({ ssrc: alice.ssrc, cname: 'alice@example', lost: 0, jitter: 0 });
    expect(fromAlice.packets).toBeGreaterThanOrEqual(100);
    expect(fromAlice.octets).toBe(fromAlice.packets * 160);

    // second round: each has the other's SR, so LSR/DLSR give a round-trip time: on this fake clock only the
    // time between a report's timer and the end of the 20 ms step in which it is read (< 2 steps); without
    // subtracting DLSR it would be about 4 s.
    await advance(clock, Math.ceil(interval(5000, 0.5)));
    expect(alice.stats.rtcpSent).toBe(2);
    const aliceView = alice.rtcpStats!;
    expect(aliceView.reportsReceived).toBe(2);
    expect(aliceView.roundTripTimeMs).toBeDefined();
    expect(aliceView.roundTripTimeMs!).toBeGreaterThanOrEqual(0);
    expect(aliceView.roundTripTimeMs!).toBeLessThan(40);
    expect(aliceView.remoteReports[0]).toMatchObject({ ssrc: bob.ssrc, cumulativeLost: 0, fractionLost: 0 });
    expect(aliceView.sender.packets).toBe(alice.stats.packetsSent);

    await alice.stop();
    await flushIO(4);
    const last = heardByBob[heardByBob.length - 1]!;
    expect(last.some((p) => isRTCPBye(p) && p.ssrcs[0] === alice.ssrc)).toBe(true);
    expect(bob.rtcpStats!.sources).toEqual([]);
  });

  it('sends RTCP on the RTP port when muxed (RFC 5761), and the receiver tells it from RTP', async () => {
    const clock = new FakeClock(0);
    const peer = await UDPPeer.open();
    cleanup.push(() => peer.close());
    const rtp = await client({ clock, remoteHost: '127.0.0.1', remotePort: peer.port, rtcp: { mux: true, random: () => 0 } });
    expect(rtp.localRTCPPort).toBe(rtp.localPort);
    await advance(clock, 1100);
    const rtcp = peer.received.filter((d) => d.bytes[1]! >= 192 && d.bytes[1]! <= 223);
    expect(rtcp).toHaveLength(1);
    expect(rtcp[0]!.port).toBe(rtp.localPort);
    expect(isRTCPSenderReport(parseRTCPCompound(rtcp[0]!.bytes)[0]!)).toBe(true);
    // a report sent back on the RTP port is read as RTCP, not as a malformed RTP packet
    await peer.send(rtcp[0]!.bytes, rtp.localPort);
    await flushIO(4);
    expect(rtp.stats).toMatchObject({ rtcpReceived: 1, malformed: 0 });
  });

  it('sends no RTCP with rtcp: false, and counts malformed RTCP', async () => {
    const clock = new FakeClock(0);
    const peer = await UDPPeer.open();
    cleanup.push(() => peer.close());
    const off = await client({ clock, remoteHost: '127.0.0.1', remotePort: peer.port, rtcp: false });
    expect(off.localRTCPPort).toBe(0);
    expect(off.rtcpStats).toBeUndefined();
    const on = await client({ clock, remoteHost: '127.0.0.1', remotePort: peer.port });
    await peer.send(Uint8Array.of(0x81, 0xc9, 0x00, 0x07, 1, 2, 3, 4), on.localRTCPPort);
    await advance(clock, 8000);
    await flushIO(4);
    expect(off.stats.rtcpSent).toBe(0);
    expect(on.stats.rtcpSent).toBeGreaterThanOrEqual(1);
    expect(on.stats.malformed).toBe(1);
  });
});
