const MARKER = Symbol.for('@voip/phone/error');

/** What went wrong in a {@link PhoneError}. */
export type PhoneErrorCode = 'NO_COMPATIBLE_CODEC' | 'INVALID_STATE' | 'INVALID_OPTION' | 'TRANSFER_FAILED';

/** The base of the errors `@voip/phone` throws itself; `code` says which. */
export class PhoneError extends Error {
  /** @internal */
  readonly [MARKER] = true;
  override name = 'PhoneError';

  constructor(readonly code: PhoneErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  /** True for any `@voip/phone` error, even from another copy of the package (ESM and CJS). */
  static isInstance(e: unknown): e is PhoneError {
    return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** No audio stream of an SDP offer or answer carries PCMU or PCMA over RTP/AVP; a UAS answers such an INVITE 488. */
export class NoCompatibleCodecError extends PhoneError {
  override name = 'NoCompatibleCodecError';

  /** @param offered - the offered streams, one `media protocol formats` line each, for the message. */
  constructor(readonly offered: readonly string[]) {
    super('NO_COMPATIBLE_CODEC', `no audio stream with PCMU or PCMA over RTP/AVP in the SDP (offered: ${offered.join('; ') || 'nothing'})`);
  }
}

/** A call or phone method was used in a state where it cannot work, e.g. `answer()` on an ENDED call. */
export class InvalidStateError extends PhoneError {
  override name = 'InvalidStateError';

  /** @param action - what was attempted; @param state - the state it was attempted in; @param allowed - where it works. */
  constructor(readonly action: string, readonly state: string, readonly allowed: readonly string[]) {
    super('INVALID_STATE', `${action}() is not possible in state ${state}; it needs ${allowed.join(' or ')}`);
  }
}

/** An option given to `VoIPPhone` (or a call method) is out of range or malformed. */
export class InvalidRangeError extends PhoneError {
  override name = 'InvalidRangeError';

  /** @param option - the option's name; @param detail - what was wrong with it. */
  constructor(readonly option: string, detail: string) {
    super('INVALID_OPTION', `${option}: ${detail}`);
  }
}

/** The far end accepted a transfer (REFER) but the call it placed failed; `status` is that call's final status. */
export class TransferError extends PhoneError {
  override name = 'TransferError';

  /** @param status - the final status the far end reported in its NOTIFY (sipfrag), e.g. 486 or 404. */
  constructor(readonly status: number) {
    super('TRANSFER_FAILED', `the transfer failed: the new call ended with ${status}`);
  }
}
