/**
 * `@voip/sip-client`: SIP over UDP with the RFC 3261 transaction machines, dialogs, REGISTER with digest auth, and
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
export { responseAddress, stampReceived, type Address } from './via-routing.js';
export { UDPTransport, type UDPTransportOptions, type UDPTransportStats } from './udp-transport.js';
export {
  Dialog,
  DialogState,
  dialogKey,
  type DialogEvents,
  type DialogRequestInit,
  type DialogTerminationReason,
  type Respond,
  type RespondInit,
} from './dialog.js';
export { IncomingInvite, type AcceptInit, type IncomingInviteEvents } from './incoming-invite.js';
export { RegistrationState } from './registration.js';
export type { InviteResult } from './outgoing-invite.js';
export {
  SIPClient,
  type InviteInit,
  type RequestInit,
  type SIPClientEvents,
  type SIPClientOptions,
  type SIPClientStats,
} from './sip-client.js';
