import { buildRequest, getContacts, getCSeq, getExpires, getHeader, parseNameAddr, type SIPRequest, type SIPResponse } from '@voip/sip-parser';
import { DigestSession } from './auth-session.js';
import type { TimerHandle } from './clock.js';
import { abortError, InvalidAccountInfoError, SIPStatusError } from './errors.js';
import { newCallId, newTag } from './ids.js';
import { sendWithDigest } from './uac-request.js';
import type { UserAgentCore } from './user-agent-core.js';
import type { Address } from './via-routing.js';

/**
 * States of a {@link Registration}.
 * ```
 *   UNREGISTERED --register()--> REGISTERING --2xx--> REGISTERED --refresh at half the granted expiry--> (stay)
 *        ^                            \--403, 401 again, other final, timeout--> FAILED
 *        \------------- unregister() (Expires: 0) -----------/
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

/** Options of {@link Registration}. */
export interface RegistrationOptions {
  /** Where REGISTER goes. */
  readonly registrar: Address;
  /** The registrar domain: the Request-URI is `sip:<domain>`. */
  readonly domain: string;
  /** The address-of-record, `sip:user@domain`. */
  readonly aor: string;
  /** Requested expiry in seconds. */
  readonly expires: number;
  /** Told about every state change (and the error for FAILED). */
  readonly onChange: (state: RegistrationState, error?: Error) => void;
}

/**
 * Keeps one contact registered with a registrar: REGISTER with digest auth (401 and 407), a refresh at half the
 * granted expiry (the 2xx's Contact `expires` for our contact, else its Expires header), Expires: 0 to remove it.
 * One Call-ID for the whole series, CSeq increasing.
 * @see RFC 3261 §10.2 (constructing REGISTER), §10.2.4 (refreshing), §10.2.2 (removing), §10.3 step 7 (423)
 * @internal
 */
export class Registration {
  readonly #core: UserAgentCore;
  readonly #options: RegistrationOptions;
  readonly #callId = newCallId();
  readonly #fromTag = newTag();
  #cseq = 0;
  #state: RegistrationState = RegistrationState.UNREGISTERED;
  #refresh: TimerHandle | undefined;
  #pending: Promise<void> | undefined;
  #granted = 0;

  /**
   * @param core - the user agent core
   * @param options - registrar, AOR, expiry and change listener
   */
  constructor(core: UserAgentCore, options: RegistrationOptions) {
    this.#core = core;
    this.#options = options;
  }

  /** The current state. */
  get state(): RegistrationState {
    return this.#state;
  }

  /** The expiry the registrar granted last, in seconds (0 when not registered). */
  get grantedExpires(): number {
    return this.#granted;
  }

  /**
   * Registers (or refreshes) now.
   * @param signal - aborting rejects with an `AbortError` and leaves the state as the response makes it
   * @throws (rejects) {@link InvalidAccountInfoError} (403, credentials rejected or missing), {@link SIPStatusError},
   *   {@link TransactionTimeoutError} (F), {@link TransportError}; the state is then FAILED
   */
  register(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    this.#pending ??= this.#register(this.#options.expires, true).finally(() => (this.#pending = undefined));
    if (!signal) return this.#pending;
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(abortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      this.#pending!.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /**
   * Removes the registration (Expires: 0) and stops refreshing.
   * @throws (rejects) as {@link Registration.register}
   */
  async unregister(): Promise<void> {
    this.stop();
    if (this.#state === RegistrationState.UNREGISTERED) return;
    await this.#register(0, false);
  }

  /** Stops refreshing (the registration stays until it expires). */
  stop(): void {
    if (this.#refresh) this.#core.clock.clearTimer(this.#refresh);
    this.#refresh = undefined;
  }

  async #register(expires: number, announce: boolean): Promise<void> {
    if (announce && this.#state !== RegistrationState.REGISTERED) this.#set(RegistrationState.REGISTERING);
    try {
      let response = await this.#send(expires);
      if (response.status === 423 && expires > 0) {
        // "423 (Interval Too Brief) … the UA MAY retry with an expiration interval of at least Min-Expires"
        const min = Number(getHeader(response, 'Min-Expires'));
        if (Number.isInteger(min) && min > expires) response = await this.#send((expires = min));
      }
      if (response.status >= 300) throw new SIPStatusError(response, 'REGISTER');
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
        this.register().catch(() => undefined); // the failure is reported through onChange(FAILED, error)
      });
    } catch (error) {
      this.stop();
      this.#set(RegistrationState.FAILED, error as Error);
      throw error;
    }
  }

  async #send(expires: number): Promise<SIPResponse> {
    const session = new DigestSession(this.#core.credentials, this.#core.localUser);
    const { response, request, refused } = await sendWithDigest(this.#core, this.#request(expires), this.#options.registrar, session);
    this.#cseq = getCSeq(request).seq;
    if (refused) throw new InvalidAccountInfoError(refused.code, `registration refused: ${refused.detail}`, response);
    if (response.status === 403) throw new InvalidAccountInfoError('FORBIDDEN', `the registrar answered 403 Forbidden for ${this.#options.aor}`, response);
    return response;
  }

  #request(expires: number): SIPRequest {
    const { aor, domain } = this.#options;
    return buildRequest({
      method: 'REGISTER',
      uri: `sip:${domain}`,
      headers: [
        ['Via', this.#core.via(this.#options.registrar.host)],
        ['Max-Forwards', '70'],
        ['From', `<${aor}>;tag=${this.#fromTag}`],
        ['To', `<${aor}>`],
        ['Call-ID', this.#callId],
        ['CSeq', `${++this.#cseq} REGISTER`],
        ['Contact', this.#core.contactFor(this.#options.registrar.host)],
        ['Expires', String(expires)],
        ['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, INFO'],
        ['User-Agent', this.#core.userAgent],
      ],
    });
  }

  /** Our contact's `expires` in the 2xx, else its Expires header, else what we asked for. */
  #grantedExpiry(response: SIPResponse, asked: number): number {
    const ours = parseNameAddr(this.#core.contactFor(this.#options.registrar.host)).uri;
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
    this.#options.onChange(state, error);
  }
}
