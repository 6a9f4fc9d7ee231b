import { getHeaderList, type SIPRequest } from '@voip/sip-parser';

/**
 * The methods this client handles, for Allow headers (OPTIONS answers, 405s, REGISTER, 200 to INVITE).
 * @see RFC 3261 §20.5
 */
export const ALLOWED_METHODS = 'INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, INFO, UPDATE, REFER, NOTIFY';

/**
 * The bodies this client accepts, for Accept headers.
 * @see RFC 3261 §20.1
 */
export const ACCEPTED_TYPES = 'application/sdp, text/plain, message/sipfrag';

/**
 * The SIP extensions this client supports (option tags), for Supported headers: `replaces` (RFC 3891).
 * @see RFC 3261 §20.37
 */
export const SUPPORTED_EXTENSIONS = 'replaces';

const SUPPORTED = new Set(SUPPORTED_EXTENSIONS.split(',').map((t) => t.trim().toLowerCase()));

/**
 * Methods a SIP UA may meet that this client recognises but does not serve outside a dialog: answered 405 with
 * Allow. Any other unknown method is answered 501.
 * @see RFC 3261 §8.2.1, §21.5.2
 */
const RECOGNISED_METHODS = new Set(['REGISTER', 'SUBSCRIBE', 'NOTIFY', 'PUBLISH', 'PRACK', 'REFER', 'UPDATE', 'INFO', 'BYE']);

/**
 * The status for a method this client does not serve here: 405 when it is a SIP method we know, else 501.
 * @param method - the request method
 * @returns 405 or 501
 * @see RFC 3261 §8.2.1 ("405 (Method Not Allowed)"), §21.5.2 ("501 (Not Implemented)")
 * @internal
 */
export function unsupportedMethodStatus(method: string): 405 | 501 {
  return RECOGNISED_METHODS.has(method.toUpperCase()) ? 405 : 501;
}

/**
 * The option tags of a request's Require header that this client does not support. ACK and CANCEL are never
 * checked ("the UAS MUST NOT … reject … based on Require" for them).
 * @param request - the incoming request
 * @returns the unsupported tags, empty when the request may proceed
 * @see RFC 3261 §8.2.2.3
 * @internal
 */
export function unsupportedRequirements(request: SIPRequest): string[] {
  if (request.method === 'ACK' || request.method === 'CANCEL') return [];
  return getHeaderList(request, 'Require')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '' && !SUPPORTED.has(tag.toLowerCase()));
}
