import { getCSeq, getTo, type SIPRequest, type SIPResponse } from '@voip/sip-parser';
import { cancelFor } from './ack-cancel.js';
import { DigestSession } from './auth-session.js';
import { Dialog } from './dialog.js';
import { abortError, SIPStatusError } from './errors.js';
import { InviteClientState, type InviteClientTransaction } from './invite-client-transaction.js';
import { authenticatedRetry } from './uac-request.js';
import type { UserAgentCore } from './user-agent-core.js';
import type { Address } from './via-routing.js';

/** Options of {@link sendInvite}. */
export interface SendInviteOptions {
  /** Aborting sends CANCEL (once a provisional came) and rejects with an `AbortError`. */
  readonly signal?: AbortSignal;
  /**
   * Called with each provisional response (180, 183 with early media SDP, …), not after an abort. A 101–199 with a
   * To-tag also comes with its early dialog (one per forked branch that answered).
   */
  readonly onProvisional?: (response: SIPResponse, earlyDialog?: Dialog) => void;
}

/** A call the peer answered: the 2xx and the dialog it created. */
export interface InviteResult {
  readonly response: SIPResponse;
  readonly dialog: Dialog;
}

/**
 * The UAC core for one INVITE: runs the INVITE client transaction, retries once per challenge on 401/407 (CSeq+1),
 * makes an early dialog for each 1xx with a new To-tag (forking proxies give several), ACKs every 2xx (with the
 * 2xx's To-tag, through the route set) and again for each 2xx retransmission, CANCELs on abort once a provisional
 * response came, and ends a 2xx that raced an abort (or a second forked 2xx) with BYE. The first 2xx confirms its
 * early dialog; the other early dialogs end then.
 * @param core - the user agent core
 * @param invite - the first INVITE
 * @param destination - the next hop
 * @param options - abort signal and provisional callback
 * @returns the 2xx and its dialog
 * @throws (rejects) {@link SIPStatusError} for a non-2xx final, {@link TransactionTimeoutError} (B),
 *   {@link TransportError}, or an `AbortError` `DOMException`
 * @see RFC 3261 §13.2 (UAC processing), §9.1 (CANCEL), §22.2 (auth), §13.2.2.4 (2xx and ACK)
 * @internal
 */
export function sendInvite(core: UserAgentCore, invite: SIPRequest, destination: Address, options: SendInviteOptions = {}): Promise<InviteResult> {
  const { signal } = options;
  return new Promise<InviteResult>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const session = new DigestSession(core.credentials, core.localUser);
    const acks = new Map<string, { request: SIPRequest; destination: Address }>();
    const early = new Map<string, Dialog>();
    const endEarly = (): void => {
      for (const dialog of early.values()) dialog.terminate('ERROR');
      early.clear();
    };
    let ict: InviteClientTransaction | undefined;
    let current = invite;
    let provisional = false;
    let aborted = false;
    let cancelSent = false;
    let settled = false;

    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      endEarly();
      fn();
    };
    const maybeCancel = (): void => {
      // "a CANCEL … SHOULD NOT be sent … until a provisional response is received"
      if (!aborted || !provisional || cancelSent || ict?.state !== InviteClientState.PROCEEDING) return;
      cancelSent = true;
      core.sendNonInvite(cancelFor(current), destination).catch(() => undefined);
    };
    const onAbort = (): void => {
      aborted = true;
      maybeCancel();
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    const on2xx = (request: SIPRequest, response: SIPResponse): void => {
      const tag = getTo(response).params.tag ?? '';
      const known = acks.get(tag);
      if (known) {
        core.sendStateless(known.request, known.destination); // a 2xx retransmission: ACK again
        return;
      }
      // "If the dialog identifier in the 2xx response matches the dialog identifier of an existing dialog, the dialog
      // MUST be transitioned to the confirmed state"; else a new confirmed dialog
      const dialog = early.get(tag) ?? Dialog.asUAC(core, request, response);
      early.delete(tag);
      dialog.confirm(response);
      const ack = dialog.ackRequest(getCSeq(request).seq);
      acks.set(tag, ack);
      core.sendStateless(ack.request, ack.destination);
      core.addDialog(dialog);
      if (settled || aborted) {
        // a second (forked) 2xx, or the peer answered while we cancelled: confirm, then end it (RFC 3261 §13.2.2.4)
        dialog.bye().catch(() => undefined);
        settle(() => reject(abortError(signal)));
        return;
      }
      settle(() => resolve({ response, dialog }));
    };

    /** RFC 3261 §12.1.2 / §13.2.2.1: a 101–199 with a To-tag makes (or refreshes) an early dialog. */
    const earlyDialog = (request: SIPRequest, response: SIPResponse): Dialog | undefined => {
      const tag = getTo(response).params.tag;
      if (response.status === 100 || !tag) return undefined;
      let dialog = early.get(tag);
      if (!dialog) {
        dialog = Dialog.asUAC(core, request, response);
        early.set(tag, dialog);
        core.addDialog(dialog);
      }
      return dialog;
    };

    const start = (request: SIPRequest): void => {
      current = request;
      provisional = false;
      ict = core.startInvite(request, destination, {
        onResponse: (response) => {
          if (response.status < 200) {
            provisional = true;
            const dialog = settled ? undefined : earlyDialog(request, response);
            if (!aborted && !settled) options.onProvisional?.(response, dialog);
            maybeCancel();
          } else if (response.status < 300) {
            on2xx(request, response);
          } else if ((response.status === 401 || response.status === 407) && !aborted && !settled) {
            const answer = session.answer(response, request);
            if (answer.ok) start(authenticatedRetry(request, core.via(destination.host), answer.headers));
            else settle(() => reject(new SIPStatusError(response, 'INVITE')));
          } else {
            settle(() => reject(aborted ? abortError(signal) : new SIPStatusError(response, 'INVITE')));
          }
        },
        onError: (error) => settle(() => reject(aborted ? abortError(signal) : error)),
      });
    };
    start(invite);
  });
}
