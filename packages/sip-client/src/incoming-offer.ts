import { getContentType, type SIPRequest } from '@voip/sip-parser';
import { InvalidRangeError, InvalidStateError } from './errors.js';

/** What {@link IncomingOffer.accept} answers with. */
export interface OfferAnswerInit {
  /** The answer (for an offerless re-INVITE: our offer). */
  readonly body: Uint8Array | string;
  /** Default `application/sdp`. */
  readonly contentType?: string;
}

/**
 * How the dialog sends the answer: the 2xx (with Contact, Allow, Supported) and, for a re-INVITE, its repetition
 * until the ACK. @internal
 */
export type OfferResponder = {
  /** Sends the 2xx; resolves when it is confirmed (ACK for INVITE, at once for UPDATE). */
  accept(init: OfferAnswerInit): Promise<void>;
  /** Sends a final error response. */
  reject(status: number, reason?: string): void;
};

/**
 * A session offer from the peer inside a dialog: a re-INVITE (hold, resume, codec change, session refresh) or an
 * UPDATE. Answer it once with {@link IncomingOffer.accept} or {@link IncomingOffer.reject}.
 * @example
 * dialog.on('offer', (offer) => {
 *   const held = offer.body.length > 0 && /a=(sendonly|inactive)/.test(Buffer.from(offer.body).toString());
 *   offer.accept({ body: held ? recvonlyAnswer : sendrecvAnswer }).catch(console.error);
 * });
 * @see RFC 3261 §14.2 (re-INVITE, UAS); RFC 3311 §5.2 (UPDATE, UAS); RFC 6337 §5.3 (hold)
 */
export class IncomingOffer {
  #answered = false;

  /**
   * @param request - the re-INVITE or UPDATE
   * @param responder - how the dialog answers
   * @internal
   */
  constructor(readonly request: SIPRequest, private readonly responder: OfferResponder) {}

  /** `INVITE` (a re-INVITE) or `UPDATE`. */
  get method(): string {
    return this.request.method;
  }

  /** The offer; empty for a re-INVITE without a body (the peer asks us to offer in the 2xx). */
  get body(): Uint8Array {
    return this.request.body;
  }

  /** The Content-Type of the offer, if any. */
  get contentType(): string | undefined {
    return getContentType(this.request);
  }

  /** True once answered. */
  get answered(): boolean {
    return this.#answered;
  }

  /**
   * Accepts with a 200 carrying `init.body`. For a re-INVITE the 200 is repeated until the ACK.
   * @param init - the answer
   * @returns resolves when the exchange is complete (ACK received for a re-INVITE)
   * @throws {@link InvalidStateError} `ALREADY_ANSWERED` (synchronously) when answered before
   * @throws (rejects) {@link TransactionTimeoutError} (`H`) when no ACK came; the dialog is then ended with BYE
   * @see RFC 3261 §14.2, §13.3.1.4
   */
  accept(init: OfferAnswerInit): Promise<void> {
    this.#check();
    return this.responder.accept(init);
  }

  /**
   * Declines the offer; the session stays as it was.
   * @param status - 400–699, default 488 Not Acceptable Here
   * @param reason - the reason phrase
   * @throws {@link InvalidRangeError} for a status outside 400–699; {@link InvalidStateError} when answered before
   * @see RFC 3261 §14.2 ("488 (Not Acceptable Here)")
   */
  reject(status = 488, reason?: string): void {
    if (!Number.isInteger(status) || status < 400 || status > 699) throw new InvalidRangeError('status', 'an integer from 400 to 699', status);
    this.#check();
    this.responder.reject(status, reason);
  }

  #check(): void {
    if (this.#answered) throw new InvalidStateError('ALREADY_ANSWERED', `this ${this.method} offer was already answered`);
    this.#answered = true;
  }
}

