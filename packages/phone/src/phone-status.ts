/**
 * The states of a {@link VoIPPhone}, named as in pyVoIP.
 *
 * ```text
 * INACTIVE ──start()──▶ REGISTERING ──▶ REGISTERED ──stop()──▶ DEREGISTERING ──▶ INACTIVE
 *                            └──registration refused / transport error──▶ FAILED
 * ```
 * `REGISTERED` means "ready for calls": a phone with no `server` reaches it as soon as its SIP socket is bound.
 */
export const PhoneStatus = {
  /** Not started, or fully stopped. */
  INACTIVE: 'INACTIVE',
  /** Starting, or registering to the server. */
  REGISTERING: 'REGISTERING',
  /** Started (and registered, when a server is set): ready to place and receive calls. */
  REGISTERED: 'REGISTERED',
  /** Stopping: hanging up calls and removing the registration. */
  DEREGISTERING: 'DEREGISTERING',
  /** Starting failed; see the error `start()` rejected with. */
  FAILED: 'FAILED',
} as const;

/** One of the {@link PhoneStatus} values. */
export type PhoneStatus = (typeof PhoneStatus)[keyof typeof PhoneStatus];
