import { getCallId, getCSeq, getFrom, getTo, getTopVia, serializeVia, type SIPRequest, type SIPResponse, type Via } from '@voip/sip-parser';
import { InvalidStateError } from './errors.js';
import { BRANCH_COOKIE } from './ids.js';
import { InviteClientTransaction } from './invite-client-transaction.js';
import { InviteServerState, InviteServerTransaction } from './invite-server-transaction.js';
import { NonInviteClientTransaction } from './non-invite-client-transaction.js';
import type { NonInviteServerTransaction } from './non-invite-server-transaction.js';

/** Either client transaction. */
export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;
/** Either server transaction. */
export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;

const sentBy = (via: Via): string => `${via.host.toLowerCase()}:${via.port ?? ''}`;

/**
 * The key that matches a response to its client transaction: the top Via branch and the CSeq method.
 * @param message - the request sent, or a response to it
 * @returns the key, or `undefined` when the top Via has no branch
 * @throws {@link SIPParseError} when the top Via or CSeq cannot be read
 * @see RFC 3261 §17.1.3
 */
export function clientTransactionKey(message: SIPRequest | SIPResponse): string | undefined {
  const branch = getTopVia(message).params.branch;
  if (!branch) return undefined;
  return `${branch}\u0000${getCSeq(message).method}`;
}

/**
 * The key that matches a request to its server transaction. RFC 3261 requests (top Via branch starting with
 * `z9hG4bK`) match by branch, sent-by and method, with ACK matching its INVITE. Older RFC 2543 requests (no branch,
 * or one without the magic cookie) match by Request-URI, From tag, Call-ID, CSeq number, top Via and method, plus
 * the To tag except for INVITE and ACK (the ACK carries the To tag of our response, the INVITE none).
 * `method` overrides the request's method (a CANCEL looks for its INVITE with `'INVITE'`).
 * @param request - the incoming request
 * @param method - the method to match instead of the request's own
 * @returns the key
 * @throws {@link SIPParseError} when the top Via, From, To, Call-ID or CSeq cannot be read
 * @see RFC 3261 §17.2.3, §9.2
 */
export function serverTransactionKey(request: SIPRequest, method = request.method): string {
  const via = getTopVia(request);
  const branch = via.params.branch;
  const matched = method === 'ACK' ? 'INVITE' : method;
  if (branch?.startsWith(BRANCH_COOKIE)) return `${branch}\u0000${sentBy(via)}\u0000${matched}`;
  // RFC 2543 fallback: "the Request-URI, To tag, From tag, Call-ID, CSeq, and top Via header field match"
  const toTag = matched === 'INVITE' ? '' : (getTo(request).params.tag ?? '');
  return [
    '2543',
    request.uri,
    getFrom(request).params.tag ?? '',
    toTag,
    getCallId(request),
    String(getCSeq(request).seq),
    serializeVia(via).toLowerCase(),
    matched,
  ].join('\u0000');
}

/**
 * The table of live transactions: matches responses to client transactions and requests to server transactions
 * (CANCEL to the INVITE it cancels), bounded by `limit`.
 * @see RFC 3261 §17.1.3, §17.2.3
 */
export class TransactionLayer {
  readonly #clients = new Map<string, ClientTransaction>();
  readonly #servers = new Map<string, ServerTransaction>();

  /** @param limit - most transactions open at once (default 10 000) */
  constructor(readonly limit = 10_000) {}

  /** How many transactions are open. */
  get size(): number {
    return this.#clients.size + this.#servers.size;
  }

  /** True when no more transactions may open. */
  get full(): boolean {
    return this.size >= this.limit;
  }

  /**
   * Adds a client transaction under its request's key.
   * @throws {@link InvalidStateError} `TOO_MANY_TRANSACTIONS` when full, or `ILLEGAL_TRANSITION` when the key is taken
   */
  addClient(tx: ClientTransaction): void {
    this.#add(this.#clients, clientTransactionKey(tx.request), tx);
  }

  /**
   * Adds a server transaction under its request's key.
   * @throws {@link InvalidStateError} `TOO_MANY_TRANSACTIONS` when full, or `ILLEGAL_TRANSITION` when the key is taken
   */
  addServer(tx: ServerTransaction): void {
    this.#add(this.#servers, serverTransactionKey(tx.request), tx);
  }

  /** The client transaction a response belongs to. */
  matchResponse(response: SIPResponse): ClientTransaction | undefined {
    const key = clientTransactionKey(response);
    return key === undefined ? undefined : this.#clients.get(key);
  }

  /** The server transaction a request belongs to (a retransmission, or the ACK of a non-2xx final). */
  matchRequest(request: SIPRequest): ServerTransaction | undefined {
    const tx = this.#servers.get(serverTransactionKey(request));
    // an RFC 2543 ACK for a 2xx matches its INVITE's transaction, now Accepted, but belongs to the UAS core (RFC 6026 §7.1)
    if (request.method === 'ACK' && tx instanceof InviteServerTransaction && tx.state === InviteServerState.ACCEPTED) return undefined;
    return tx;
  }

  /** The INVITE server transaction a CANCEL refers to. @see RFC 3261 §9.2 */
  matchCancelled(cancel: SIPRequest): InviteServerTransaction | undefined {
    const tx = this.#servers.get(serverTransactionKey(cancel, 'INVITE'));
    return tx instanceof InviteServerTransaction ? tx : undefined;
  }

  /** Forgets a transaction (called when it terminates). */
  remove(tx: ClientTransaction | ServerTransaction): void {
    const isClient = tx instanceof InviteClientTransaction || tx instanceof NonInviteClientTransaction;
    const key = isClient ? clientTransactionKey(tx.request) : serverTransactionKey(tx.request);
    if (key === undefined) return;
    const map: Map<string, ClientTransaction | ServerTransaction> = isClient ? this.#clients : this.#servers;
    if (map.get(key) === tx) map.delete(key);
  }

  /** Every open transaction. */
  all(): (ClientTransaction | ServerTransaction)[] {
    return [...this.#clients.values(), ...this.#servers.values()];
  }

  #add<T>(map: Map<string, T>, key: string | undefined, tx: T): void {
    if (this.full) throw new InvalidStateError('TOO_MANY_TRANSACTIONS', `${this.limit} transactions are open; wait or raise the limit`);
    if (key === undefined) throw new InvalidStateError('ILLEGAL_TRANSITION', 'a transaction needs a Via branch');
    if (map.has(key)) throw new InvalidStateError('ILLEGAL_TRANSITION', `a transaction with key ${JSON.stringify(key)} is already open`);
    map.set(key, tx);
  }
}
