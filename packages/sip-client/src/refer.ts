import { EventEmitter } from 'node:events';
import { getHeader, getReferTo, parseReplaces, serializeURI, SIPParseError, type Replaces, type SIPRequest, type SIPResponse } from '@voip/sip-parser';
import { InvalidRangeError, InvalidStateError } from './errors.js';
import { parseSipfrag, sipfrag } from './sipfrag.js';

/** What an {@link IncomingRefer} needs from its dialog. @internal */
export interface ReferDialog {
  /** Answers the REFER itself. */
  respond(status: number, reason?: string): void;
  /** Sends a NOTIFY in the dialog with a `message/sipfrag` body. */
  notify(headers: readonly (readonly [string, string])[], body: string): Promise<SIPResponse>;
}

/**
 * A REFER from the peer (it asks us to call someone: a transfer). Accept it (202, then NOTIFY 100 Trying), place
 * the call to {@link IncomingRefer.referTo}, and report how it went with {@link IncomingRefer.notify}; or reject it.
 * @example
 * dialog.on('refer', async (refer) => {
 *   refer.accept();
 *   try {
 *     const headers = refer.replaces ? [['Replaces', refer.replacesHeader!] as const] : [];
 *     await client.invite(refer.referTo, { body: offer, headers });
 *     await refer.notify(200);
 *   } catch (e) {
 *     await refer.notify(isSIPStatusError(e) ? e.status : 503);
 *   }
 * });
 * @see RFC 3515 §2.4 (REFER handling, the implicit subscription and its NOTIFYs); RFC 5589 (call transfer)
 */
export class IncomingRefer {
  /** The URI to call (the Refer-To URI without its URI headers). */
  readonly referTo: string;
  /** For an attended transfer: the dialog the new call replaces, as the Refer-To's `Replaces` header names it. */
  readonly replaces: Replaces | undefined;
  /** The raw `Replaces` value to copy into the INVITE, when there is one. */
  readonly replacesHeader: string | undefined;
  #state: 'pending' | 'accepted' | 'rejected' | 'done' = 'pending';

  /**
   * @param request - the REFER
   * @param dialog - how to answer it and send NOTIFYs
   * @throws {@link SIPParseError} when the Refer-To is missing or not a name-addr, or its Replaces is malformed (the
   *   dialog answers 400)
   * @internal
   */
  constructor(readonly request: SIPRequest, private readonly dialog: ReferDialog) {
    const target = getReferTo(request);
    if (target === undefined) throw new SIPParseError('MISSING_HEADER', 0, 'a REFER needs a Refer-To header', '');
    const { Replaces: replaces, ...others } = target.uri.headers;
    this.referTo = serializeURI({ ...target.uri, headers: others });
    this.replacesHeader = replaces;
    this.replaces = replaces === undefined ? undefined : parseReplaces(replaces);
  }

  /**
   * Accepts: answers 202 Accepted and sends the first NOTIFY (`SIP/2.0 100 Trying`).
   * @throws {@link InvalidStateError} `ALREADY_ANSWERED` when accepted or rejected before
   * @see RFC 3515 §2.4.2, §2.4.4
   */
  accept(): void {
    this.#answer('accepted');
    this.dialog.respond(202);
    this.notify(100).catch(() => undefined);
  }

  /**
   * Declines the transfer.
   * @param status - 400–699, default 603 Declined
   * @param reason - the reason phrase
   * @throws {@link InvalidRangeError} for a status outside 400–699; {@link InvalidStateError} when answered before
   */
  reject(status = 603, reason?: string): void {
    if (!Number.isInteger(status) || status < 400 || status > 699) throw new InvalidRangeError('status', 'an integer from 400 to 699', status);
    this.#answer('rejected');
    this.dialog.respond(status, reason);
  }

  /**
   * Reports the referred call's progress in a NOTIFY with a `message/sipfrag` body. A final status (200–699) ends
   * the implicit subscription (`Subscription-State: terminated;reason=noresource`).
   * @param status - the referred INVITE's latest status (100, 180, 200, 486, …)
   * @param reason - its reason phrase, default the standard one
   * @returns the peer's response to the NOTIFY
   * @throws {@link InvalidStateError} (synchronously) before `accept()` or after a final status was reported
   * @throws (rejects) as {@link Dialog.request}
   * @see RFC 3515 §2.4.4, §2.4.5, §2.4.7
   */
  notify(status: number, reason?: string): Promise<SIPResponse> {
    if (!Number.isInteger(status) || status < 100 || status > 699) throw new InvalidRangeError('status', 'an integer from 100 to 699', status);
    if (this.#state !== 'accepted') {
      throw new InvalidStateError('ILLEGAL_TRANSITION', `notify() needs an accepted REFER that has not ended (it is ${this.#state})`);
    }
    const final = status >= 200;
    if (final) this.#state = 'done';
    return this.dialog.notify(
      [
        ['Event', 'refer'],
        ['Subscription-State', final ? 'terminated;reason=noresource' : 'active;expires=60'],
      ],
      sipfrag(status, reason),
    );
  }

  #answer(next: 'accepted' | 'rejected'): void {
    if (this.#state !== 'pending') throw new InvalidStateError('ALREADY_ANSWERED', `the REFER was already ${this.#state}`);
    this.#state = next;
  }
}

/** Events of a {@link Referral}. */
export interface ReferralEvents {
  /** A NOTIFY reported the referred call's status (100 Trying, 180 Ringing, 200 OK, …). */
  progress: [status: number, reason: string];
}

/**
 * A REFER we sent that the peer accepted: its NOTIFYs arrive as `progress` events, and {@link Referral.done}
 * settles with the final status of the call the peer placed.
 * @see RFC 3515 §2.4.4 (the subscription a REFER creates)
 */
export class Referral extends EventEmitter<ReferralEvents> {
  /** Resolves with the referred call's final status (200 when the transfer succeeded); rejects when the dialog ends first. */
  readonly done: Promise<number>;
  #resolve!: (status: number) => void;
  #reject!: (error: Error) => void;
  #final = false;

  /**
   * @param response - the 2xx (normally 202) to our REFER
   * @param cseq - the CSeq number of the REFER (the `id` of its Event header)
   * @internal
   */
  constructor(readonly response: SIPResponse, readonly cseq: number) {
    super();
    this.done = new Promise<number>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.done.catch(() => undefined); // a transferor that hangs up at once need not listen
  }

  /** True once a final status arrived (or the dialog ended). */
  get ended(): boolean {
    return this.#final;
  }

  /**
   * A NOTIFY for this referral: reports progress; a final status or `Subscription-State: terminated` ends it.
   * @returns false when the body is not a sipfrag status line (the dialog then answers 400)
   * @internal
   */
  receiveNotify(request: SIPRequest): boolean {
    const status = parseSipfrag(request.body);
    if (!status) return false;
    if (this.#final) return true;
    this.emit('progress', status.status, status.reason);
    const terminated = (getHeader(request, 'Subscription-State') ?? '').trim().toLowerCase().startsWith('terminated');
    if (status.status >= 200 || terminated) {
      this.#final = true;
      this.#resolve(status.status);
    }
    return true;
  }

  /** The dialog ended before a final NOTIFY. @internal */
  abandon(error: Error): void {
    if (this.#final) return;
    this.#final = true;
    this.#reject(error);
  }
}
