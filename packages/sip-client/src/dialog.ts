import { EventEmitter } from 'node:events';
import {
  buildRequest,
  getCallId,
  getContacts,
  getCSeq,
  getEvent,
  getFrom,
  getHeader,
  getHeaderList,
  getTo,
  parseNameAddr,
  parseURI,
  serializeNameAddr,
  serializeURI,
  SIPParseError,
  type SIPMessage,
  type SIPRequest,
  type SIPResponse,
  type SIPURI,
  type TokenParams,
} from '@voip/sip-parser';
import { AnswerRetransmitter } from './answer-retransmitter.js';
import { DigestSession } from './auth-session.js';
import { warningHeader } from './bad-request.js';
import { ALLOWED_METHODS, SUPPORTED_EXTENSIONS, unsupportedMethodStatus } from './capabilities.js';
import { InvalidStateError, SIPStatusError } from './errors.js';
import { IncomingOffer, type OfferAnswerInit } from './incoming-offer.js';
import { IncomingRefer, Referral } from './refer.js';
import { sendReinvite } from './reinvite.js';
import { referToWithReplaces } from './replaces.js';
import { SIPFRAG_TYPE } from './sipfrag.js';
import { sendWithDigest } from './uac-request.js';
import type { UserAgentCore } from './user-agent-core.js';
import type { Destination } from './transport-protocol.js';
import { stripBrackets } from './via-routing.js';

/** How a dialog ended: the peer sent BYE, we sent BYE, or it failed (481, 408, timeout, an early dialog not chosen). */
export type DialogTerminationReason = 'BYE' | 'LOCAL_BYE' | 'ERROR';

/** What an in-dialog response may carry. */
export interface RespondInit {
  readonly reason?: string;
  readonly headers?: readonly (readonly [string, string])[];
  readonly body?: Uint8Array | string;
  readonly contentType?: string;
}

/** Answers one in-dialog request (through its server transaction); returns the response sent, if it could be sent. */
export type Respond = (status: number, init?: RespondInit) => SIPResponse | undefined;

/** Events of a {@link Dialog}. */
export interface DialogEvents {
  /** An in-dialog request that is not BYE, ACK, a session offer, REFER or its NOTIFY; call `respond` exactly once. */
  request: [request: SIPRequest, respond: Respond];
  /** A re-INVITE or UPDATE from the peer (hold, resume, media change). Without listeners it is answered 488. */
  offer: [offer: IncomingOffer];
  /** A REFER from the peer (a transfer). Without listeners it is answered 603. */
  refer: [refer: IncomingRefer];
  /** The dialog ended. */
  terminated: [reason: DialogTerminationReason];
}

/** What an in-dialog request may carry. */
export interface DialogRequestInit {
  readonly body?: Uint8Array | string;
  readonly contentType?: string;
  readonly headers?: readonly (readonly [string, string])[];
}

/** What {@link Dialog.refer} takes. */
export interface ReferInit {
  /** Attended transfer: our dialog with the transfer target; the peer's INVITE will replace it (RFC 3891). */
  readonly replaces?: { readonly callId: string; readonly localTag: string; readonly remoteTag: string };
  readonly headers?: readonly (readonly [string, string])[];
}

/**
 * States of a {@link Dialog}.
 * ```
 *   EARLY (1xx with a To-tag) --2xx--> CONFIRMED --BYE, 481/408, timeout--> TERMINATED
 *     \--non-2xx final, or another fork answered first----------------------> TERMINATED
 * ```
 */
export const DialogState = { EARLY: 'EARLY', CONFIRMED: 'CONFIRMED', TERMINATED: 'TERMINATED' } as const;
/** A state of {@link Dialog}. */
export type DialogState = (typeof DialogState)[keyof typeof DialogState];

/**
 * The key of a dialog in a dialog table: Call-ID, local tag, remote tag.
 * @see RFC 3261 §12
 */
export const dialogKey = (callId: string, localTag: string, remoteTag: string): string => `${callId}\u0000${localTag}\u0000${remoteTag}`;

const TARGET_REFRESH = new Set(['INVITE', 'UPDATE', 'SUBSCRIBE', 'NOTIFY', 'REFER']);
/** In-dialog requests answered 200 when the application listens for none. */
const ANSWERED_WITHOUT_LISTENER = new Set(['OPTIONS', 'INFO', 'MESSAGE']);

/** The next hop a SIP URI names: its maddr or host, its port (or 5060, marked as a default). @internal */
export function uriAddress(uri: SIPURI): Destination {
  const host = stripBrackets(uri.params.maddr ?? uri.host);
  return uri.port === undefined ? { host, port: 5060, portFromDefault: true } : { host, port: uri.port };
}

interface DialogInit {
  callId: string;
  local: string;
  remote: string;
  remoteTarget: string;
  routeSet: string[];
  localSeq: number;
  remoteSeq?: number;
  contact: string;
  early: boolean;
}

/**
 * An INVITE dialog, early or confirmed: its identifiers, route set, remote target and CSeq counters. It sends
 * in-dialog requests (loose or strict routing per the route set), re-INVITEs and UPDATEs (hold and resume), REFERs
 * (transfer); it answers BYE with 200 and ends, hands session offers to `'offer'`, REFERs to `'refer'`, and other
 * requests to `'request'` listeners.
 * @example
 * dialog.on('terminated', (reason) => console.log('call ended:', reason));
 * await dialog.reinvite({ body: holdOffer });          // a=sendonly: put the peer on hold
 * await dialog.request('INFO', { body: 'Signal=5', contentType: 'application/dtmf-relay' });
 * await dialog.bye();
 * @see RFC 3261 §12 (dialogs), §12.2.1.1 (requests within a dialog), §14 (re-INVITE), §15 (BYE); RFC 3311
 *   (UPDATE); RFC 3515 (REFER)
 */
export class Dialog extends EventEmitter<DialogEvents> {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  readonly localURI: string;
  readonly remoteURI: string;
  #routeSet: readonly string[];
  #remoteTarget: string;
  #state: DialogState;
  #localSeq: number;
  #remoteSeq: number | undefined;
  /** Which side has an offer/answer exchange (re-INVITE or UPDATE) in progress, for glare (491). */
  #offering: 'local' | 'remote' | undefined;
  readonly #referrals = new Map<number, Referral>();
  readonly #local: string;
  readonly #remote: string;
  readonly #contact: string;
  readonly #core: UserAgentCore;

  private constructor(core: UserAgentCore, init: DialogInit) {
    super();
    this.#core = core;
    this.callId = init.callId;
    this.#local = init.local;
    this.#remote = init.remote;
    const local = parseNameAddr(init.local);
    const remote = parseNameAddr(init.remote);
    this.localTag = local.params.tag ?? '';
    this.remoteTag = remote.params.tag ?? '';
    this.localURI = serializeURI(local.uri);
    this.remoteURI = serializeURI(remote.uri);
    this.#remoteTarget = init.remoteTarget;
    this.#routeSet = init.routeSet;
    this.#localSeq = init.localSeq;
    this.#remoteSeq = init.remoteSeq;
    this.#contact = init.contact;
    this.#state = init.early ? DialogState.EARLY : DialogState.CONFIRMED;
  }

  /**
   * The UAC's dialog, from the INVITE it sent and a 2xx (confirmed) or a 101–199 with a To-tag (early): route set =
   * Record-Route reversed, remote target = the response's Contact.
   * @internal
   * @see RFC 3261 §12.1.2
   */
  static asUAC(core: UserAgentCore, invite: SIPRequest, response: SIPResponse): Dialog {
    const contact = getContacts(response)[0];
    return new Dialog(core, {
      callId: getCallId(invite),
      local: serializeNameAddr(getFrom(invite)),
      remote: serializeNameAddr(getTo(response)),
      remoteTarget: contact ? serializeURI(contact.uri) : invite.uri,
      routeSet: getHeaderList(response, 'Record-Route').reverse(),
      localSeq: getCSeq(invite).seq,
      contact: getHeader(invite, 'Contact') ?? core.contactFor(uriAddress(parseURI(invite.uri)).host),
      early: response.status < 200,
    });
  }

  /**
   * The UAS's dialog, from the INVITE it accepts with `localTag` and `contact`: route set = Record-Route in order,
   * remote target = the INVITE's Contact.
   * @internal
   * @see RFC 3261 §12.1.1
   */
  static asUAS(core: UserAgentCore, invite: SIPRequest, localTag: string, contact: string): Dialog {
    const to = getTo(invite);
    const remoteContact = getContacts(invite)[0];
    const from = getFrom(invite);
    return new Dialog(core, {
      callId: getCallId(invite),
      local: serializeNameAddr({ ...to, params: { ...to.params, tag: localTag } }),
      remote: serializeNameAddr(from),
      remoteTarget: remoteContact ? serializeURI(remoteContact.uri) : serializeURI(from.uri),
      routeSet: getHeaderList(invite, 'Record-Route'),
      localSeq: 0,
      remoteSeq: getCSeq(invite).seq,
      contact,
      early: false,
    });
  }

  /** The peer's Contact URI: where in-dialog requests go (updated by target refresh requests and responses). */
  get remoteTarget(): string {
    return this.#remoteTarget;
  }

  /** The proxies in-dialog requests pass through (Route headers), from Record-Route. */
  get routeSet(): readonly string[] {
    return this.#routeSet;
  }

  /** EARLY, CONFIRMED or TERMINATED. */
  get state(): DialogState {
    return this.#state;
  }

  /** This dialog's key in the client's dialog table. */
  get key(): string {
    return dialogKey(this.callId, this.localTag, this.remoteTag);
  }

  /**
   * Sends a request in this dialog (CSeq + 1, route set, remote target), answering digest challenges once. A 2xx to
   * a target refresh request (UPDATE, REFER, NOTIFY) updates the remote target from its Contact.
   * @param method - e.g. `INFO`, `MESSAGE`, `UPDATE`, `BYE` (use {@link Dialog.reinvite} for INVITE)
   * @param init - body, content type, extra headers
   * @returns the final response (any status); a 481 or 408 also ends the dialog with `'ERROR'`
   * @throws {@link InvalidStateError} `DIALOG_TERMINATED` (synchronously) once the dialog ended;
   *   `ILLEGAL_TRANSITION` for ACK, CANCEL or INVITE
   * @throws (rejects) {@link TransactionTimeoutError}, {@link TransportError}; the dialog then ends with `'ERROR'`
   * @see RFC 3261 §12.2.1.1, §12.2.1.2
   */
  request(method: string, init: DialogRequestInit = {}): Promise<SIPResponse> {
    this.#checkLive(method);
    if (method === 'ACK' || method === 'CANCEL' || method === 'INVITE') {
      throw new InvalidStateError('ILLEGAL_TRANSITION', `${method} cannot be sent with Dialog.request(); use reinvite() for INVITE`);
    }
    const { request, destination } = this.#build(method, ++this.#localSeq, init);
    return sendWithDigest(this.#core, request, destination, this.#digest()).then(
      ({ response, request: sent }) => {
        this.#localSeq = Math.max(this.#localSeq, getCSeq(sent).seq);
        this.#afterResponse(method, response);
        return response;
      },
      (error: unknown) => {
        this.#terminate('ERROR');
        throw error;
      },
    );
  }

  /**
   * Sends a re-INVITE: a new offer in `init.body` (or none, asking the peer to offer), for hold, resume or a media
   * change. The 2xx is ACKed and updates the remote target.
   * @param init - the new offer, its type, extra headers
   * @returns the 2xx (its body is the answer)
   * @throws {@link InvalidStateError} (synchronously) `DIALOG_TERMINATED`, or `OFFER_PENDING` while another
   *   re-INVITE or UPDATE is in progress in either direction, or `ILLEGAL_TRANSITION` in an early dialog
   * @throws (rejects) {@link SIPStatusError} (491 glare, 488 offer refused: the session stays as it was; 408/481
   *   also end the dialog), {@link TransactionTimeoutError}, {@link TransportError}
   * @see RFC 3261 §14.1
   */
  reinvite(init: DialogRequestInit = {}): Promise<SIPResponse> {
    this.#checkLive('INVITE');
    if (this.#state === DialogState.EARLY) throw new InvalidStateError('ILLEGAL_TRANSITION', 're-INVITE needs a confirmed dialog; use update() in an early dialog');
    this.#startOffer('INVITE');
    const { request, destination } = this.#build('INVITE', ++this.#localSeq, { ...init, contentType: init.contentType ?? 'application/sdp' });
    return sendReinvite(this.#core, request, destination, this.#digest(), (invite) => this.ackRequest(getCSeq(invite).seq)).then(
      ({ response, request: sent }) => {
        this.#offering = undefined;
        this.#localSeq = Math.max(this.#localSeq, getCSeq(sent).seq);
        this.#afterResponse('INVITE', response);
        return response;
      },
      (error: unknown) => {
        this.#offering = undefined;
        if (error instanceof SIPStatusError) this.#afterResponse('INVITE', error.response);
        else this.#terminate('ERROR');
        throw error;
      },
    );
  }

  /**
   * Sends an UPDATE with a new offer (works in early and confirmed dialogs).
   * @param init - the offer, its type, extra headers
   * @returns the final response (a 2xx carries the answer)
   * @throws {@link InvalidStateError} (synchronously) `DIALOG_TERMINATED` or `OFFER_PENDING`
   * @throws (rejects) as {@link Dialog.request}
   * @see RFC 3311 §5.1
   */
  update(init: DialogRequestInit = {}): Promise<SIPResponse> {
    this.#checkLive('UPDATE');
    this.#startOffer('UPDATE');
    return this.request('UPDATE', { ...init, contentType: init.contentType ?? 'application/sdp' }).finally(() => {
      this.#offering = undefined;
    });
  }

  /**
   * Asks the peer to call `target` (a transfer). Blind: `refer(uri)`. Attended: `refer(uri, { replaces: consult })`
   * where `consult` is our dialog with `uri`; the peer's INVITE then replaces that dialog.
   * @param target - the SIP URI the peer should call
   * @param init - the dialog to replace, extra headers
   * @returns the referral (the peer answered 2xx): progress events and the final status
   * @throws {@link InvalidStateError} `DIALOG_TERMINATED` (synchronously); {@link SIPParseError} for a bad URI
   * @throws (rejects) {@link SIPStatusError} when the peer refuses the REFER, {@link TransactionTimeoutError},
   *   {@link TransportError}
   * @see RFC 3515 §2.4.1; RFC 5589 §6 (blind), §7 (attended)
   */
  async refer(target: string, init: ReferInit = {}): Promise<Referral> {
    const referTo = init.replaces ? referToWithReplaces(target, init.replaces) : `<${serializeURI(parseURI(target))}>`;
    const headers: [string, string][] = [['Refer-To', referTo], ['Referred-By', `<${this.localURI}>`]];
    for (const header of init.headers ?? []) headers.push([header[0], header[1]]);
    const response = await this.request('REFER', { headers });
    if (response.status < 200 || response.status >= 300) throw new SIPStatusError(response, 'REFER');
    const referral = new Referral(response, getCSeq(response).seq);
    this.#referrals.set(referral.cseq, referral);
    referral.done.then(
      () => this.#referrals.delete(referral.cseq),
      () => this.#referrals.delete(referral.cseq),
    );
    return referral;
  }

  /**
   * Ends the dialog with a BYE. Emits `terminated('LOCAL_BYE')` when the BYE is answered (or fails).
   * @throws {@link InvalidStateError} `DIALOG_TERMINATED` once the dialog ended
   * @throws (rejects) {@link TransactionTimeoutError}, {@link TransportError} when no answer came
   * @see RFC 3261 §15.1.1
   */
  async bye(): Promise<void> {
    try {
      await this.request('BYE');
    } finally {
      this.#terminate('LOCAL_BYE');
    }
  }

  /**
   * The ACK for the 2xx to an INVITE of this dialog (CSeq number of that INVITE, fresh branch, route set).
   * @internal
   * @see RFC 3261 §13.2.2.4
   */
  ackRequest(inviteSeq: number): { request: SIPRequest; destination: Destination } {
    return this.#build('ACK', inviteSeq, {});
  }

  /**
   * An early dialog's 2xx arrived: confirm it, recompute the route set and take the remote target from the 2xx.
   * @internal
   * @see RFC 3261 §13.2.2.4 ("the route set for the dialog MUST be recomputed based on the 2xx response")
   */
  confirm(response: SIPResponse): void {
    if (this.#state !== DialogState.EARLY) return;
    this.#state = DialogState.CONFIRMED;
    this.#routeSet = getHeaderList(response, 'Record-Route').reverse();
    this.#takeTarget(response);
  }

  /**
   * Handles an in-dialog request from the peer.
   * @internal
   * @see RFC 3261 §12.2.2
   */
  receiveRequest(request: SIPRequest, respond: Respond): void {
    const seq = getCSeq(request).seq;
    // "If the remote sequence number is not empty, but the sequence number of the request is lower than the remote
    // sequence number, the request is out of order and MUST be rejected with a 500 (Server Internal Error)"
    if (this.#remoteSeq !== undefined && seq < this.#remoteSeq) {
      respond(500, { reason: 'Out of order CSeq' });
      return;
    }
    this.#remoteSeq = seq;
    // a refused re-INVITE or UPDATE changes nothing, its Contact included (RFC 6141 §3.4): those refresh on accept
    if (request.method !== 'INVITE' && request.method !== 'UPDATE') this.#refreshTarget(request);
    switch (request.method) {
      case 'BYE':
        respond(200);
        this.#terminate('BYE');
        return;
      case 'INVITE':
      case 'UPDATE':
        this.#receiveOffer(request, respond);
        return;
      case 'REFER':
        this.#receiveRefer(request, respond);
        return;
      case 'NOTIFY':
        if (this.#receiveNotify(request, respond)) return;
        break;
    }
    if (this.listenerCount('request') > 0) this.emit('request', request, respond);
    else if (ANSWERED_WITHOUT_LISTENER.has(request.method)) respond(200);
    else respond(unsupportedMethodStatus(request.method), { headers: [['Allow', ALLOWED_METHODS]] });
  }

  /** Ends the dialog at once (the client stops, the 2xx was never ACKed, another fork won). @internal */
  terminate(reason: DialogTerminationReason): void {
    this.#terminate(reason);
  }

  #checkLive(method: string): void {
    if (this.#state === DialogState.TERMINATED) {
      throw new InvalidStateError('DIALOG_TERMINATED', `cannot send ${method}: the dialog has ended`);
    }
  }

  #startOffer(method: string): void {
    // "a UAC MUST NOT initiate a new INVITE transaction within a dialog while another INVITE transaction is in
    // progress in either direction"; RFC 3311 §5.1 likewise for an UPDATE with an offer
    if (this.#offering) throw new InvalidStateError('OFFER_PENDING', `cannot send ${method}: an offer/answer exchange is in progress (${this.#offering})`);
    this.#offering = 'local';
  }

  #digest(): DigestSession {
    return new DigestSession(this.#core.credentials, this.#core.localUser);
  }

  /** RFC 3261 §12.2.1.2: 481/408 end the dialog; a 2xx to a target refresh request updates the remote target. */
  #afterResponse(method: string, response: SIPResponse): void {
    if (response.status === 481 || response.status === 408) {
      this.#terminate('ERROR');
      return;
    }
    if (response.status < 200 || response.status >= 300 || !TARGET_REFRESH.has(method)) return;
    this.#takeTarget(response);
  }

  /** RFC 3261 §12.2.2: a target refresh request's Contact becomes the remote target. */
  #refreshTarget(request: SIPRequest): void {
    if (TARGET_REFRESH.has(request.method)) this.#takeTarget(request);
  }

  /** The first Contact of `m`, if any, becomes the remote target (RFC 3261 §12.1.2, §12.2.1.2, §12.2.2). */
  #takeTarget(m: SIPMessage): void {
    const contact = getContacts(m)[0];
    if (contact) this.#remoteTarget = serializeURI(contact.uri);
  }

  #receiveOffer(request: SIPRequest, respond: Respond): void {
    if (this.#offering === 'local') {
      respond(491); // RFC 3261 §14.2 / RFC 3311 §5.2: glare
      return;
    }
    if (this.#offering === 'remote') {
      // RFC 3261 §14.2: "a 500 (Server Internal Error) … with a Retry-After header field with a randomly chosen value of between 0 and 10 seconds"
      respond(500, { headers: [['Retry-After', String(Math.floor(Math.random() * 11))]] });
      return;
    }
    if (this.listenerCount('offer') === 0) {
      respond(488);
      return;
    }
    this.#offering = 'remote';
    const isInvite = request.method === 'INVITE';
    const offer = new IncomingOffer(request, {
      accept: (init: OfferAnswerInit) => {
        this.#refreshTarget(request);
        const ok = respond(200, {
          headers: [['Contact', this.#contact], ['Allow', ALLOWED_METHODS], ['Supported', SUPPORTED_EXTENSIONS]],
          body: init.body,
          contentType: init.contentType ?? 'application/sdp',
        });
        if (!isInvite || !ok) {
          this.#offering = undefined;
          return Promise.resolve();
        }
        return this.awaitAck(ok, getCSeq(request).seq).finally(() => (this.#offering = undefined));
      },
      reject: (status, reason) => {
        this.#offering = undefined;
        respond(status, reason === undefined ? {} : { reason });
      },
    });
    this.emit('offer', offer);
  }

  /**
   * Repeats the 2xx to an INVITE of this dialog (the first one or a re-INVITE) until its ACK (matching CSeq) arrives.
   * Resolves then, or when the dialog ends first (a BYE overtook the ACK, the client stopped). No ACK in 64*T1: the
   * session is ended with a BYE (RFC 3261 §13.3.1.4, §14.2) and the promise rejects.
   * @internal
   */
  awaitAck(ok: SIPResponse, seq: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let stopWaiting = (): void => undefined;
      const done = (): void => {
        retransmitter.stop();
        stopWaiting();
        this.off('terminated', done);
        resolve();
      };
      const retransmitter = new AnswerRetransmitter(
        this.#core.clock,
        this.#core.timers,
        () => this.#core.resendResponse(ok),
        (error) => {
          stopWaiting();
          this.off('terminated', done);
          // "If the server retransmits the 2xx response for 64*T1 seconds without receiving an ACK, the dialog is
          // confirmed, but the session SHOULD be terminated. This is accomplished with a BYE"
          if (this.#state !== DialogState.TERMINATED) this.bye().catch(() => undefined);
          reject(error);
        },
      );
      const wait = (): void => {
        stopWaiting = this.#core.expectAck(this.key, (ack) => {
          if (getCSeq(ack).seq === seq) done();
          else wait(); // a late ACK for an earlier INVITE of this dialog
        });
      };
      wait();
      this.once('terminated', done);
      retransmitter.start();
    });
  }

  #receiveRefer(request: SIPRequest, respond: Respond): void {
    let refer: IncomingRefer;
    try {
      refer = new IncomingRefer(request, {
        respond: (status, reason) => void respond(status, reason === undefined ? {} : { reason }),
        notify: (headers, body) => this.request('NOTIFY', { headers, body, contentType: SIPFRAG_TYPE }),
      });
    } catch (error) {
      if (!SIPParseError.isInstance(error)) throw error;
      // RFC 3515 §2.4.1: exactly one valid Refer-To
      respond(400, { reason: 'Bad Refer-To', headers: [warningHeader(error.detail)] });
      return;
    }
    if (this.listenerCount('refer') === 0) {
      refer.reject(603);
      return;
    }
    this.emit('refer', refer);
  }

  /** A NOTIFY for one of our REFERs: 200 and progress; returns false for other event packages. */
  #receiveNotify(request: SIPRequest, respond: Respond): boolean {
    let event: TokenParams | undefined;
    try {
      event = getEvent(request);
    } catch (error) {
      if (!SIPParseError.isInstance(error)) throw error;
      respond(400, { headers: [warningHeader(`Event: ${error.detail}`)] });
      return true;
    }
    if (event?.value.toLowerCase() !== 'refer') return false;
    const id = event.params.id;
    const referral = typeof id === 'string' ? this.#referrals.get(Number(id)) : this.#lastReferral();
    if (!referral) {
      respond(481, { reason: 'Subscription Does Not Exist' }); // RFC 6665 §4.1.3
      return true;
    }
    if (!referral.receiveNotify(request)) {
      respond(400, { reason: 'Bad sipfrag' });
      return true;
    }
    respond(200);
    return true;
  }

  /** The REFER sent last that still waits for its NOTIFYs (one without an `id` is matched to it). */
  #lastReferral(): Referral | undefined {
    let last: Referral | undefined;
    for (const referral of this.#referrals.values()) last = referral;
    return last;
  }

  #terminate(reason: DialogTerminationReason): void {
    if (this.#state === DialogState.TERMINATED) return;
    this.#state = DialogState.TERMINATED;
    this.#core.removeDialog(this);
    for (const referral of this.#referrals.values()) {
      referral.abandon(new InvalidStateError('DIALOG_TERMINATED', 'the dialog ended before the referred call completed'));
    }
    this.#referrals.clear();
    this.emit('terminated', reason);
  }

  /** RFC 3261 §12.2.1.1: Request-URI and Route headers from the route set (loose or strict), and the next hop. */
  #build(method: string, seq: number, init: DialogRequestInit): { request: SIPRequest; destination: Destination } {
    let uri = this.#remoteTarget;
    let routes = this.#routeSet as string[];
    const first = routes[0] === undefined ? undefined : parseNameAddr(routes[0]);
    if (first && !('lr' in first.uri.params)) {
      // strict routing: the first route becomes the Request-URI, the remote target the last Route
      uri = serializeURI({ ...first.uri, params: {}, headers: {} });
      routes = [...routes.slice(1), `<${this.#remoteTarget}>`];
    }
    const destination = uriAddress(first ? first.uri : parseURI(uri));
    const headers: [string, string][] = [['Via', this.#core.via(destination.host)], ['Max-Forwards', '70']];
    for (const route of routes) headers.push(['Route', route]);
    headers.push(['From', this.#local], ['To', this.#remote], ['Call-ID', this.callId], ['CSeq', `${seq} ${method}`]);
    if (TARGET_REFRESH.has(method)) headers.push(['Contact', this.#contact]);
    if (method === 'INVITE' || method === 'UPDATE') headers.push(['Allow', ALLOWED_METHODS], ['Supported', SUPPORTED_EXTENSIONS]);
    if (method !== 'ACK') headers.push(['User-Agent', this.#core.userAgent]);
    for (const header of init.headers ?? []) headers.push([header[0], header[1]]);
    if (init.body !== undefined) headers.push(['Content-Type', init.contentType ?? 'application/sdp']);
    const request = buildRequest({ method, uri, headers, ...(init.body !== undefined && { body: init.body }) });
    return { request, destination };
  }
}
