/**
 * @voip/sip-parser: SIP message, URI, header and SDP parsing and serialization.
 * @see RFC 3261, RFC 3966, RFC 4475, RFC 5118, RFC 7616, RFC 8866
 */
export { SIPMessageType, type SIPHeader, type SIPMessage, type SIPMessageBase, type SIPRequest, type SIPResponse } from './sip-message.js';
export {
  SIPParseError,
  SIPBuildError,
  isSIPParseError,
  isSIPBuildError,
  type SIPParseErrorCode,
  type SIPParseErrorFacts,
  type SIPBuildErrorCode,
} from './errors.js';
export { parseSIPMessage, safeParseSIPMessage, SIP_PARSE_DEFAULTS, type SIPParseOptions } from './parse-message.js';
export { SIPStreamFramer, type SIPStreamFramerOptions, type SIPStreamEvent } from './stream-framer.js';
export { serializeSIPMessage, serializeSIPMessageInto, sipMessageByteLength } from './serialize-message.js';
export { canonicalHeaderName } from './header-names.js';
export { getHeader, getHeaders, getHeaderList, splitHeaderList, withHeader, withAddedHeader, withoutHeader, withBody } from './headers.js';
export {
  getVias,
  getTopVia,
  getFrom,
  getTo,
  getCallId,
  getCSeq,
  getContacts,
  isWildcardContact,
  getRecordRoutes,
  getRoutes,
  getRequestURI,
  getMaxForwards,
  getExpires,
  getContentType,
  getAuthChallenges,
} from './typed-headers.js';
export {
  getAllow,
  getSupported,
  getRequire,
  getEvent,
  getReferTo,
  getReferredBy,
  getReplaces,
  parseReplaces,
  getAuthCredentials,
  getMediaType,
  contactExpires,
  contactQ,
  type Replaces,
  type MediaType,
} from './extension-headers.js';
export { parseTokenParams, serializeTokenParams, type TokenParams } from './token-params.js';
export { parseURI, serializeURI, type SIPURI } from './uri.js';
export { parseNameAddr, serializeNameAddr, type NameAddr } from './name-addr.js';
export { parseVia, serializeVia, type Via } from './via.js';
export { parseCSeq, serializeCSeq, type CSeq } from './cseq.js';
export {
  parseAuthChallenge,
  parseAuthChallenges,
  serializeAuthChallenge,
  parseAuthCredentials,
  serializeAuthCredentials,
  type DigestChallenge,
  type DigestCredentials,
} from './auth.js';
export { buildRequest, buildResponse, type HeaderInit, type RequestInit, type ResponseInit } from './build-message.js';
export { SIPStatus, sipStatusPhrase, sipStatusInfo, type SIPStatusInfo } from './sip-status.js';
export {
  parseSDP,
  serializeSDP,
  type SessionDescription,
  type SDPConnection,
  type SDPAttribute,
  type SDPMedia,
  type SDPOrigin,
  type SDPTime,
} from './sdp.js';
export { sdpRtpMaps, sdpDirection, sdpMediaAddress, type SDPRtpMap, type SDPDirection } from './sdp-media.js';
