import { EventEmitter } from 'node:events';
import {
  buildRequest,
  getCallId,
  getContacts,
  getCSeq,
  getFrom,
  getHeaderList,
  getTo,
  parseNameAddr,
  parseURI,
  serializeNameAddr,
  serializeURI,
  type SIPRequest,
  type SIPResponse,
  type SIPURI,
} from '@voip/sip-parser';
import { DigestSession } from './auth-session.js';
import { InvalidStateError } from './errors.js';
import { sendWithDigest } from './uac-request.js';
import type { UserAgentCore } from './user-agent-core.js';
import type { Address } from './via-routing.js';

/** How a dialog ended: the peer sent BYE, we sent BYE, or a request in it failed (481, 408, timeout). */
export type DialogTerminationReason = 'BYE' | 'LOCAL_BYE' | 'ERROR';

/** What an in-dialog response may carry. */
export interface RespondInit {
  readonly reason?: string;
  readonly headers?: readonly (readonly [string, string])[];
  readonly body?: Uint8Array | string;
  readonly contentType?: string;
}

/** Answers one in-dialog request (through its server transaction). */
export type Respond = (status: number, init?: RespondInit) => void;

/** Events of a {@link Dialog}. */
export interface DialogEvents {
  /** An in-dialog request other than BYE/ACK; call `respond` exactly once. */
  request: [request: SIPRequest, respond: Respond];
  /** The dialog ended. */
  terminated: [reason: DialogTerminationReason];
}

/** What an in-dialog request may carry. */
export interface DialogRequestInit {
  readonly body?: Uint8Array | string;
  readonly contentType?: string;
  readonly headers?: readonly (readonly [string, string])[];
}

/** States of a {@link Dialog} (early dialogs are not modelled yet). */
export const DialogState = { CONFIRMED: 'CONFIRMED', TERMINATED: 'TERMINATED' } as const;
/** A state of {@link Dialog}. */
export type DialogState = (typeof DialogState)[keyof typeof DialogState];

/**
 * The key of a dialog in a dialog table: Call-ID, local tag, remote tag.
 * @see RFC 3261 §12
 */
export const dialogKey = (callId: string, localTag: string, remoteTag: string): string => `${callId}\u0000${localTag}\u0000${remoteTag}`;

const TARGET_REFRESH = new Set(['INVITE', 'UPDATE', 'SUBSCRIBE', 'NOTIFY', 'REFER']);

/** The address a SIP URI is reached at over UDP: its maddr or host, its port or 5060. @internal */
export function uriAddress(uri: SIPURI): Address {
  const host = uri.params.maddr ?? uri.host;
  return { host: host.startsWith('[') ? host.slice(1, -1) : host, port: uri.port ?? 5060 };
}

/**
 * A confirmed INVITE dialog: its identifiers, route set, remote target and CSeq counters. It sends in-dialog
 * requests (loose or strict routing per the route set), answers BYE with 200 and ends, and hands other requests
 * to `'request'` listeners.
 * @example
 * dialog.on('terminated', (reason) => console.log('call ended:', reason));
 * await dialog.request('INFO', { body: 'Signal=5', contentType: 'application/dtmf-relay' });
 * await dialog.bye();
 * @see RFC 3261 §12 (dialogs), §12.2.1.1 (requests within a dialog), §15 (BYE)
 */
export class Dialog extends EventEmitter<DialogEvents> {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  readonly localURI: string;
  readonly remoteURI: string;
  readonly routeSet: readonly string[];
  #remoteTarget: string;
  #state: DialogState = DialogState.CONFIRMED;
  #localSeq: number;
  #remoteSeq: number | undefined;
  readonly #local: string;
  readonly #remote: string;
  readonly #core: UserAgentCore;

  private constructor(core: UserAgentCore, init: {
    callId: string; local: string; remote: string; remoteTarget: string; routeSet: string[]; localSeq: number; remoteSeq?: number;
  }) {
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
    this.routeSet = init.routeSet;
    this.#localSeq = init.localSeq;
    this.#remoteSeq = init.remoteSeq;
  }

  /**
   * The UAC's dialog, from the INVITE it sent and the 2xx it got: route set = Record-Route reversed, remote target
   * = the 2xx's Contact.
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
    });
  }

  /**
   * The UAS's dialog, from the INVITE it accepts with `localTag`: route set = Record-Route in order, remote target =
   * the INVITE's Contact.
   * @internal
   * @see RFC 3261 §12.1.1
   */
  static asUAS(core: UserAgentCore, invite: SIPRequest, localTag: string): Dialog {
    const to = getTo(invite);
    const contact = getContacts(invite)[0];
    const from = getFrom(invite);
    return new Dialog(core, {
      callId: getCallId(invite),
      local: serializeNameAddr({ ...to, params: { ...to.params, tag: localTag } }),
      remote: serializeNameAddr(from),
      remoteTarget: contact ? serializeURI(contact.uri) : serializeURI(from.uri),
      routeSet: getHeaderList(invite, 'Record-Route'),
      localSeq: 0,
      remoteSeq: getCSeq(invite).seq,
    });
  }

  /** The peer's Contact URI: where in-dialog requests go (updated by target refresh requests). */
  get remoteTarget(): string {
    return this.#remoteTarget;
  }

  /** CONFIRMED or TERMINATED. */
  get state(): DialogState {
    return this.#state;
  }

  /** This dialog's key in the client's dialog table. */
  get key(): string {
    return dialogKey(this.callId, this.localTag, this.remoteTag);
  }

  /**
   * Sends a request in this dialog (CSeq + 1, route set, remote target), answering digest challenges once.
   * @param method - e.g. `INFO`, `MESSAGE`, `BYE`
   * @param init - body, content type, extra headers
   * @returns the final response (any status); a 481 or 408 also ends the dialog with `'ERROR'`
   * @throws {@link InvalidStateError} `DIALOG_TERMINATED` (synchronously) once the dialog ended
   * @throws (rejects) {@link TransactionTimeoutError}, {@link TransportError}; the dialog then ends with `'ERROR'`
   * @see RFC 3261 §12.2.1.1, §12.2.1.2
   */
  request(method: string, init: DialogRequestInit = {}): Promise<SIPResponse> {
    if (this.#state === DialogState.TERMINATED) {
      throw new InvalidStateError('DIALOG_TERMINATED', `cannot send ${method}: the dialog has ended`);
    }
    if (method === 'ACK' || method === 'CANCEL' || method === 'INVITE') {
      throw new InvalidStateError('ILLEGAL_TRANSITION', `${method} in a dialog is not supported by Dialog.request() yet`);
    }
    const { request, destination } = this.#build(method, ++this.#localSeq, init);
    return sendWithDigest(this.#core, request, destination, new DigestSession(this.#core.credentials, this.#core.localUser)).then(
      ({ response, request: sent }) => {
        this.#localSeq = Math.max(this.#localSeq, getCSeq(sent).seq);
        if (response.status === 481 || response.status === 408) this.#terminate('ERROR');
        return response;
      },
      (error: unknown) => {
        this.#terminate('ERROR');
        throw error;
      },
    );
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
   * The ACK for the 2xx to this dialog's INVITE (CSeq number of the INVITE, fresh branch, route set).
   * @internal
   * @see RFC 3261 §13.2.2.4
   */
  ackRequest(inviteSeq: number): { request: SIPRequest; destination: Address } {
    return this.#build('ACK', inviteSeq, {});
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
    const contact = getContacts(request)[0];
    if (contact && TARGET_REFRESH.has(request.method)) this.#remoteTarget = serializeURI(contact.uri);
    if (request.method === 'BYE') {
      respond(200);
      this.#terminate('BYE');
    } else if (request.method === 'INVITE') {
      respond(488, { reason: 'Re-INVITE Not Supported Yet' });
    } else if (this.listenerCount('request') > 0) {
      this.emit('request', request, respond);
    } else {
      respond(request.method === 'OPTIONS' ? 200 : 405);
    }
  }

  /** Ends the dialog at once (the client stops, or the 2xx was never ACKed). @internal */
  terminate(reason: DialogTerminationReason): void {
    this.#terminate(reason);
  }

  #terminate(reason: DialogTerminationReason): void {
    if (this.#state === DialogState.TERMINATED) return;
    this.#state = DialogState.TERMINATED;
    this.#core.removeDialog(this);
    this.emit('terminated', reason);
  }

  /** RFC 3261 §12.2.1.1: Request-URI and Route headers from the route set (loose or strict), and the next hop. */
  #build(method: string, seq: number, init: DialogRequestInit): { request: SIPRequest; destination: Address } {
    let uri = this.#remoteTarget;
    let routes = this.routeSet as string[];
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
    if (TARGET_REFRESH.has(method)) headers.push(['Contact', this.#core.contactFor(destination.host)]);
    if (method !== 'ACK') headers.push(['User-Agent', this.#core.userAgent]);
    for (const header of init.headers ?? []) headers.push([header[0], header[1]]);
    if (init.body !== undefined) headers.push(['Content-Type', init.contentType ?? 'application/sdp']);
    const request = buildRequest({ method, uri, headers, ...(init.body !== undefined && { body: init.body }) });
    return { request, destination };
  }
}
