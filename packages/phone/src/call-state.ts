/**
 * The states of a {@link VoIPCall}, named as in pyVoIP.
 *
 * ```text
 * inbound:   RINGING ──answer()──▶ ANSWERED ──hangup() / BYE──▶ ENDED
 *               └──deny() / CANCEL from the caller──────────────▶ ENDED
 * outbound:  DIALING ──183──▶ PROGRESS ──2xx──▶ ANSWERED ──▶ ENDED
 *               └──────┴──cancel()──▶ CANCELING ──▶ ENDED     (a final error response also ends it)
 * ```
 */
export const CallState = {
  /** An outbound call whose INVITE is out and not answered yet. */
  DIALING: 'DIALING',
  /** An inbound call that is ringing here, waiting for `answer()` or `deny()`. */
  RINGING: 'RINGING',
  /** An outbound call that received 183 Session Progress (early media may flow). */
  PROGRESS: 'PROGRESS',
  /** The call is established; audio and DTMF flow. */
  ANSWERED: 'ANSWERED',
  /** An outbound call being cancelled by `cancel()`. */
  CANCELING: 'CANCELING',
  /** The call is over; see `VoIPCall.endReason`. */
  ENDED: 'ENDED',
} as const;

/** One of the {@link CallState} values. */
export type CallState = (typeof CallState)[keyof typeof CallState];
