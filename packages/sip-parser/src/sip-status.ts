/**
 * Every SIP response code in the IANA "Response Codes" registry, by name (pyVoIP's names: `SIPStatus.OK === 200`).
 * Any other 100-699 code is still valid on the wire and is read by its class (see {@link sipStatusPhrase}).
 * @see RFC 3261 §21; IANA SIP Parameters, Response Codes
 */
export const SIPStatus = {
  TRYING: 100,
  RINGING: 180,
  CALL_IS_BEING_FORWARDED: 181,
  QUEUED: 182,
  SESSION_PROGRESS: 183,
  EARLY_DIALOG_TERMINATED: 199,
  OK: 200,
  ACCEPTED: 202,
  NO_NOTIFICATION: 204,
  MULTIPLE_CHOICES: 300,
  MOVED_PERMANENTLY: 301,
  MOVED_TEMPORARILY: 302,
  USE_PROXY: 305,
  ALTERNATIVE_SERVICE: 380,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  PAYMENT_REQUIRED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  NOT_ACCEPTABLE: 406,
  PROXY_AUTHENTICATION_REQUIRED: 407,
  REQUEST_TIMEOUT: 408,
  GONE: 410,
  CONDITIONAL_REQUEST_FAILED: 412,
  REQUEST_ENTITY_TOO_LARGE: 413,
  REQUEST_URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNSUPPORTED_URI_SCHEME: 416,
  UNKNOWN_RESOURCE_PRIORITY: 417,
  BAD_EXTENSION: 420,
  EXTENSION_REQUIRED: 421,
  SESSION_INTERVAL_TOO_SMALL: 422,
  INTERVAL_TOO_BRIEF: 423,
  BAD_LOCATION_INFORMATION: 424,
  BAD_ALERT_MESSAGE: 425,
  USE_IDENTITY_HEADER: 428,
  PROVIDE_REFERRER_IDENTITY: 429,
  FLOW_FAILED: 430,
  ANONYMITY_DISALLOWED: 433,
  BAD_IDENTITY_INFO: 436,
  UNSUPPORTED_CREDENTIAL: 437,
  INVALID_IDENTITY_HEADER: 438,
  FIRST_HOP_LACKS_OUTBOUND_SUPPORT: 439,
  MAX_BREADTH_EXCEEDED: 440,
  BAD_INFO_PACKAGE: 469,
  CONSENT_NEEDED: 470,
  TEMPORARILY_UNAVAILABLE: 480,
  CALL_OR_TRANSACTION_DOES_NOT_EXIST: 481,
  LOOP_DETECTED: 482,
  TOO_MANY_HOPS: 483,
  ADDRESS_INCOMPLETE: 484,
  AMBIGUOUS: 485,
  BUSY_HERE: 486,
  REQUEST_TERMINATED: 487,
  NOT_ACCEPTABLE_HERE: 488,
  BAD_EVENT: 489,
  REQUEST_PENDING: 491,
  UNDECIPHERABLE: 493,
  SECURITY_AGREEMENT_REQUIRED: 494,
  SERVER_INTERNAL_ERROR: 500,
  NOT_IMPLEMENTED: 501,
  BAD_GATEWAY: 502,
  SERVICE_UNAVAILABLE: 503,
  SERVER_TIME_OUT: 504,
  VERSION_NOT_SUPPORTED: 505,
  MESSAGE_TOO_LARGE: 513,
  PUSH_NOTIFICATION_SERVICE_NOT_SUPPORTED: 555,
  PRECONDITION_FAILURE: 580,
  BUSY_EVERYWHERE: 600,
  DECLINE: 603,
  DOES_NOT_EXIST_ANYWHERE: 604,
  NOT_ACCEPTABLE_ANYWHERE: 606,
  UNWANTED: 607,
  REJECTED: 608,
} as const;
/** One of the registered codes in {@link SIPStatus}. */
export type SIPStatus = (typeof SIPStatus)[keyof typeof SIPStatus];

/** A response code, its reason phrase and a short description. */
export interface SIPStatusInfo {
  readonly code: number;
  readonly phrase: string;
  readonly description: string;
}

const INFO: ReadonlyMap<number, SIPStatusInfo> = new Map(
  (
    [
      [100, "Trying", "The next hop got the request and is working on it."],
      [180, "Ringing", "The callee is being alerted."],
      [181, "Call Is Being Forwarded", "The call is being sent on to other destinations."],
      [182, "Queued", "The callee is busy; the call waits in a queue."],
      [183, "Session Progress", "Progress information, often with early media."],
      [199, "Early Dialog Terminated", "An early dialog ended before a final response."],
      [200, "OK", "The request succeeded."],
      [202, "Accepted", "The request was accepted for later processing (deprecated)."],
      [204, "No Notification", "The subscription succeeded but no notification will follow."],
      [300, "Multiple Choices", "The address resolves to several places; pick one from Contact."],
      [301, "Moved Permanently", "The user moved; use the Contact address from now on."],
      [302, "Moved Temporarily", "The user is reachable at the Contact address for now."],
      [305, "Use Proxy", "Send the request through the proxy named in Contact."],
      [380, "Alternative Service", "The call failed, but other services are possible."],
      [400, "Bad Request", "The request was malformed."],
      [401, "Unauthorized", "The UAS or registrar needs credentials."],
      [402, "Payment Required", "Reserved for future use."],
      [403, "Forbidden", "The server understood but refuses to fulfil the request."],
      [404, "Not Found", "The user does not exist in this domain."],
      [405, "Method Not Allowed", "The method is not allowed for this address; see Allow."],
      [406, "Not Acceptable", "No answer can be produced in a form the Accept header allows."],
      [407, "Proxy Authentication Required", "A proxy needs credentials."],
      [408, "Request Timeout", "No final answer could be found in time."],
      [410, "Gone", "The user was here but is no longer reachable."],
      [412, "Conditional Request Failed", "A conditional publication did not match the current state."],
      [413, "Request Entity Too Large", "The body is larger than the server will take."],
      [414, "Request-URI Too Long", "The Request-URI is longer than the server will read."],
      [415, "Unsupported Media Type", "The body format or encoding is not supported."],
      [416, "Unsupported URI Scheme", "The Request-URI scheme is not understood."],
      [417, "Unknown Resource-Priority", "The Resource-Priority namespace or value is not understood."],
      [420, "Bad Extension", "An extension listed in Require or Proxy-Require is not supported."],
      [421, "Extension Required", "The server needs an extension the request did not list."],
      [422, "Session Interval Too Small", "The session timer interval is below the server minimum."],
      [423, "Interval Too Brief", "The requested expiration is shorter than the server allows."],
      [424, "Bad Location Information", "The location information was malformed or unsuitable."],
      [425, "Bad Alert Message", "The Alert-Info or alert message could not be used."],
      [428, "Use Identity Header", "The server needs an Identity header."],
      [429, "Provide Referrer Identity", "The REFER needs a valid Referred-By token."],
      [430, "Flow Failed", "The flow toward the user agent has failed (outbound)."],
      [433, "Anonymity Disallowed", "Anonymous requests are refused here."],
      [436, "Bad Identity Info", "The Identity information could not be dereferenced or used."],
      [437, "Unsupported Credential", "The credential used to sign the identity is not supported."],
      [438, "Invalid Identity Header", "The Identity signature did not verify."],
      [439, "First Hop Lacks Outbound Support", "The first hop does not support SIP outbound."],
      [440, "Max-Breadth Exceeded", "Forking would exceed the allowed breadth."],
      [469, "Bad Info Package", "The INFO package is not supported in this dialog."],
      [470, "Consent Needed", "The recipient has not given consent for this relay."],
      [480, "Temporarily Unavailable", "The callee is known but not reachable right now."],
      [481, "Call/Transaction Does Not Exist", "No dialog or transaction matches the request."],
      [482, "Loop Detected", "The request came back to a server it already visited."],
      [483, "Too Many Hops", "Max-Forwards reached zero."],
      [484, "Address Incomplete", "The Request-URI is incomplete."],
      [485, "Ambiguous", "The Request-URI matches more than one user."],
      [486, "Busy Here", "The callee is busy at this location."],
      [487, "Request Terminated", "The request was ended by a CANCEL or BYE."],
      [488, "Not Acceptable Here", "The session description is not acceptable here."],
      [489, "Bad Event", "The event package is not understood."],
      [491, "Request Pending", "Another request on this dialog is still in progress."],
      [493, "Undecipherable", "An encrypted body could not be decrypted."],
      [494, "Security Agreement Required", "A security mechanism must be agreed first."],
      [500, "Server Internal Error", "The server hit an unexpected condition."],
      [501, "Not Implemented", "The server does not support this method."],
      [502, "Bad Gateway", "A downstream server sent an invalid response."],
      [503, "Service Unavailable", "The server is overloaded or down for maintenance."],
      [504, "Server Time-out", "A downstream server did not answer in time."],
      [505, "Version Not Supported", "The SIP version is not supported."],
      [513, "Message Too Large", "The message is larger than the server will take."],
      [555, "Push Notification Service Not Supported", "The push notification service is not supported."],
      [580, "Precondition Failure", "A required precondition could not be met."],
      [600, "Busy Everywhere", "The callee is busy at every location."],
      [603, "Decline", "The callee declined the call."],
      [604, "Does Not Exist Anywhere", "The user exists nowhere."],
      [606, "Not Acceptable", "No session description the callee accepts was offered."],
      [607, "Unwanted", "The callee does not want this call."],
      [608, "Rejected", "An intermediary rejected the call."],
    ] as const
  ).map(([code, phrase, description]) => [code, { code, phrase, description }]),
);

const CLASS_PHRASE = ['Provisional', 'Successful', 'Redirection', 'Request Failure', 'Server Failure', 'Global Failure'];

/**
 * The registered reason phrase of `code`; for an unregistered code its class ("Request Failure" for 418, RFC 3261
 * §21), and "Unknown" outside 100-699.
 * @param code - a status code.
 * @returns the phrase.
 * @example sipStatusPhrase(486) // 'Busy Here'
 * @see RFC 3261 §21
 */
export function sipStatusPhrase(code: number): string {
  const info = INFO.get(code);
  if (info !== undefined) return info.phrase;
  if (!Number.isInteger(code) || code < 100 || code > 699) return 'Unknown';
  return CLASS_PHRASE[Math.floor(code / 100) - 1]!;
}

/**
 * The registry entry of `code`.
 * @param code - a status code.
 * @returns code, phrase and description, or undefined for an unregistered code.
 * @see RFC 3261 §21
 */
export function sipStatusInfo(code: number): SIPStatusInfo | undefined {
  return INFO.get(code);
}
