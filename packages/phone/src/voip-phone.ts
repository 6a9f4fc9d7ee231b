import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { RTPClient, systemClock, type Clock } from '@voip/rtp';
import { CredentialsManager, SIPClient, isSIPStatusError, type IncomingInvite, type IncomingRefer } from '@voip/sip-client';
import { getCallId, getFrom, isSIPParseError, parseSDP, parseURI, serializeURI } from '@voip/sip-parser';
import { abortError } from './abort.js';
import { AsyncQueue } from './async-queue.js';
import { CallState } from './call-state.js';
import { InvalidRangeError, InvalidStateError, NoCompatibleCodecError } from './errors.js';
import { PhoneStatus } from './phone-status.js';
import { answerOffer, readAnswer, type AudioCodec, type LocalMedia, type NegotiatedMedia } from './sdp-negotiation.js';
import { VoIPCall, type CallEndReason } from './voip-call.js';

/** Options of a {@link VoIPPhone}. */
export interface VoIPPhoneOptions {
  /** The PBX or registrar (`host` or `host:port`); without it the phone only takes and places direct calls. */
  server?: string;
  /** The server's port when `server` has none (default 5060). */
  port?: number;
  /** The user part of our address of record (pyVoIP's `user`); also the auth user unless `credentials` says else. */
  username?: string;
  /** The password for digest auth with the server (shorthand for a one-entry `credentials`). */
  password?: string;
  /** Credentials per realm and user, as pyVoIP 2's CredentialsManager. */
  credentials?: CredentialsManager;
  /** The domain of our address of record (default: the server's host). */
  domain?: string;
  /** The address to bind SIP and RTP to (default `0.0.0.0`). */
  bindHost?: string;
  /** The SIP port to bind (default 5060; 0 picks a free one). */
  bindPort?: number;
  /** The address put in Via, Contact and SDP (default: `bindHost`, or the first non-internal IPv4 for 0.0.0.0). */
  advertisedHost?: string;
  /** The lowest RTP port to use (default 10000). */
  rtpPortLow?: number;
  /** The highest RTP port to use (default 20000). */
  rtpPortHigh?: number;
  /** Codecs to accept and offer, in order of preference (default PCMU then PCMA). */
  codecs?: readonly AudioCodec[];
  /** Registration lifetime asked of the server, in seconds (default 300; refreshed before it runs out). */
  registerExpires?: number;
  /** The User-Agent header (default `@voip/phone`). */
  userAgent?: string;
  /** How many calls may be up at once; further INVITEs get 486 (default 100). */
  maxCalls?: number;
  /** The clock for SIP timers, registration refresh and RTP pacing (tests pass a fake one). */
  clock?: Clock;
  /** SIP transport to the server and for URIs that name none: `'udp'` (default), `'tcp'` or `'tls'`. */
  transport?: 'udp' | 'tcp' | 'tls';
  /** PEM CA certificate(s) that verify the TLS server (default Node's roots); the server is always verified unless `tlsVerify` is false. */
  tlsCA?: string | Buffer;
  /** PEM certificate of this phone (to accept TLS calls, or for mutual TLS). */
  tlsCert?: string | Buffer;
  /** PEM private key of `tlsCert`. */
  tlsKey?: string | Buffer;
  /** Verify the TLS server's certificate (default true; false only for testing). */
  tlsVerify?: boolean;
  /** Outbound proxy SIP URI: every request goes there first (e.g. `sip:proxy.example.com;transport=tcp`). */
  outboundProxy?: string;
  /**
   * Follow transfers: when the far end of a call sends REFER, call the target it names and end the call (the new
   * call is reported by the old one's `transferred` event). Off by default, so that a peer cannot make this phone
   * call numbers of its choosing; REFERs are then refused with 603.
   */
  followTransfers?: boolean;
}

/** Events of a {@link VoIPPhone}. */
export interface VoIPPhoneEvents {
  /** A new inbound call is ringing (also delivered by `incomingCalls()`). */
  incomingCall: [call: VoIPCall];
  /** The phone's {@link PhoneStatus} changed. */
  statusChange: [status: PhoneStatus];
  /** A SIP MESSAGE arrived. */
  message: [message: { from: string; body: string; contentType: string | undefined }];
  /** Something failed in the background (registration refresh, transport); the phone goes on. */
  error: [error: Error];
}

/**
 * A softphone: pyVoIP's `VoIPPhone` with promises, events and async iterators. It registers to a PBX (or listens
 * for direct calls), hands inbound calls over as {@link VoIPCall}s, and places outbound calls.
 *
 * @example
 * ```ts
 * const phone = new VoIPPhone({ server: 'pbx.example.com', username: '1001', password: 'secret' });
 * await phone.start();
 * for await (const call of phone.incomingCalls()) {
 *   await call.answer();
 *   const digit = await call.getDTMF();
 *   await call.hangup();
 * }
 * ```
 */
export class VoIPPhone extends EventEmitter<VoIPPhoneEvents> {
  readonly #options: Required<Pick<VoIPPhoneOptions, 'bindHost' | 'bindPort' | 'rtpPortLow' | 'rtpPortHigh' | 'codecs' | 'maxCalls'>> &
    VoIPPhoneOptions;
  readonly #clock: Clock;
  readonly #sip: SIPClient;
  readonly #calls = new Set<VoIPCall>();
  readonly #incoming = new AsyncQueue<VoIPCall>(64);
  #status: PhoneStatus = PhoneStatus.INACTIVE;

  /**
   * @throws {@link InvalidRangeError} for a malformed `server`, an empty or inverted RTP port range, an unknown
   * codec, or a `password` without a `username`.
   */
  constructor(options: VoIPPhoneOptions = {}) {
    super();
    const opts = {
      bindHost: '0.0.0.0',
      bindPort: 5060,
      rtpPortLow: 10000,
      rtpPortHigh: 20000,
      codecs: ['PCMU', 'PCMA'] as const,
      maxCalls: 100,
      ...options,
    };
    validate(opts);
    this.#options = opts;
    this.#clock = opts.clock ?? systemClock;
    const server = opts.server ? parseHostPort(opts.server, opts.port ?? (opts.transport === 'tls' ? 5061 : 5060)) : undefined;
    const tls =
      opts.tlsCA !== undefined || opts.tlsCert !== undefined || opts.tlsKey !== undefined || opts.tlsVerify !== undefined
        ? {
            ...(opts.tlsCA !== undefined && { ca: opts.tlsCA }),
            ...(opts.tlsCert !== undefined && { cert: opts.tlsCert }),
            ...(opts.tlsKey !== undefined && { key: opts.tlsKey }),
            ...(opts.tlsVerify !== undefined && { rejectUnauthorized: opts.tlsVerify }),
          }
        : undefined;
    let credentials = opts.credentials;
    if (!credentials && opts.username && opts.password !== undefined) {
      credentials = new CredentialsManager();
      credentials.add(opts.username, opts.password);
    }
    this.#sip = new SIPClient({
      host: opts.bindHost,
      port: opts.bindPort,
      ...(opts.advertisedHost ? { advertisedHost: opts.advertisedHost } : {}),
      ...(server ? { server } : {}),
      ...(opts.username ? { username: opts.username } : {}),
      ...(opts.domain ? { domain: opts.domain } : {}),
      ...(credentials ? { credentials } : {}),
      ...(opts.registerExpires ? { registerExpires: opts.registerExpires } : {}),
      userAgent: opts.userAgent ?? '@voip/phone',
      clock: this.#clock,
      ...(opts.transport ? { transport: opts.transport } : {}),
      ...(tls ? { tls } : {}),
      ...(opts.outboundProxy ? { outboundProxy: opts.outboundProxy } : {}),
    });
    this.#sip.on('invite', (invite) => this.#onInvite(invite));
    this.#sip.on('message', (request) => {
      const from = safe(() => serializeURI(getFrom(request).uri)) ?? '';
      this.#safeEmit('message', {
        from,
        body: Buffer.from(request.body).toString('utf8'),
        contentType: request.headers.find((h) => h.name.toLowerCase() === 'content-type' || h.name === 'c')?.value,
      });
    });
    this.#sip.on('registrationChange', (state, error) => {
      if (this.#status === PhoneStatus.DEREGISTERING || this.#status === PhoneStatus.INACTIVE) return;
      if (state === 'REGISTERED') this.#setStatus(PhoneStatus.REGISTERED);
      else if (state === 'FAILED') {
        this.#setStatus(PhoneStatus.FAILED);
        if (error) this.#safeEmit('error', error);
      }
    });
    this.#sip.on('error', (error) => this.#safeEmit('error', error));
  }

  /** The current {@link PhoneStatus} (pyVoIP's `get_status()`). */
  get status(): PhoneStatus {
    return this.#status;
  }

  /** Same as {@link VoIPPhone.status}, named as in pyVoIP. */
  getStatus(): PhoneStatus {
    return this.#status;
  }

  /** The calls that have not ended. */
  get calls(): readonly VoIPCall[] {
    return [...this.#calls];
  }

  /** The SIP address and port the phone listens on and advertises. */
  get localAddress(): { host: string; port: number } {
    return this.#sip.localAddress;
  }

  /** The underlying SIP client, for statistics and advanced use. */
  get sip(): SIPClient {
    return this.#sip;
  }

  /**
   * Binds the SIP socket and, when a server is set, registers to it.
   * @throws {@link InvalidStateError} unless the phone is INACTIVE or FAILED.
   * @throws the registration's error (e.g. `InvalidAccountInfoError` for a wrong password); the status is FAILED.
   */
  async start(options: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.#status !== PhoneStatus.INACTIVE && this.#status !== PhoneStatus.FAILED) {
      throw new InvalidStateError('start', this.#status, [PhoneStatus.INACTIVE, PhoneStatus.FAILED]);
    }
    this.#setStatus(PhoneStatus.REGISTERING);
    try {
      await this.#sip.start();
      if (this.#options.server) await this.#sip.register(options);
      this.#setStatus(PhoneStatus.REGISTERED);
    } catch (err) {
      this.#setStatus(PhoneStatus.FAILED);
      await this.#sip.stop().catch(() => undefined);
      throw err;
    }
  }

  /**
   * Hangs up every call, removes the registration and closes the sockets. Safe to call twice.
   */
  async stop(): Promise<void> {
    if (this.#status === PhoneStatus.INACTIVE || this.#status === PhoneStatus.DEREGISTERING) return;
    this.#setStatus(PhoneStatus.DEREGISTERING);
    await Promise.all([...this.#calls].map((call) => call.hangup().catch(() => undefined)));
    this.#incoming.close();
    try {
      await this.#sip.stop();
    } finally {
      this.#setStatus(PhoneStatus.INACTIVE);
    }
  }

  /**
   * Inbound calls as they ring; the iteration ends when the phone stops or `signal` aborts. Calls that arrive
   * while nobody iterates are kept (up to 64) and also emitted as `incomingCall`.
   */
  incomingCalls(options: { signal?: AbortSignal } = {}): AsyncGenerator<VoIPCall, void, undefined> {
    return this.#incoming.iterate(options.signal);
  }

  /**
   * Places a call and resolves when it is answered.
   * @param target - a SIP URI (`sip:1002@pbx`), or a user name, dialled at the server (or the bind host).
   * @param options.signal - aborting it cancels the call (CANCEL) and rejects with an `AbortError`.
   * @param options.onCall - receives the call at once, in DIALING, e.g. to watch `stateChange` or cancel it.
   * @param options.headers - extra headers for the INVITE (e.g. `X-` headers).
   * @returns the ANSWERED call.
   * @throws {@link InvalidStateError} unless the phone is REGISTERED.
   * @throws `SIPStatusError` when the far end refuses (busy, not found …); the call then ENDED with `rejected`.
   */
  async call(
    target: string,
    options: { signal?: AbortSignal; onCall?: (call: VoIPCall) => void; headers?: readonly (readonly [string, string])[] } = {},
  ): Promise<VoIPCall> {
    if (this.#status !== PhoneStatus.REGISTERED) throw new InvalidStateError('call', this.#status, [PhoneStatus.REGISTERED]);
    const { signal } = options;
    if (signal?.aborted) throw abortError(signal);
    const uri = this.#targetURI(target);
    const rtp = await this.#openRTP({ codec: this.#options.codecs[0] ?? 'PCMU' });
    const peerHost = this.#nextHopHost(uri);
    const call = new VoIPCall({
      ...this.#callHooks(peerHost, this.#newSessionId()),
      direction: 'outbound',
      callId: '',
      remoteURI: uri,
      openRTP: async () => rtp,
    });
    const { local, body } = call.outboundOffer(rtp);
    this.#calls.add(call);
    options.onCall?.(call);
    const controller = call.outboundAbort;
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const { response, dialog } = await this.#sip.invite(uri, {
        body,
        contentType: 'application/sdp',
        ...(options.headers ? { headers: options.headers } : {}),
        signal: controller.signal,
        onProvisional: (res) => {
          if (res.status === 183 || res.body.length > 0) call.markProgress();
        },
      });
      let media: NegotiatedMedia;
      try {
        media = readAnswer(parseSDP(response.body), local);
      } catch (err) {
        await dialog.bye().catch(() => undefined);
        throw err;
      }
      rtp.setCodec(media.codec, media.payloadType, media.dtmfPayloadType);
      await call.markAnswered(dialog, media, rtp);
      if (call.state !== CallState.ANSWERED) throw abortError(controller.signal);
      return call;
    } catch (err) {
      const reason: CallEndReason = controller.signal.aborted ? 'canceled' : isSIPStatusError(err) ? 'rejected' : 'failed';
      call.markEnded(reason, rtp);
      await rtp.stop().catch(() => undefined);
      throw controller.signal.aborted && !isSIPStatusError(err) ? abortError(signal?.aborted ? signal : controller.signal) : err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Sends a SIP MESSAGE (RFC 3428) and resolves when it is accepted.
   * @throws `SIPStatusError` when it is refused.
   */
  async message(target: string, body: string, contentType = 'text/plain'): Promise<void> {
    if (this.#status !== PhoneStatus.REGISTERED) throw new InvalidStateError('message', this.#status, [PhoneStatus.REGISTERED]);
    await this.#sip.request(this.#targetURI(target), 'MESSAGE', { body, contentType });
  }

  #onInvite(invite: IncomingInvite): void {
    if (this.#status !== PhoneStatus.REGISTERED || this.#calls.size >= this.#options.maxCalls) {
      invite.reject(this.#status === PhoneStatus.REGISTERED ? 486 : 480);
      return;
    }
    const peerHost = invite.source.host;
    const sessionId = this.#newSessionId();
    let media: NegotiatedMedia;
    try {
      media = answerOffer(parseSDP(invite.request.body), this.#localMedia(0, peerHost, sessionId, 0)).media;
    } catch (err) {
      invite.reject(NoCompatibleCodecError.isInstance(err) || isSIPParseError(err) ? 488 : 500);
      return;
    }
    const request = invite.request;
    const call = new VoIPCall({
      ...this.#callHooks(peerHost, sessionId),
      direction: 'inbound',
      callId: getCallId(request),
      remoteURI: safe(() => serializeURI(getFrom(request).uri)) ?? '',
      invite,
      media,
      openRTP: (m) => this.#openRTP(m),
    });
    this.#calls.add(call);
    const replaced = invite.replaces && [...this.#calls].find((c) => c.dialog === invite.replaces);
    if (replaced) {
      // RFC 3891 §3: an INVITE that replaces one of our calls (attended transfer) is answered at once, and the
      // call it replaces ends; it is reported by that call's `transferred` event, not as a new incoming call.
      void call.answer().then(
        async () => {
          replaced.markTransferred(call);
          await replaced.hangup();
        },
        () => undefined,
      );
      return;
    }
    invite.ringing();
    this.#incoming.push(call);
    this.#safeEmit('incomingCall', call);
  }

  /** What every call gets from the phone: SDP parameters for its peer, target resolution, REFER handling. */
  #callHooks(peerHost: string, sessionId: number) {
    return {
      localMedia: (port: number, sent: number) => this.#localMedia(port, peerHost, sessionId, sent),
      resolveTarget: (target: string) => this.#targetURI(target),
      onRefer: (call: VoIPCall, refer: IncomingRefer) => void this.#onRefer(call, refer),
      onEnded: (c: VoIPCall) => this.#calls.delete(c),
      now: () => this.#clock.now(),
    };
  }

  /** The far end of `call` asked us to call someone else (RFC 3515): follow it when allowed, reporting progress. */
  async #onRefer(call: VoIPCall, refer: IncomingRefer): Promise<void> {
    if (!this.#options.followTransfers) return refer.reject(603);
    refer.accept();
    const headers: [string, string][] = [['Referred-By', `<${call.remoteURI}>`]];
    if (refer.replacesHeader) headers.push(['Replaces', refer.replacesHeader]);
    try {
      const next = await this.call(refer.referTo, { headers });
      await refer.notify(200).catch(() => undefined);
      call.markTransferred(next);
      await call.hangup();
    } catch (err) {
      await refer.notify(isSIPStatusError(err) ? err.status : 503).catch(() => undefined);
    }
  }

  async #openRTP(media: Partial<NegotiatedMedia> & { codec: AudioCodec }): Promise<RTPClient> {
    const rtp = new RTPClient({
      localHost: this.#options.bindHost,
      portRange: [this.#options.rtpPortLow, this.#options.rtpPortHigh],
      codec: media.codec,
      ...(media.payloadType !== undefined ? { payloadType: media.payloadType } : {}),
      ...(media.dtmfPayloadType !== undefined ? { dtmfPayloadType: media.dtmfPayloadType } : {}),
      ...(media.remoteHost ? { remoteHost: media.remoteHost, remotePort: media.remotePort } : {}),
      ...(media.transmitType ? { transmitType: media.transmitType } : {}),
      clock: this.#clock,
    });
    await rtp.start();
    return rtp;
  }

  /**
   * Our media address and abilities, with the host `peerHost` can reach (see `SIPClient.localHostFor`); the `o=`
   * version is `sessionId + sent` for a call that has sent `sent` SDP bodies (RFC 3264 §8).
   */
  #localMedia(port: number, peerHost: string, sessionId: number, sent: number): LocalMedia {
    return {
      host: this.#sip.localHostFor(peerHost),
      port,
      codecs: this.#options.codecs,
      sessionId: String(sessionId),
      sessionVersion: String(sessionId + sent),
    };
  }

  /**
   * A fresh `o=` session id (RFC 8866 §5.2 suggests an NTP timestamp; any unique number will do): at most 2^32, so
   * the versions counted up from it stay exact in a `number`.
   */
  #newSessionId(): number {
    return randomBytes(4).readUInt32BE(0) + 1;
  }

  /** Where the INVITE goes first: the server when there is one, else the target URI's host. */
  #nextHopHost(uri: string): string {
    if (this.#options.server) return parseHostPort(this.#options.server, 5060).host;
    return parseURI(uri).host;
  }

  #targetURI(target: string): string {
    if (/^sips?:/i.test(target)) return target;
    const host = this.#options.server ?? `${this.#sip.localAddress.host}:${this.#sip.localAddress.port}`;
    return `sip:${target}@${host}`;
  }

  #setStatus(status: PhoneStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    this.#safeEmit('statusChange', status);
  }

  #safeEmit<K extends keyof VoIPPhoneEvents>(event: K, ...args: VoIPPhoneEvents[K]): void {
    if (event === 'error' && this.listenerCount('error') === 0) return;
    try {
      (this.emit as (e: K, ...a: VoIPPhoneEvents[K]) => boolean)(event, ...args);
    } catch (err) {
      process.emitWarning(`a VoIPPhone '${String(event)}' listener threw: ${String(err)}`, 'VoIPListenerError');
    }
  }
}

function validate(o: VoIPPhoneOptions & { rtpPortLow: number; rtpPortHigh: number; codecs: readonly string[]; bindPort: number }): void {
  const port = (name: string, v: number | undefined, min = 1): void => {
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > 65535)) throw new InvalidRangeError(name, `must be an integer port from ${min} to 65535, got ${v}`);
  };
  port('bindPort', o.bindPort, 0);
  port('port', o.port);
  port('rtpPortLow', o.rtpPortLow);
  port('rtpPortHigh', o.rtpPortHigh);
  if (o.rtpPortLow > o.rtpPortHigh) throw new InvalidRangeError('rtpPortLow', `is above rtpPortHigh (${o.rtpPortLow} > ${o.rtpPortHigh})`);
  if (o.codecs.length === 0 || o.codecs.some((c) => c !== 'PCMU' && c !== 'PCMA')) {
    throw new InvalidRangeError('codecs', `must list PCMU and/or PCMA, got ${JSON.stringify(o.codecs)}`);
  }
  if (o.password !== undefined && !o.username) throw new InvalidRangeError('password', 'needs a username');
  if (o.server !== undefined) parseHostPort(o.server, o.port ?? 5060);
}

/** Splits `host`, `host:port`, `[v6]` or `[v6]:port`. */
function parseHostPort(text: string, defaultPort: number): { host: string; port: number } {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s]+)(?::(\d{1,5}))?$/.exec(text.trim());
  const port = m?.[2] ? Number(m[2]) : defaultPort;
  if (!m || port < 1 || port > 65535) throw new InvalidRangeError('server', `expected HOST or HOST:PORT, got ${JSON.stringify(text)}`);
  return { host: m[1] as string, port };
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
