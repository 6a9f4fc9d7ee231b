/**
 * `@voip/sip-client`: SIP over UDP, TCP and TLS with the RFC 3261 transaction machines, dialogs, REGISTER with digest auth, and
 * the `SIPClient` façade.
 * @packageDocumentation
 */
export { systemClock, type Clock, type TimerHandle } from './clock.js';
export {
  InvalidAccountInfoError,
  InvalidRangeError,
  InvalidStateError,
  SIPStatusError,
  TransactionTimeoutError,
  TransportError,
  isInvalidAccountInfoError,
  isInvalidRangeError,
  isInvalidStateError,
  isSIPStatusError,
  isTransactionTimeoutError,
  isTransportError,
  type InvalidAccountInfoErrorCode,
  type InvalidRangeErrorCode,
  type InvalidStateErrorCode,
  type SIPStatusErrorCode,
  type TransactionTimeoutErrorCode,
  type TransactionTimer,
  type TransportErrorCode,
} from './errors.js';
export { transactionTimers, type TransactionTimerOptions, type TransactionTimers } from './timers.js';
export { newBranch, newCallId, newTag } from './ids.js';
export { authorizationFor, computeDigestResponse, formatNonceCount, type DigestInput } from './digest.js';
export { CredentialsManager, type Credentials, type CredentialsScope } from './credentials.js';
export type {
  ClientTransactionEvent,
  ClientTransactionUser,
  ServerTransactionEvent,
  ServerTransactionUser,
  TimerName,
  TransactionIO,
} from './transaction.js';
export { InviteClientState, InviteClientTransaction } from './invite-client-transaction.js';
export { NonInviteClientState, NonInviteClientTransaction } from './non-invite-client-transaction.js';
export { InviteServerState, InviteServerTransaction, type InviteServerTransactionOptions } from './invite-server-transaction.js';
export { NonInviteServerState, NonInviteServerTransaction } from './non-invite-server-transaction.js';
export {
  TransactionLayer,
  clientTransactionKey,
  serverTransactionKey,
  type ClientTransaction,
  type ServerTransaction,
} from './transaction-layer.js';
export { ackForFailure, cancelFor } from './ack-cancel.js';
export { responseAddress, stampReceived, withViaTransport, type Address } from './via-routing.js';
export { UDPTransport, type UDPTransportOptions, type UDPTransportStats } from './udp-transport.js';
export {
  TransportProtocol,
  defaultPort,
  isReliable,
  newTransportStats,
  parseTransport,
  uriTransport,
  viaTransportToken,
  type Destination,
  type Flow,
  type TransportStats,
} from './transport-protocol.js';
export {
  literalTarget,
  nodeDNSResolver,
  resolveSIPURI,
  type NaptrRecord,
  type NodeDNSLike,
  type ResolveOptions,
  type ResolvedTarget,
  type SIPDNSResolver,
  type SrvRecord,
} from './dns-resolver.js';
export { StreamTransport, type StreamSocketFactory, type StreamTarget, type StreamTransportOptions } from './stream-transport.js';
export { StreamConnection, type StreamConnectionOptions, type StreamConnectionHandlers, type StreamStats } from './stream-connection.js';
export { tcpSocketFactory } from './tcp-transport.js';
export { tlsSocketFactory, type TLSOptions } from './tls-transport.js';
export { Route, TransportManager, decidingURI, type TransportManagerOptions, type TransportManagerStats } from './transport-manager.js';
export {
  Dialog,
  DialogState,
  dialogKey,
  type DialogEvents,
  type DialogRequestInit,
  type ReferInit,
  type DialogTerminationReason,
  type Respond,
  type RespondInit,
} from './dialog.js';
export { IncomingInvite, type AcceptInit, type IncomingInviteEvents, type ProgressInit } from './incoming-invite.js';
export { IncomingOffer, type OfferAnswerInit } from './incoming-offer.js';
export { IncomingRefer, Referral, type ReferralEvents } from './refer.js';
export { referToWithReplaces, replacesFor } from './replaces.js';
export { parseSipfrag, sipfrag, SIPFRAG_TYPE, type SipfragStatus } from './sipfrag.js';
export {
  Registration,
  RegistrationState,
  type RegistrationEvents,
  type RegistrationOptions,
  type RegistrationRetryOptions,
} from './registration.js';
export type { InviteResult } from './outgoing-invite.js';
export {
  SIPClient,
  type InviteInit,
  type RequestInit,
  type SIPClientEvents,
  type SIPClientOptions,
  type SIPClientStats,
} from './sip-client.js';
