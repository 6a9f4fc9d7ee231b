/** One RTP payload format: its number, clock rate, channels and encoding name. */
export interface PayloadTypeInfo {
  /** The payload type number (static per RFC 3551 §6, or the default dynamic number). */
  readonly value: number;
  /** RTP clock rate in Hz. */
  readonly rate: number;
  /** Audio channels; 0 for video formats. */
  readonly channels: number;
  /** The encoding name used in SDP `a=rtpmap` (`PCMU`, `telephone-event`, …). */
  readonly description: string;
}

const pt = (value: number, description: string, rate: number, channels: number): PayloadTypeInfo =>
  Object.freeze({ value, rate, channels, description });

/**
 * The static payload types of RFC 3551 §6 (Tables 4 and 5), under pyVoIP's names, plus `EVENT`: RFC 4733
 * telephone-event at its customary dynamic number 101 (the number actually used is negotiated in SDP).
 * @see https://www.rfc-editor.org/rfc/rfc3551#section-6
 */
export const PayloadType = Object.freeze({
  PCMU: pt(0, 'PCMU', 8000, 1),
  GSM: pt(3, 'GSM', 8000, 1),
  G723: pt(4, 'G723', 8000, 1),
  DVI4_8000: pt(5, 'DVI4', 8000, 1),
  DVI4_16000: pt(6, 'DVI4', 16000, 1),
  LPC: pt(7, 'LPC', 8000, 1),
  PCMA: pt(8, 'PCMA', 8000, 1),
  G722: pt(9, 'G722', 8000, 1),
  L16_2: pt(10, 'L16', 44100, 2),
  L16: pt(11, 'L16', 44100, 1),
  QCELP: pt(12, 'QCELP', 8000, 1),
  CN: pt(13, 'CN', 8000, 1),
  MPA: pt(14, 'MPA', 90000, 0),
  G728: pt(15, 'G728', 8000, 1),
  DVI4_11025: pt(16, 'DVI4', 11025, 1),
  DVI4_22050: pt(17, 'DVI4', 22050, 1),
  G729: pt(18, 'G729', 8000, 1),
  CELB: pt(25, 'CelB', 90000, 0),
  JPEG: pt(26, 'JPEG', 90000, 0),
  NV: pt(28, 'nv', 90000, 0),
  H261: pt(31, 'H261', 90000, 0),
  MPV: pt(32, 'MPV', 90000, 0),
  MP2T: pt(33, 'MP2T', 90000, 0),
  H263: pt(34, 'H263', 90000, 0),
  EVENT: pt(101, 'telephone-event', 8000, 1),
});

/** A key of {@link PayloadType}. */
export type PayloadTypeName = keyof typeof PayloadType;

const STATIC = new Map<number, PayloadTypeInfo>(
  Object.values(PayloadType)
    .filter((p) => p.value < 96)
    .map((p) => [p.value, p]),
);

/**
 * The static RFC 3551 payload type with this number.
 * @param value - 0..127.
 * @returns its info, or undefined for unassigned and dynamic (96..127) numbers.
 */
export function staticPayloadType(value: number): PayloadTypeInfo | undefined {
  return STATIC.get(value);
}
