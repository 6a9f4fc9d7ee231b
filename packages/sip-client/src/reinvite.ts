import { type SIPRequest, type SIPResponse } from '@voip/sip-parser';
import type { DigestSession } from './auth-session.js';
import { SIPStatusError } from './errors.js';
import { authenticatedRetry } from './uac-request.js';
import type { UserAgentCore } from './user-agent-core.js';
import type { Address } from './via-routing.js';

/** What an in-dialog INVITE ends with: the final response and the INVITE it answers (after auth retries). */
export interface ReinviteResult {
  readonly response: SIPResponse;
  readonly request: SIPRequest;
}

/**
 * The UAC side of a re-INVITE: runs an INVITE client transaction inside an existing dialog, answers 401/407 once
 * per realm (CSeq + 1), ACKs the 2xx (and each retransmission of it) with the ACK `ackFor` builds.
 * @param core - the user agent core
 * @param request - the re-INVITE
 * @param destination - the next hop (first route or remote target)
 * @param session - the digest state for this request
 * @param ackFor - builds the ACK for the 2xx to a given INVITE (CSeq number of that INVITE, the dialog's route set)
 * @returns the 2xx and the INVITE it answers
 * @throws (rejects) {@link SIPStatusError} for a non-2xx final (491 on glare, 488 when the offer is refused),
 *   {@link TransactionTimeoutError} (B), {@link TransportError}
 * @see RFC 3261 §14.1 (modifying a session, UAC), §13.2.2.4 (ACK for 2xx)
 * @internal
 */
export function sendReinvite(
  core: UserAgentCore,
  request: SIPRequest,
  destination: Address,
  session: DigestSession,
  ackFor: (invite: SIPRequest) => { request: SIPRequest; destination: Address },
): Promise<ReinviteResult> {
  return new Promise<ReinviteResult>((resolve, reject) => {
    let ack: { request: SIPRequest; destination: Address } | undefined;
    let settled = false;
    const start = (invite: SIPRequest): void => {
      core.startInvite(invite, destination, {
        onResponse: (response) => {
          if (response.status < 200) return;
          if (response.status < 300) {
            // "The UAC core MUST generate an ACK request for each 2xx received from the transaction layer"
            ack ??= ackFor(invite);
            core.sendStateless(ack.request, ack.destination);
            if (!settled) {
              settled = true;
              resolve({ response, request: invite });
            }
            return;
          }
          if (settled) return;
          if (response.status === 401 || response.status === 407) {
            const answer = session.answer(response, invite);
            if (answer.ok) {
              start(authenticatedRetry(invite, core.via(destination.host), answer.headers));
              return;
            }
          }
          settled = true;
          reject(new SIPStatusError(response, 'INVITE'));
        },
        onError: (error) => {
          if (settled) return;
          settled = true;
          reject(error);
        },
      });
    };
    start(request);
  });
}

