/**
 * The methods this client handles, for Allow headers (OPTIONS answers, 405s, REGISTER, 200 to INVITE).
 * @see RFC 3261 §20.5
 */
export const ALLOWED_METHODS = 'INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, INFO';

/**
 * The bodies this client accepts, for Accept headers.
 * @see RFC 3261 §20.1
 */
export const ACCEPTED_TYPES = 'application/sdp, text/plain';

/**
 * The SIP extensions this client supports (option tags), for Supported headers: none yet.
 * @see RFC 3261 §20.37
 */
export const SUPPORTED_EXTENSIONS = '';
