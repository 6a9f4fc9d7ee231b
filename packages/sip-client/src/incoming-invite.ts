import { EventEmitter } from 'node:events';
import { buildResponse, getCSeq, getRequestURI, type SIPRequest } from '@voip/sip-parser';
import { ALLOWED_METHODS, SUPPORTED_EXTENSIONS } from './capabilities.js';
import { Dialog } from './dialog.js';
import { InvalidRangeError, InvalidStateError } from './errors.js';
import { newTag } from './ids.js';
import type { InviteServerTransaction } from './invite-server-transaction.js';
import type { UserAgentCore } from './user-agent-core.js';
import type { Address } from './via-routing.js';

/** Events of an {@link IncomingInvite}. */
export interface IncomingInviteEvents {
  /** The caller cancelled: 200 to the CANCEL and 487 to the INVITE were sent. */
  cancel: [];
}

/** What `progress()` sends: a provisional response, usually 183 Session Progress with early media SDP. */
export interface ProgressInit {
  /** 101–199, default 183. */
  readonly status?: number;
  readonly reason?: string;
  /** Early media answer (SDP), if any. */
  readonly body?: Uint8Array | string;
  /** Default `application/sdp`. */
  readonly contentType?: string;
}

/** What `accept()` answers with: the session description (or other body). */
export interface AcceptInit {
  readonly body: Uint8Array | string;
  /** Default `application/sdp`. */
  readonly contentType?: string;
}

/**
 * An INVITE that started a new call, waiting for the application: ring, accept with an answer, or reject. The
 * INVITE server transaction already sent 100 Trying.
 * @example
 * client.on('invite', async (invite) => {
 *   invite.ringing();
 *   const dialog = await invite.accept({ body: answerSDP });
 *   dialog.on('terminated', (reason) => console.log('ended by', reason));
 * });
 * @see RFC 3261 §13.3 (UAS processing), §9.2 (CANCEL)
 */
export class IncomingInvite extends EventEmitter<IncomingInviteEvents> {
  readonly #core: UserAgentCore;
  readonly #ist: InviteServerTransaction;
  /** Our Contact for this call: the user the INVITE asked for, at the address its sender can reach. */
  readonly #contact: string;
  readonly #toTag = newTag();
  #answered = false;
  #canceled = false;

  /**
   * @param request - the INVITE
   * @param source - where it came from
   * @param ist - its server transaction (started)
   * @param core - the user agent core
   * @internal
   */
  constructor(
    readonly request: SIPRequest,
    readonly source: Address,
    ist: InviteServerTransaction,
    core: UserAgentCore,
    /** For an INVITE with a Replaces header (RFC 3891): our dialog it replaces; accept, then end that one. */
    readonly replaces?: Dialog,
  ) {
    super();
    this.#ist = ist;
    this.#core = core;
    this.#contact = core.contactFor(source.host, getRequestURI(request).user);
  }

  /** The To-tag of our responses (and of the dialog, if accepted). */
  get localTag(): string {
    return this.#toTag;
  }

  /** True once a CANCEL came (before any final response). */
  get canceled(): boolean {
    return this.#canceled;
  }

  /** True once a final response was sent (accept, reject, or 487 after CANCEL). */
  get answered(): boolean {
    return this.#answered;
  }

  /**
   * Sends 180 Ringing with our To-tag.
   * @throws {@link InvalidStateError} `ALREADY_ANSWERED` after a final response or a CANCEL
   * @see RFC 3261 §13.3.1.1
   */
  ringing(): void {
    this.progress({ status: 180 });
  }

  /**
   * Sends a provisional response with our To-tag: 183 Session Progress by default, with an early media SDP when
   * `init.body` is given. Not retransmitted (no PRACK; RFC 3262 is not supported).
   * @param init - status (101–199), reason, body and its type
   * @throws {@link InvalidRangeError} for a status outside 101–199
   * @throws {@link InvalidStateError} `ALREADY_ANSWERED` after a final response or a CANCEL
   * @see RFC 3261 §13.3.1.1; RFC 3960 (early media)
   */
  progress(init: ProgressInit = {}): void {
    const status = init.status ?? 183;
    if (!Number.isInteger(status) || status < 101 || status > 199) throw new InvalidRangeError('status', 'an integer from 101 to 199', status);
    this.#checkOpen(status === 180 ? 'ringing()' : 'progress()');
    const headers: [string, string][] = [['Contact', this.#contact]];
    if (init.body !== undefined) headers.push(['Content-Type', init.contentType ?? 'application/sdp']);
    const response = buildResponse(this.request, status, {
      toTag: this.#toTag,
      headers,
      ...(init.reason !== undefined && { reason: init.reason }),
      ...(init.body !== undefined && { body: init.body }),
    });
    this.#ist.handle({ type: 'respond', response });
  }

  /**
   * Answers 200 with `body`, repeats it until the ACK comes, and resolves with the dialog then.
   * @param init - the answer body and its type
   * @returns the confirmed dialog
   * @throws {@link InvalidStateError} `ALREADY_ANSWERED` (synchronously) after a final response or a CANCEL
   * @throws (rejects) {@link TransactionTimeoutError} (`H`) when no ACK came within 64*T1; a BYE is then sent
   * @see RFC 3261 §13.3.1.4
   */
  accept(init: AcceptInit): Promise<Dialog> {
    this.#checkOpen('accept()');
    this.#answered = true;
    const ok = buildResponse(this.request, 200, {
      toTag: this.#toTag,
      headers: [
        ['Contact', this.#contact],
        ['Allow', ALLOWED_METHODS],
        ['Supported', SUPPORTED_EXTENSIONS],
        ['Server', this.#core.userAgent],
        ['Content-Type', init.contentType ?? 'application/sdp'],
      ],
      body: init.body,
    });
    const dialog = Dialog.asUAS(this.#core, this.request, this.#toTag, this.#contact);
    this.#core.addDialog(dialog);
    this.#ist.handle({ type: 'respond', response: ok });
    return dialog.awaitAck(ok, getCSeq(this.request).seq).then(() => dialog);
  }

  /**
   * Declines the call with a final response.
   * @param status - 300–699, default 486 Busy Here
   * @param reason - the reason phrase, default the standard one
   * @throws {@link InvalidRangeError} for a status outside 300–699
   * @throws {@link InvalidStateError} `ALREADY_ANSWERED` after a final response or a CANCEL
   * @see RFC 3261 §13.3.1.3
   */
  reject(status = 486, reason?: string): void {
    if (!Number.isInteger(status) || status < 300 || status > 699) throw new InvalidRangeError('status', 'an integer from 300 to 699', status);
    this.#checkOpen('reject()');
    this.#answered = true;
    this.#ist.handle({
      type: 'respond',
      response: buildResponse(this.request, status, { toTag: this.#toTag, ...(reason !== undefined && { reason }) }),
    });
  }

  /**
   * The caller sent CANCEL: answer the INVITE 487 and emit `'cancel'`, unless a final response went out already.
   * @returns true when the INVITE was still pending
   * @internal
   * @see RFC 3261 §9.2
   */
  cancelled(): boolean {
    if (this.#answered) return false;
    this.#answered = true;
    this.#canceled = true;
    this.#ist.handle({ type: 'respond', response: buildResponse(this.request, 487, { toTag: this.#toTag }) });
    this.emit('cancel');
    return true;
  }

  #checkOpen(what: string): void {
    if (this.#answered) {
      throw new InvalidStateError('ALREADY_ANSWERED', `${what}: the INVITE was already ${this.#canceled ? 'cancelled' : 'answered'}`);
    }
  }
}
