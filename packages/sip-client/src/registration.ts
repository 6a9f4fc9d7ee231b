import { EventEmitter } from 'node:events';
import { buildRequest, getContacts, getCSeq, getExpires, getHeader, parseNameAddr, type SIPRequest, type SIPResponse } from '@voip/sip-parser';
import { DigestSession } from './auth-session.js';
import { ALLOWED_METHODS } from './capabilities.js';
import type { TimerHandle } from './clock.js';
import type { CredentialsManager } from './credentials.js';
import { abortError, InvalidAccountInfoError, isInvalidAccountInfoError, isSIPStatusError, SIPStatusError } from './errors.js';
import { newCallId, newTag } from './ids.js';
import { sendWithDigest } from './uac-request.js';
import type { UserAgentCore } from './user-agent-core.js';
import type { Destination } from './transport-protocol.js';
import { formatHost } from './via-routing.js';

/**
 * States of a {@link Registration}.
 * ```
 *   UNREGISTERED --register()--> REGISTERING --2xx--> REGISTERED --refresh at half the granted expiry--> (stay)
 *        ^                            \--403, 401 again-----------------------------> FAILED (no retry)
 *        |                             \--timeout, transport error, 408, 5xx--------> FAILED --backoff--> REGISTERING
 *        \------------- unregister() (Expires: 0) ---------------/
 * ```
 */
export const RegistrationState = {
  UNREGISTERED: 'UNREGISTERED',
  REGISTERING: 'REGISTERING',
  REGISTERED: 'REGISTERED',
  FAILED: 'FAILED',
} as const;
/** A state of {@link Registration}. */
export type RegistrationState = (typeof RegistrationState)[keyof typeof RegistrationState];

/** How a failed registration is retried: waits of `base * 2^(n-1)` ms after the n-th failure in a row, capped. */
export interface RegistrationRetryOptions {
  /** The first wait in ms (default 30 000, as RFC 5626 §4.5's base time). */
  readonly base?: number;
  /** The longest wait in ms (default 1 800 000, RFC 5626 §4.5's max-time). */
  readonly max?: number;
}

/** What {@link SIPClient.addRegistration} takes: one account at one registrar. */
export interface RegistrationOptions {
  /** Where REGISTER goes (a transport, when given, is used as for any request). */
  readonly registrar: Destination;
  /** The AOR user (and the auth user unless the credentials say otherwise). */
  readonly username: string;
  /** The AOR domain and Request-URI `sip:<domain>`; default the registrar's host. */
  readonly domain?: string;
  /** Passwords for this account's challenges; default the client's. */
  readonly credentials?: CredentialsManager;
  /** Requested expiry in seconds (default 300). */
  readonly expires?: number;
  /** Retry after temporary failures; `false` turns it off. */
  readonly retry?: RegistrationRetryOptions | false;
}

/** Events of a {@link Registration}. */
export interface RegistrationEvents {
  /** The state changed; FAILED comes with the error. */
  change: [state: RegistrationState, error?: Error];
}

/** Failures worth trying again later: no answer, a transport failure, 408, 480 or a 5xx. */
function isTemporary(error: unknown): boolean {
  if (isInvalidAccountInfoError(error)) return false;
  if (isSIPStatusError(error)) return error.status === 408 || error.status === 480 || (error.status >= 500 && error.status < 600);
  return true;
}

/**
 * Keeps one contact registered with a registrar: REGISTER with digest auth (401 and 407, `stale=true` retried), a
 * refresh at half the granted expiry (the 2xx's Contact `expires` for our contact, else its Expires header),
 * Expires: 0 to remove it. One Call-ID for the whole series, CSeq increasing. After a temporary failure it tries
 * again with exponential backoff on the client's clock (honouring Retry-After); a refused account (403, 401 again)
 * is not retried.
 * @example
 * const work = client.addRegistration({ registrar: { host: 'pbx.example.com', port: 5060 }, username: '200' });
 * work.on('change', (state, error) => console.log('200:', state, error?.message));
 * await work.register();
 * @see RFC 3261 §10.2 (constructing REGISTER), §10.2.4 (refreshing), §10.2.2 (removing), §10.3 step 7 (423);
 *   RFC 5626 §4.5 (backoff)
 */
export class Registration extends EventEmitter<RegistrationEvents> {
  readonly #core: UserAgentCore;
  readonly #options: RegistrationOptions;
  readonly #callId = newCallId();
  readonly #fromTag = newTag();
  #cseq = 0;
  #state: RegistrationState = RegistrationState.UNREGISTERED;
  #refresh: TimerHandle | undefined;
  #retry: TimerHandle | undefined;
  #retryAt: number | undefined;
  #failures = 0;
  #pending: Promise<void> | undefined;
  #granted = 0;

  /**
   * @param core - the user agent core
   * @param options - registrar, account, expiry and retry
   * @internal
   */
  constructor(core: UserAgentCore, options: RegistrationOptions) {
    super();
    this.#core = core;
    this.#options = options;
  }

  /** Where REGISTER goes. */
  get registrar(): Destination {
    return this.#options.registrar;
  }

  /** The address-of-record, `sip:user@domain`. */
  get aor(): string {
    return `sip:${this.#options.username}@${this.#domain}`;
  }

  /** The current state. */
  get state(): RegistrationState {
    return this.#state;
  }

  /** The expiry the registrar granted last, in seconds (0 when not registered). */
  get grantedExpires(): number {
    return this.#granted;
  }

  /** Temporary failures in a row (0 once registered). */
  get failures(): number {
    return this.#failures;
  }

  /** When the next retry runs, on the client's clock (ms), or `undefined` when none is scheduled. */
  get retryAt(): number | undefined {
    return this.#retryAt;
  }

  /**
   * Registers (or refreshes) now.
   * @param signal - aborting rejects with an `AbortError` and leaves the state as the response makes it
   * @throws (rejects) {@link InvalidAccountInfoError} (403, credentials rejected or missing), {@link SIPStatusError},
   *   {@link TransactionTimeoutError} (F), {@link TransportError}; the state is then FAILED (and a retry is
   *   scheduled for the temporary ones)
   */
  register(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    // TCP/TLS: open the flow first, so the Contact names it
    this.#pending ??= this.#core
      .openRegistrationFlow(this.#options.registrar, this.#requestURI)
      .then(() => this.#register(this.#expires, true))
      .finally(() => (this.#pending = undefined));
    if (!signal) return this.#pending;
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(abortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      this.#pending!.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /**
   * Removes the registration (Expires: 0) and stops refreshing and retrying.
   * @throws (rejects) as {@link Registration.register}
   */
  async unregister(): Promise<void> {
    this.stop();
    if (this.#state === RegistrationState.UNREGISTERED) return;
    if (this.#state === RegistrationState.FAILED && this.#granted === 0) {
      this.#set(RegistrationState.UNREGISTERED);
      return;
    }
    await this.#register(0, false);
  }

  /** Stops refreshing and retrying (a registration stays until it expires). */
  stop(): void {
    if (this.#refresh) this.#core.clock.clearTimer(this.#refresh);
    if (this.#retry) this.#core.clock.clearTimer(this.#retry);
    this.#refresh = undefined;
    this.#retry = undefined;
    this.#retryAt = undefined;
  }

  /** The AOR domain, an IPv6 address in brackets. */
  get #domain(): string {
    return formatHost(this.#options.domain ?? this.#options.registrar.host);
  }

  /** The REGISTER's Request-URI, `sip:domain`. */
  get #requestURI(): string {
    return `sip:${this.#domain}`;
  }

  get #expires(): number {
    return this.#options.expires ?? 300;
  }

  get #contact(): string {
    return this.#core.contactFor(this.#options.registrar.host, this.#options.username);
  }

  async #register(expires: number, announce: boolean): Promise<void> {
    if (announce && this.#state !== RegistrationState.REGISTERED) this.#set(RegistrationState.REGISTERING);
    let response: SIPResponse | undefined;
    try {
      response = await this.#send(expires);
      if (response.status === 423 && expires > 0) {
        // "423 (Interval Too Brief) … the UA MAY retry with an expiration interval of at least Min-Expires"
        const min = Number(getHeader(response, 'Min-Expires'));
        if (Number.isInteger(min) && min > expires) response = await this.#send((expires = min));
      }
      if (response.status >= 300) throw new SIPStatusError(response, 'REGISTER');
      this.#failures = 0;
      if (expires === 0) {
        this.#granted = 0;
        this.#set(RegistrationState.UNREGISTERED);
        return;
      }
      this.#granted = this.#grantedExpiry(response, expires);
      this.#set(RegistrationState.REGISTERED);
      this.stop();
      this.#refresh = this.#core.clock.setTimer((this.#granted * 1000) / 2, () => {
        this.#refresh = undefined;
        this.register().catch(() => undefined); // the failure is reported through 'change' (FAILED, error)
      });
    } catch (error) {
      this.stop();
      if (expires > 0 && isTemporary(error)) this.#scheduleRetry(isSIPStatusError(error) ? error.response : undefined);
      this.#set(RegistrationState.FAILED, error as Error);
      throw error;
    }
  }

  /** RFC 5626 §4.5: wait min(max, base * 2^(failures-1)), or the server's Retry-After when longer. */
  #scheduleRetry(response: SIPResponse | undefined): void {
    const retry = this.#options.retry;
    if (retry === false) return;
    this.#failures++;
    const base = retry?.base ?? 30_000;
    const max = retry?.max ?? 1_800_000;
    let wait = Math.min(max, base * 2 ** (this.#failures - 1));
    const retryAfter = response ? Number.parseInt(getHeader(response, 'Retry-After') ?? '', 10) : Number.NaN;
    if (Number.isInteger(retryAfter) && retryAfter * 1000 > wait) wait = retryAfter * 1000;
    this.#retryAt = this.#core.clock.now() + wait;
    this.#retry = this.#core.clock.setTimer(wait, () => {
      this.#retry = undefined;
      this.#retryAt = undefined;
      this.register().catch(() => undefined); // reported through 'change'
    });
  }

  async #send(expires: number): Promise<SIPResponse> {
    const session = new DigestSession(this.#options.credentials ?? this.#core.credentials, this.#options.username);
    const { response, request, refused } = await sendWithDigest(this.#core, this.#request(expires), this.#options.registrar, session);
    this.#cseq = getCSeq(request).seq;
    if (refused) throw new InvalidAccountInfoError(refused.code, `registration of ${this.aor} refused: ${refused.detail}`, response);
    if (response.status === 403) throw new InvalidAccountInfoError('FORBIDDEN', `the registrar answered 403 Forbidden for ${this.aor}`, response);
    return response;
  }

  #request(expires: number): SIPRequest {
    return buildRequest({
      method: 'REGISTER',
      uri: this.#requestURI,
      headers: [
        ['Via', this.#core.via(this.#options.registrar.host)],
        ['Max-Forwards', '70'],
        ['From', `<${this.aor}>;tag=${this.#fromTag}`],
        ['To', `<${this.aor}>`],
        ['Call-ID', this.#callId],
        ['CSeq', `${++this.#cseq} REGISTER`],
        ['Contact', this.#contact],
        ['Expires', String(expires)],
        ['Allow', ALLOWED_METHODS],
        ['User-Agent', this.#core.userAgent],
      ],
    });
  }

  /** Our contact's `expires` in the 2xx, else its Expires header, else what we asked for. */
  #grantedExpiry(response: SIPResponse, asked: number): number {
    const ours = parseNameAddr(this.#contact).uri;
    for (const contact of getContacts(response)) {
      const uri = contact.uri;
      if (uri.user === ours.user && uri.host.toLowerCase() === ours.host.toLowerCase() && (uri.port ?? 5060) === (ours.port ?? 5060)) {
        const value = Number(contact.params.expires);
        if (contact.params.expires != null && Number.isInteger(value) && value > 0) return value;
      }
    }
    const header = getExpires(response);
    return header !== undefined && header > 0 ? header : asked;
  }

  #set(state: RegistrationState, error?: Error): void {
    if (state === this.#state && !error) return;
    this.#state = state;
    this.emit('change', state, error);
  }
}
