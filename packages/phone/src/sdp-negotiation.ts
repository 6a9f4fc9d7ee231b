import {
  sdpDirection,
  sdpMediaAddress,
  sdpRtpMaps,
  type SDPAttribute,
  type SDPMedia,
  type SessionDescription,
} from '@voip/sip-parser';
import { PayloadType, TransmitType } from '@voip/rtp';
import { NoCompatibleCodecError } from './errors.js';

/** The G.711 codecs a call can use, in the phone's order of preference. */
export type AudioCodec = 'PCMU' | 'PCMA';

/** What offer/answer settled for the audio stream of a call (RFC 3264). */
export interface NegotiatedMedia {
  /** The codec both sides send. */
  readonly codec: AudioCodec;
  /** Its RTP payload type (0 or 8 for the static G.711 types). */
  readonly payloadType: number;
  /** The telephone-event payload type both sides use for RFC 4733 DTMF, when the peer supports it. */
  readonly dtmfPayloadType?: number;
  /** Where to send RTP. */
  readonly remoteHost: string;
  /** The remote RTP port. */
  readonly remotePort: number;
  /** What this side may do: the offer's direction seen from here (a `sendonly` offer makes us `recvonly`). */
  readonly transmitType: TransmitType;
}

/** Where this side receives RTP, and what it can do: the inputs to building an offer or an answer. */
export interface LocalMedia {
  /** The address advertised in `c=` and `o=`. */
  readonly host: string;
  /** The local RTP port. */
  readonly port: number;
  /** Codecs this side accepts, in order of preference. */
  readonly codecs: readonly AudioCodec[];
  /** The telephone-event payload type to offer (default 101). */
  readonly dtmfPayloadType?: number;
  /** The `o=` session id. */
  readonly sessionId: string;
  /** The `o=` version: higher in each SDP that differs from the last one sent (default `sessionId`). */
  readonly sessionVersion?: string;
}

/** The codec and payload types of one audio stream, as negotiated. */
export type AudioFormat = Pick<NegotiatedMedia, 'codec' | 'payloadType' | 'dtmfPayloadType'>;

const STATIC_PT: Readonly<Record<AudioCodec, number>> = { PCMU: PayloadType.PCMU.value, PCMA: PayloadType.PCMA.value };
const REVERSE: Readonly<Record<TransmitType, TransmitType>> = {
  sendrecv: TransmitType.SENDRECV,
  sendonly: TransmitType.RECVONLY,
  recvonly: TransmitType.SENDONLY,
  inactive: TransmitType.INACTIVE,
};

/**
 * Builds an SDP offer for one G.711 audio stream with RFC 4733 telephone-event.
 * @param local - our address, port, codecs and session id.
 * @returns the offer, ready for `serializeSDP`.
 * @see RFC 3264 §5, RFC 4733 §7.1
 */
export function buildOffer(local: LocalMedia): SessionDescription {
  const formats = local.codecs.map((codec) => ({ codec, payloadType: STATIC_PT[codec] }));
  return session(local, [audioMedia(local, formats, local.dtmfPayloadType ?? PayloadType.EVENT.value, 'sendrecv')]);
}

/**
 * The SDP of an established call's audio stream, for our own re-INVITE (hold, resume) or the offer in the 2xx to
 * an offerless one: the codec and payload types already in use, and `direction`. (Answers come from
 * {@link answerOffer}, which mirrors every offered stream.)
 * @param local - our address, port and session id and version (raise the version whenever the SDP changes)
 * @param format - the codec and payload types in use
 * @param direction - `sendonly` to hold, `sendrecv` to resume
 * @see RFC 3264 §8, RFC 6337 §5.3 (hold)
 */
export function buildSessionSDP(local: LocalMedia, format: AudioFormat, direction: TransmitType): SessionDescription {
  return session(local, [audioMedia(local, [format], format.dtmfPayloadType, direction)]);
}

/**
 * The directions both ends allow: we send only if both `a` and `b` let us send, and likewise for receiving.
 * @example intersectDirections('sendonly', 'sendrecv') === 'sendonly'
 */
export function intersectDirections(a: TransmitType, b: TransmitType): TransmitType {
  const send = a !== 'recvonly' && a !== 'inactive' && b !== 'recvonly' && b !== 'inactive';
  const recv = a !== 'sendonly' && a !== 'inactive' && b !== 'sendonly' && b !== 'inactive';
  return send ? (recv ? TransmitType.SENDRECV : TransmitType.SENDONLY) : recv ? TransmitType.RECVONLY : TransmitType.INACTIVE;
}

/**
 * Answers an SDP offer: picks the first audio stream we can take and, in the offerer's order, the first G.711 codec
 * we accept, plus telephone-event when offered; every other stream is refused with port 0 (RFC 3264 §6).
 * @param offer - the parsed offer.
 * @param local - our address, port, codecs and session id.
 * @param direction - the most this side allows (default `sendrecv`; `sendonly` while we hold the call): the answer's
 *   direction is the offer's, seen from here, within it (see {@link intersectDirections}).
 * @returns the answer and what it settled.
 * @throws {@link NoCompatibleCodecError} when no audio stream offers PCMU or PCMA over RTP/AVP (answer with 488).
 * @example answerOffer(parseSDP(reinvite.body), local, TransmitType.SENDONLY) // keep holding whatever the offer says
 * @see RFC 3264 §6.1
 */
export function answerOffer(
  offer: SessionDescription,
  local: LocalMedia,
  direction: TransmitType = TransmitType.SENDRECV,
): { answer: SessionDescription; media: NegotiatedMedia } {
  let chosen: { index: number; media: NegotiatedMedia } | undefined;
  offer.media.forEach((m, index) => {
    if (chosen || m.media !== 'audio' || m.port === 0 || m.protocol.toUpperCase() !== 'RTP/AVP') return;
    const media = pickMedia(offer, m, local.codecs);
    if (media) chosen = { index, media: { ...media, transmitType: intersectDirections(REVERSE[media.transmitType], direction) } };
  });
  if (!chosen) throw new NoCompatibleCodecError(offer.media.map((m) => `${m.media} ${m.protocol} ${m.formats.join(' ')}`));
  const { index, media } = chosen;
  const answerMedia = offer.media.map((m, i): SDPMedia =>
    i === index
      ? audioMedia(local, [media], media.dtmfPayloadType, media.transmitType)
      : { media: m.media, port: 0, protocol: m.protocol, formats: m.formats.slice(0, 1), bandwidths: [], attributes: [] },
  );
  return { answer: session(local, answerMedia), media };
}

/**
 * Reads the answer to our offer: the codec it picked (the first of its formats that we offered) and where to send.
 * @throws {@link NoCompatibleCodecError} when the answer has no usable audio stream.
 * @see RFC 3264 §7
 */
export function readAnswer(answer: SessionDescription, local: LocalMedia): NegotiatedMedia {
  for (const m of answer.media) {
    if (m.media !== 'audio' || m.port === 0) continue;
    const media = pickMedia(answer, m, local.codecs);
    if (media) return { ...media, transmitType: REVERSE[media.transmitType] };
  }
  throw new NoCompatibleCodecError(answer.media.map((m) => `${m.media} ${m.protocol} ${m.formats.join(' ')}`));
}

function pickMedia(sd: SessionDescription, m: SDPMedia, accepted: readonly AudioCodec[]): NegotiatedMedia | undefined {
  const maps = sdpRtpMaps(m);
  const remoteHost = sdpMediaAddress(m, sd);
  if (!remoteHost) return undefined;
  let codec: AudioCodec | undefined;
  let payloadType = -1;
  for (const format of m.formats) {
    const pt = Number(format);
    const map = maps.find((r) => r.payloadType === pt);
    const name = (map ? map.encoding.toUpperCase() : pt === 0 ? 'PCMU' : pt === 8 ? 'PCMA' : '') as AudioCodec;
    if (accepted.includes(name) && (!map || map.clockRate === 8000)) {
      codec = name;
      payloadType = pt;
      break;
    }
  }
  if (!codec) return undefined;
  const event = maps.find((r) => r.encoding.toLowerCase() === 'telephone-event' && r.clockRate === 8000);
  return {
    codec,
    payloadType,
    ...(event ? { dtmfPayloadType: event.payloadType } : {}),
    remoteHost,
    remotePort: m.port,
    transmitType: sdpDirection(m, sd),
  };
}

function audioMedia(
  local: LocalMedia,
  codecs: readonly { codec: AudioCodec; payloadType: number }[],
  dtmfPT: number | undefined,
  direction: TransmitType,
): SDPMedia {
  const formats = codecs.map((c) => String(c.payloadType));
  const attributes: SDPAttribute[] = codecs.map((c) => ({ name: 'rtpmap', value: `${c.payloadType} ${c.codec}/8000` }));
  if (dtmfPT !== undefined) {
    formats.push(String(dtmfPT));
    attributes.push({ name: 'rtpmap', value: `${dtmfPT} telephone-event/8000` }, { name: 'fmtp', value: `${dtmfPT} 0-16` });
  }
  attributes.push({ name: 'ptime', value: '20' }, { name: direction });
  return { media: 'audio', port: local.port, protocol: 'RTP/AVP', formats, bandwidths: [], attributes };
}

function session(local: LocalMedia, media: SDPMedia[]): SessionDescription {
  const addrType = local.host.includes(':') ? 'IP6' : 'IP4';
  return {
    version: 0,
    origin: { username: '-', sessionId: local.sessionId, sessionVersion: local.sessionVersion ?? local.sessionId, netType: 'IN', addrType, address: local.host },
    sessionName: 'voip',
    emails: [],
    phones: [],
    connection: { netType: 'IN', addrType, address: local.host },
    bandwidths: [],
    times: [{ start: '0', stop: '0', repeats: [] }],
    attributes: [],
    media,
  };
}
