/**
 * Which directions an RTP session carries media, as the SDP direction attributes say (RFC 3264 §5.1, §6.1):
 * `sendrecv` sends and receives audio; `sendonly` sends and ignores received audio; `recvonly` sends no audio
 * (nor DTMF) and receives; `inactive` does neither (the socket stays open so the session can resume).
 * @see https://www.rfc-editor.org/rfc/rfc3264#section-6.1
 */
export const TransmitType = Object.freeze({
  SENDRECV: 'sendrecv',
  SENDONLY: 'sendonly',
  RECVONLY: 'recvonly',
  INACTIVE: 'inactive',
} as const);
/** One of the {@link TransmitType} values. */
export type TransmitType = (typeof TransmitType)[keyof typeof TransmitType];

/**
 * The transport protocol names of an SDP `m=` line. Only `RTP/AVP` is implemented; `SAVP` (SRTP, RFC 3711) is
 * named for parsing offers, and `UDP` for pyVoIP parity.
 * @see https://www.rfc-editor.org/rfc/rfc3551 and https://www.rfc-editor.org/rfc/rfc3711
 */
export const RTPProtocol = Object.freeze({ UDP: 'udp', AVP: 'RTP/AVP', SAVP: 'RTP/SAVP' } as const);
/** One of the {@link RTPProtocol} values. */
export type RTPProtocol = (typeof RTPProtocol)[keyof typeof RTPProtocol];
