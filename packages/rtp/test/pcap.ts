/** One UDP datagram from a capture. */
export interface PcapDatagram {
  /** Capture time in seconds. */
  readonly time: number;
  readonly source: string;
  readonly destination: string;
  readonly payload: Uint8Array;
}

/**
 * The UDP payloads of a classic libpcap file (not pcapng): Ethernet (with 802.1Q tags), Linux cooked (SLL), BSD
 * loopback or raw IP link types, IPv4 only, unfragmented. Enough for the SIPp captures in the corpus.
 * @throws Error for anything else, naming what it found.
 */
export function readPcapUDP(file: Uint8Array): PcapDatagram[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const magic = view.getUint32(0, true);
  const little = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!little && view.getUint32(0, false) !== 0xa1b2c3d4 && view.getUint32(0, false) !== 0xa1b23c4d) {
    throw new Error(`not a libpcap file (magic 0x${magic.toString(16)})`);
  }
  const nano = (little ? magic : view.getUint32(0, false)) === 0xa1b23c4d;
  const linkType = view.getUint32(20, little);
  const out: PcapDatagram[] = [];
  for (let offset = 24; offset + 16 <= file.length; ) {
    const seconds = view.getUint32(offset, little);
    const fraction = view.getUint32(offset + 4, little);
    const captured = view.getUint32(offset + 8, little);
    const frame = file.subarray(offset + 16, offset + 16 + captured);
    offset += 16 + captured;
    const ip = ipOffset(frame, linkType);
    if (ip < 0 || frame[ip]! >> 4 !== 4) continue;
    const headerLength = (frame[ip]! & 0x0f) * 4;
    if (frame[ip + 9] !== 17) continue;
    const totalLength = (frame[ip + 2]! << 8) | frame[ip + 3]!;
    const udp = ip + headerLength;
    const udpLength = (frame[udp + 4]! << 8) | frame[udp + 5]!;
    const end = Math.min(frame.length, ip + totalLength, udp + udpLength);
    const addr = (o: number): string => `${frame[o]}.${frame[o + 1]}.${frame[o + 2]}.${frame[o + 3]}`;
    const port = (o: number): number => (frame[o]! << 8) | frame[o + 1]!;
    out.push({
      time: seconds + fraction / (nano ? 1e9 : 1e6),
      source: `${addr(ip + 12)}:${port(udp)}`,
      destination: `${addr(ip + 16)}:${port(udp + 2)}`,
      payload: frame.subarray(udp + 8, end),
    });
  }
  return out;
}

function ipOffset(frame: Uint8Array, linkType: number): number {
  switch (linkType) {
    case 1: {
      let o = 12;
      let type = (frame[o]! << 8) | frame[o + 1]!;
      while (type === 0x8100 || type === 0x88a8) {
        o += 4;
        type = (frame[o]! << 8) | frame[o + 1]!;
      }
      return type === 0x0800 ? o + 2 : -1;
    }
    case 113:
      return ((frame[14]! << 8) | frame[15]!) === 0x0800 ? 16 : -1;
    case 0:
      return 4;
    case 101:
    case 228:
      return 0;
    default:
      throw new Error(`pcap link type ${linkType} is not supported`);
  }
}
