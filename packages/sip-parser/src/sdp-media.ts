import { isDigits } from './chars.js';
import type { SDPMedia, SessionDescription } from './sdp.js';

/** One payload type of a media line with its encoding. */
export interface SDPRtpMap {
  readonly payloadType: number;
  /** Encoding name as written (compare case-insensitively: `PCMU`, `pcmu`). */
  readonly encoding: string;
  readonly clockRate: number;
  readonly channels?: number;
  /** The `a=fmtp` parameters of this payload type. */
  readonly fmtp?: string;
}

/** RFC 3551 §6 static payload types (encoding, clock rate, channels). */
const STATIC: ReadonlyMap<number, readonly [string, number, number?]> = new Map([
  [0, ['PCMU', 8000]],
  [3, ['GSM', 8000]],
  [4, ['G723', 8000]],
  [5, ['DVI4', 8000]],
  [6, ['DVI4', 16000]],
  [7, ['LPC', 8000]],
  [8, ['PCMA', 8000]],
  [9, ['G722', 8000]],
  [10, ['L16', 44100, 2]],
  [11, ['L16', 44100]],
  [12, ['QCELP', 8000]],
  [13, ['CN', 8000]],
  [14, ['MPA', 90000]],
  [15, ['G728', 8000]],
  [16, ['DVI4', 11025]],
  [17, ['DVI4', 22050]],
  [18, ['G729', 8000]],
  [25, ['CelB', 90000]],
  [26, ['JPEG', 90000]],
  [28, ['nv', 90000]],
  [31, ['H261', 90000]],
  [32, ['MPV', 90000]],
  [33, ['MP2T', 90000]],
  [34, ['H263', 90000]],
]);

function payloadAttr(media: SDPMedia, name: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const a of media.attributes) {
    if (a.value === undefined || a.name.toLowerCase() !== name) continue;
    const sp = a.value.indexOf(' ');
    if (sp <= 0) continue;
    const pt = Number(a.value.slice(0, sp));
    if (Number.isInteger(pt) && !out.has(pt)) out.set(pt, a.value.slice(sp + 1).trim());
  }
  return out;
}

/**
 * The payload types of a media line, in its preference order, with their encodings: from `a=rtpmap`, else the
 * RFC 3551 static table; `a=fmtp` attached. Formats that are not payload numbers, or unknown dynamic ones without
 * rtpmap, are left out.
 * @param media - an `m=` section.
 * @returns the payload types.
 * @example sdpRtpMaps(sd.media[0]) // [{ payloadType: 0, encoding: 'PCMU', clockRate: 8000 }, …]
 * @see RFC 8866 §6.6 (rtpmap), §6.15 (fmtp); RFC 3551 §6
 */
export function sdpRtpMaps(media: SDPMedia): SDPRtpMap[] {
  const maps = payloadAttr(media, 'rtpmap');
  const fmtps = payloadAttr(media, 'fmtp');
  const out: SDPRtpMap[] = [];
  for (const format of media.formats) {
    if (format.length > 3 || !isDigits(format)) continue;
    const payloadType = Number(format);
    const fmtp = fmtps.get(payloadType);
    const map = maps.get(payloadType);
    let entry: { payloadType: number; encoding: string; clockRate: number; channels?: number; fmtp?: string } | undefined;
    if (map !== undefined) {
      const [encoding, rate, channels] = map.split('/');
      const clockRate = Number(rate);
      if (!encoding || !Number.isInteger(clockRate)) continue;
      entry = { payloadType, encoding, clockRate };
      if (channels !== undefined && Number.isInteger(Number(channels))) entry.channels = Number(channels);
    } else {
      const known = STATIC.get(payloadType);
      if (known === undefined) continue;
      entry = { payloadType, encoding: known[0], clockRate: known[1] };
      if (known[2] !== undefined) entry.channels = known[2];
    }
    if (fmtp !== undefined) entry.fmtp = fmtp;
    out.push(entry);
  }
  return out;
}

const DIRECTIONS = ['sendrecv', 'sendonly', 'recvonly', 'inactive'] as const;
/** A media stream direction. @see RFC 8866 §6.7 */
export type SDPDirection = (typeof DIRECTIONS)[number];

function directionOf(attrs: SDPMedia['attributes']): SDPDirection | undefined {
  for (const a of attrs) {
    if (a.value !== undefined) continue;
    const name = a.name.toLowerCase();
    for (const d of DIRECTIONS) if (d === name) return d;
  }
  return undefined;
}

/**
 * The direction of a media stream: its own attribute, else the session's, else `sendrecv` (names compared
 * case-insensitively: `a=SendRecv` is seen in the wild).
 * @param media - the `m=` section.
 * @param session - the description it belongs to.
 * @returns the direction.
 * @see RFC 8866 §6.7, RFC 3264 §5.1
 */
export function sdpDirection(media: SDPMedia, session?: SessionDescription): SDPDirection {
  return directionOf(media.attributes) ?? (session ? directionOf(session.attributes) : undefined) ?? 'sendrecv';
}

/**
 * Where to send a media stream: the media `c=` address, else the session's, without a multicast `/ttl`.
 * @param media - the `m=` section.
 * @param session - the description it belongs to.
 * @returns the address, or undefined when neither level has `c=`.
 * @see RFC 8866 §5.7
 */
export function sdpMediaAddress(media: SDPMedia, session: SessionDescription): string | undefined {
  const address = (media.connection ?? session.connection)?.address;
  if (address === undefined) return undefined;
  const slash = address.indexOf('/');
  return slash === -1 ? address : address.slice(0, slash);
}
