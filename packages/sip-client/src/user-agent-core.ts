import type { SIPRequest, SIPResponse } from '@voip/sip-parser';
import type { Clock } from './clock.js';
import type { CredentialsManager } from './credentials.js';
import type { Dialog } from './dialog.js';
import type { InviteClientTransaction } from './invite-client-transaction.js';
import type { TransactionTimers } from './timers.js';
import type { ClientTransactionUser } from './transaction.js';
import type { Destination } from './transport-protocol.js';
import type { Address } from './via-routing.js';

/**
 * What dialogs, registrations and INVITE sessions need from the client that owns the socket and the transaction
 * table. `SIPClient` implements it; tests may fake it.
 * @internal
 */
export interface UserAgentCore {
  readonly clock: Clock;
  readonly timers: TransactionTimers;
  readonly credentials: CredentialsManager | undefined;
  /** The local AOR user, for credential lookup. */
  readonly localUser: string | undefined;
  /**
   * Our Contact header value for messages to `peerHost`: `<sip:user@host:port>` with the host that peer can reach.
   * `user` defaults to the client's username (a second account passes its own).
   */
  contactFor(peerHost: string, user?: string): string;
  /** The User-Agent / Server header value. */
  readonly userAgent: string;
  /** A Via header value for a new request to `peerHost`: our address as that peer sees it, `rport`, a fresh branch. */
  via(peerHost: string): string;
  /**
   * Runs a non-INVITE client transaction.
   * @returns the final response
   * @throws (rejects) {@link TransactionTimeoutError} (F), {@link TransportError}
   */
  sendNonInvite(request: SIPRequest, destination: Address): Promise<SIPResponse>;
  /** Starts an INVITE client transaction, registered with the transaction layer. */
  startInvite(request: SIPRequest, destination: Address, user: ClientTransactionUser): InviteClientTransaction;
  /** Sends a request outside any transaction (the ACK for a 2xx). */
  sendStateless(request: SIPRequest, destination: Address): void;
  /** Sends a response outside any transaction (2xx retransmissions by the UAS core). */
  resendResponse(response: SIPResponse): void;
  /** Waits for the ACK of a 2xx we sent, by dialog key (once); returns a function that stops waiting. */
  expectAck(dialogKey: string, onAck: (ack: SIPRequest) => void): () => void;
  /** Puts a dialog in the dialog table, so in-dialog requests reach it. */
  addDialog(dialog: Dialog): void;
  /** Takes a dialog out of the table. */
  removeDialog(dialog: Dialog): void;
  /**
   * Prepares the flow of a registration before its REGISTER: for TCP/TLS opens and pins the connection and keeps it
   * alive (RFC 5626). Never rejects: a failure shows in the REGISTER's own failure.
   */
  openRegistrationFlow(registrar: Destination, requestURI: string): Promise<void>;
}
