import { getCSeq, withAddedHeader, withHeader, withoutHeader, type SIPRequest, type SIPResponse } from '@voip/sip-parser';
import type { DigestAnswer, DigestSession } from './auth-session.js';
import type { UserAgentCore } from './user-agent-core.js';
import type { Address } from './via-routing.js';

/**
 * The retry of a challenged request: a fresh Via branch, CSeq + 1, and the new Authorization/Proxy-Authorization
 * headers in place of any old ones.
 * @param request - the request that was challenged
 * @param via - the new Via value (fresh branch)
 * @param auth - the header lines from {@link DigestSession.answer}
 * @returns the request to send next
 * @see RFC 3261 §22.2 ("the CSeq header field value … incremented")
 */
export function authenticatedRetry(request: SIPRequest, via: string, auth: readonly (readonly [string, string])[]): SIPRequest {
  let next = withHeader(request, 'Via', via);
  next = withHeader(next, 'CSeq', `${getCSeq(request).seq + 1} ${request.method}`);
  next = withoutHeader(withoutHeader(next, 'Authorization'), 'Proxy-Authorization');
  for (const [name, value] of auth) next = withAddedHeader(next, name, value);
  return next;
}

/** What {@link sendWithDigest} ends with: the final response, the request it answers, and a refusal if auth failed. */
export interface DigestResult {
  readonly response: SIPResponse;
  readonly request: SIPRequest;
  /** Set when the final response is a 401/407 that was not (or could not be) answered again. */
  readonly refused?: Extract<DigestAnswer, { ok: false }>;
}

/**
 * Sends a non-INVITE request, answering 401/407 challenges from the session, until a final response that is not a
 * challenge that can be answered.
 * @param core - the user agent core
 * @param request - the first request
 * @param destination - the next hop
 * @param session - the digest state of this request series
 * @returns the last final response and request
 * @throws (rejects) {@link TransactionTimeoutError}, {@link TransportError}
 * @see RFC 3261 §22.2, §22.3
 */
export async function sendWithDigest(core: UserAgentCore, request: SIPRequest, destination: Address, session: DigestSession): Promise<DigestResult> {
  let current = request;
  for (;;) {
    const response = await core.sendNonInvite(current, destination);
    if (response.status !== 401 && response.status !== 407) return { response, request: current };
    const answer = session.answer(response, current);
    if (!answer.ok) return { response, request: current, refused: answer };
    current = authenticatedRetry(current, core.via(destination.host), answer.headers);
  }
}
