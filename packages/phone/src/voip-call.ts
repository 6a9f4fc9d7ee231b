import { EventEmitter } from 'node:events';
import { Readable, Writable } from 'node:stream';
import type { Dialog, IncomingInvite, IncomingOffer, IncomingRefer } from '@voip/sip-client';
import { TransmitType, type RTPClient } from '@voip/rtp';
import { parseSDP, serializeSDP, type SessionDescription } from '@voip/sip-parser';
import { abortError } from './abort.js';
import { AsyncQueue } from './async-queue.js';
import { CallState } from './call-state.js';
import { InvalidStateError, NoCompatibleCodecError, TransferError } from './errors.js';
import {
  answerOffer,
  buildOffer,
  buildSessionSDP,
  intersectDirections,
  readAnswer,
  type AudioCodec,
  type LocalMedia,
  type NegotiatedMedia,
} from './sdp-negotiation.js';

/** Why a call ended. */
export type CallEndReason =
  | 'remote-bye'
  | 'local-hangup'
  | 'denied'
  | 'canceled'
  | 'remote-canceled'
  | 'rejected'
  | 'failed'
  | 'phone-stopped';

/** Events of a {@link VoIPCall}. */
export interface VoIPCallEvents {
  /** The call moved to another {@link CallState}. */
  stateChange: [state: CallState];
  /** An RFC 4733 digit arrived (also readable through `dtmf()` and `getDTMF()`). */
  dtmf: [digit: string];
  /** The call ended. */
  ended: [reason: CallEndReason];
  /** Offer/answer changed the media: a hold or resume from either side, a new address or codec. */
  mediaChange: [media: NegotiatedMedia];
  /** The far end transferred this call (REFER) and the phone follows it: `call` is the new call. */
  transferred: [call: VoIPCall];
}

/**
 * What a call needs from the phone that made it; the phone builds it.
 * @internal
 */
export interface VoIPCallInit {
  readonly direction: 'inbound' | 'outbound';
  readonly callId: string;
  /** The other party's URI (From of an inbound INVITE, the target of an outbound one). */
  readonly remoteURI: string;
  /** Inbound only: the INVITE waiting for an answer. */
  readonly invite?: IncomingInvite;
  /** Inbound: the media settled from the offer. */
  readonly media?: NegotiatedMedia;
  /** Creates, binds and starts the call's RTP session for the given media. */
  readonly openRTP: (media: NegotiatedMedia) => Promise<RTPClient>;
  /** Our SDP address, codecs and session id for a local RTP port; the `o=` version is the session id plus `sent`. */
  readonly localMedia: (port: number, sent: number) => LocalMedia;
  /** Turns a user name or URI into the URI to send requests to (as `VoIPPhone.call` does). */
  readonly resolveTarget: (target: string) => string;
  /** The far end asked us to transfer (REFER): the phone accepts or refuses it. */
  readonly onRefer: (call: VoIPCall, refer: IncomingRefer) => void;
  /** Called once when the call ends, so the phone can forget it. */
  readonly onEnded: (call: VoIPCall) => void;
  /** Milliseconds on the phone's clock. */
  readonly now: () => number;
}

const AUDIO_FRAME_BYTES = 320; // 20 ms of 8 kHz 16-bit mono

/**
 * One call, inbound or outbound, with its audio and DTMF: pyVoIP's `VoIPCall`, with promises, events, async
 * iterators and Node streams instead of polling.
 *
 * Audio is 8 kHz mono 16-bit PCM (`Int16Array`, or s16le bytes on the streams); the codec (PCMU or PCMA) is
 * handled underneath.
 *
 * @example
 * ```ts
 * for await (const call of phone.incomingCalls()) {
 *   await call.answer();
 *   await call.play(prompt);
 *   for await (const digit of call.dtmf()) if (digit === '#') break;
 *   await call.hangup();
 * }
 * ```
 */
export class VoIPCall extends EventEmitter<VoIPCallEvents> {
  /** `inbound` for calls that reached this phone, `outbound` for calls it placed. */
  readonly direction: 'inbound' | 'outbound';
  /** The other party's SIP URI. */
  readonly remoteURI: string;
  /** When the call object was created, in milliseconds on the phone's clock. */
  readonly startedAt: number;
  #state: CallState;
  #endReason: CallEndReason | undefined;
  #answeredAt: number | undefined;
  #endedAt: number | undefined;
  #media: NegotiatedMedia | undefined;
  #rtp: RTPClient | undefined;
  #dialog: Dialog | undefined;
  #outboundAbort: AbortController | undefined;
  #readable: Readable | undefined;
  #writable: Writable | undefined;
  /** How many SDP bodies this call has sent: each one raises the `o=` version by one (RFC 3264 §8). */
  #sdpSent = 0;
  #held = false;
  readonly #init: VoIPCallInit;
  readonly #digits = new AsyncQueue<string>(256);

  /** @internal Calls are made by `VoIPPhone`, never directly. */
  constructor(init: VoIPCallInit) {
    super();
    this.#init = init;
    this.direction = init.direction;
    this.remoteURI = init.remoteURI;
    this.startedAt = init.now();
    this.#media = init.media;
    this.#state = init.direction === 'inbound' ? CallState.RINGING : CallState.DIALING;
    init.invite?.on('cancel', () => this.#end('remote-canceled'));
  }

  /** The SIP Call-ID (for an outbound call, known once the INVITE is answered). */
  get callId(): string {
    return this.#init.callId || this.#dialog?.callId || '';
  }

  /** The current {@link CallState}. */
  get state(): CallState {
    return this.#state;
  }

  /** Why the call ended; undefined until it has. */
  get endReason(): CallEndReason | undefined {
    return this.#endReason;
  }

  /** The negotiated codec, once known (inbound: at once; outbound: when answered). */
  get codec(): AudioCodec | undefined {
    return this.#media?.codec;
  }

  /** Everything offer/answer settled for the audio stream, once known. */
  get media(): NegotiatedMedia | undefined {
    return this.#media;
  }

  /** Seconds from answer to end (or to now while the call is up); 0 if never answered. */
  get duration(): number {
    if (this.#answeredAt === undefined) return 0;
    return ((this.#endedAt ?? this.#init.now()) - this.#answeredAt) / 1000;
  }

  /** True while this side holds the call (see {@link VoIPCall.hold}). */
  get onHold(): boolean {
    return this.#held;
  }

  /** True while the far end holds the call: its last offer or answer no longer takes our audio. */
  get remoteHold(): boolean {
    const t = this.#media?.transmitType;
    return t === TransmitType.RECVONLY || t === TransmitType.INACTIVE;
  }

  /** The SIP dialog once the call is answered, for advanced use (in-dialog requests, INFO, MESSAGE). */
  get dialog(): Dialog | undefined {
    return this.#dialog;
  }

  /** The call's RTP session once media is set up, for statistics and advanced use. */
  get rtp(): RTPClient | undefined {
    return this.#rtp;
  }

  /**
   * Answers a ringing inbound call: binds RTP, sends 200 OK with the SDP answer and resolves when the caller's ACK
   * arrives.
   * @throws {@link InvalidStateError} unless the call is RINGING (synchronously, as a rejection).
   * @throws the transaction's error when no ACK comes (the call then ends with reason `failed`).
   */
  async answer(): Promise<void> {
    this.#expect('answer', CallState.RINGING);
    const invite = this.#init.invite;
    const media = this.#media;
    if (!invite || !media) throw new InvalidStateError('answer', this.#state, [CallState.RINGING]);
    try {
      const rtp = await this.#attachRTP(media);
      const { answer } = answerOffer(parseSDP(invite.request.body), this.#localMedia(rtp));
      const dialog = await invite.accept({ body: this.#send(answer), contentType: 'application/sdp' });
      if (this.#state === CallState.ENDED) {
        await dialog.bye().catch(() => undefined);
        return;
      }
      this.#established(dialog);
    } catch (err) {
      this.#end('failed');
      throw err;
    }
  }

  /**
   * Refuses a ringing inbound call.
   * @param status - the final response to send, 486 Busy Here by default (603 Decline is the other usual choice).
   * @throws {@link InvalidStateError} unless the call is RINGING.
   */
  async deny(status = 486): Promise<void> {
    this.#expect('deny', CallState.RINGING);
    this.#init.invite?.reject(status);
    this.#end('denied');
  }

  /**
   * Cancels an outbound call that has not been answered (CANCEL, RFC 3261 §9).
   * @throws {@link InvalidStateError} unless the call is DIALING or PROGRESS.
   */
  async cancel(): Promise<void> {
    this.#expect('cancel', CallState.DIALING, CallState.PROGRESS);
    this.#setState(CallState.CANCELING);
    this.#outboundAbort?.abort();
    await this.waitFor(CallState.ENDED);
  }

  /**
   * Ends the call whatever its state: BYE when answered, otherwise `deny()` or `cancel()`. A call that has already
   * ended is left as it is.
   */
  async hangup(): Promise<void> {
    switch (this.#state) {
      case CallState.ANSWERED: {
        const dialog = this.#dialog;
        this.#end('local-hangup');
        await dialog?.bye().catch(() => undefined);
        return;
      }
      case CallState.RINGING:
        return this.deny(486);
      case CallState.DIALING:
      case CallState.PROGRESS:
        return this.cancel();
      case CallState.CANCELING:
        return this.waitFor(CallState.ENDED);
      case CallState.ENDED:
        return;
    }
  }

  /**
   * Puts the call on hold: a re-INVITE offering `sendonly` (RFC 6337 §5.3). Audio written meanwhile is still sent
   * (music on hold); what the far end sends is no longer expected.
   * @throws {@link InvalidStateError} unless the call is ANSWERED
   * @throws `SIPStatusError` when the far end refuses (e.g. 491 glare); the call stays as it was
   */
  async hold(): Promise<void> {
    this.#expect('hold', CallState.ANSWERED);
    await this.#reoffer(TransmitType.SENDONLY);
    this.#held = true;
  }

  /**
   * Takes the call off hold: a re-INVITE offering `sendrecv`.
   * @throws {@link InvalidStateError} unless the call is ANSWERED
   * @throws `SIPStatusError` when the far end refuses; the call stays held
   */
  async resume(): Promise<void> {
    this.#expect('resume', CallState.ANSWERED);
    await this.#reoffer(TransmitType.SENDRECV);
    this.#held = false;
  }

  /**
   * Transfers the far end (REFER, RFC 3515) and hangs up once the transfer has succeeded.
   * Blind: `transfer('sip:1003@pbx')` (or a user name). Attended: `transfer(consultCall)`, where `consultCall` is an
   * answered call of this phone with the transfer target; the far end's INVITE replaces it (RFC 3891, RFC 5589 §7).
   * @returns when the far end reported the new call answered (sipfrag 200) and this call was hung up
   * @throws {@link InvalidStateError} unless this call (and a consult call) is ANSWERED
   * @throws `SIPStatusError` when the far end refuses the REFER; {@link TransferError} when the new call failed
   *   (its status is in the error); this call then stays up
   */
  async transfer(target: string | VoIPCall): Promise<void> {
    this.#expect('transfer', CallState.ANSWERED);
    const dialog = this.#dialog as Dialog;
    let referral;
    if (typeof target === 'string') {
      referral = await dialog.refer(this.#init.resolveTarget(target));
    } else {
      const consult = target.#dialog;
      if (target.state !== CallState.ANSWERED || !consult) throw new InvalidStateError('transfer(consultCall)', target.state, [CallState.ANSWERED]);
      referral = await dialog.refer(target.remoteURI, { replaces: consult });
    }
    const status = await referral.done;
    if (status < 200 || status >= 300) throw new TransferError(status);
    await this.hangup();
  }

  /**
   * Resolves when the call reaches `state` (at once if it is there).
   * @throws {@link InvalidStateError} (rejection) when the call ends without reaching it.
   * @throws an `AbortError` when `signal` aborts first.
   */
  waitFor(state: CallState, options: { signal?: AbortSignal } = {}): Promise<void> {
    const { signal } = options;
    if (this.#state === state) return Promise.resolve();
    if (this.#state === CallState.ENDED) return Promise.reject(new InvalidStateError(`waitFor(${state})`, this.#state, [state]));
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const onState = (s: CallState): void => {
        if (s === state) done(resolve);
        else if (s === CallState.ENDED) done(() => reject(new InvalidStateError(`waitFor(${state})`, s, [state])));
      };
      const onAbort = (): void => done(() => reject(abortError(signal)));
      const done = (settle: () => void): void => {
        this.off('stateChange', onState);
        signal?.removeEventListener('abort', onAbort);
        settle();
      };
      this.on('stateChange', onState);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * The DTMF digits received, as they arrive; the iteration ends when the call ends or `signal` aborts. Digits are
   * queued from the moment media starts, so none is lost between two reads; each digit is read once.
   */
  dtmf(options: { signal?: AbortSignal } = {}): AsyncGenerator<string, void, undefined> {
    return this.#digits.iterate(options.signal);
  }

  /**
   * The next DTMF digit (pyVoIP's `get_dtmf()`, without polling).
   * @returns the digit, or `undefined` when the call ended first.
   * @throws an `AbortError` when `signal` aborts first (use `AbortSignal.timeout(ms)` for a time limit).
   */
  async getDTMF(options: { signal?: AbortSignal } = {}): Promise<string | undefined> {
    const next = await this.#digits.next(options.signal);
    return next.done ? undefined : next.value;
  }

  /**
   * Sends DTMF digits as RFC 4733 telephone-events, one after another.
   * @param digits - any of `0-9 * # A-D`.
   * @throws {@link InvalidStateError} unless the call is ANSWERED or PROGRESS.
   */
  async sendDTMF(digits: string, options: { durationMs?: number } = {}): Promise<void> {
    this.#expect('sendDTMF', CallState.ANSWERED, CallState.PROGRESS);
    for (const digit of digits) await this.#rtp?.sendDTMF(digit, options);
  }

  /**
   * Queues audio to send (8 kHz mono 16-bit PCM, any length); silence is sent whenever nothing is queued.
   * @throws {@link InvalidStateError} when the call has no media (not answered yet, or ended).
   */
  writeAudio(pcm: Int16Array): void {
    this.#media_('writeAudio').write(pcm);
  }

  /**
   * Plays audio and resolves when it has all been sent. Aborting `signal` stops it at once (barge-in): what was not
   * sent yet is dropped, and the promise rejects with an `AbortError`.
   * @throws {@link InvalidStateError} when the call has no media.
   */
  async play(pcm: Int16Array, options: { signal?: AbortSignal } = {}): Promise<void> {
    const rtp = this.#media_('play');
    const { signal } = options;
    if (signal?.aborted) throw abortError(signal);
    rtp.write(pcm);
    try {
      await rtp.drained(signal ? { signal } : {});
    } catch (err) {
      rtp.clearOutput();
      throw err;
    }
  }

  /** Drops any audio queued and not yet sent (what `play()` does on abort). */
  stopAudio(): void {
    this.#rtp?.clearOutput();
  }

  /**
   * The next 20 ms of received audio, decoded to 16-bit PCM.
   * @throws {@link InvalidStateError} when the call has no media; an `AbortError` when `signal` aborts first.
   */
  readAudio(options: { signal?: AbortSignal } = {}): Promise<Int16Array> {
    return this.#media_('readAudio').read(options);
  }

  /** Received audio as a Node stream of s16le PCM bytes in 20 ms chunks; it ends when the call ends. */
  get readable(): Readable {
    if (!this.#readable) {
      this.#readable = new Readable({
        highWaterMark: AUDIO_FRAME_BYTES * 50,
        read: () => {
          if (!this.#rtp || this.#state === CallState.ENDED) return void this.#readable?.push(null);
          this.#rtp.read().then(
            (frame) => this.#readable?.push(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength)),
            () => this.#readable?.push(null),
          );
        },
      });
    }
    return this.#readable;
  }

  /** Audio to send as a Node stream of s16le PCM bytes, any chunking; it honours backpressure. */
  get writable(): Writable {
    if (!this.#writable) {
      let carry: Buffer | undefined;
      this.#writable = new Writable({
        highWaterMark: AUDIO_FRAME_BYTES * 10,
        write: (chunk: Buffer, _encoding, callback) => {
          const rtp = this.#rtp;
          if (!rtp || this.#state === CallState.ENDED) return callback(new InvalidStateError('write', this.#state, [CallState.ANSWERED]));
          const bytes = carry ? Buffer.concat([carry, chunk]) : chunk;
          const even = bytes.length & ~1;
          carry = even < bytes.length ? bytes.subarray(even) : undefined;
          const aligned = Buffer.from(bytes.subarray(0, even)); // own copy, 2-byte aligned
          rtp.write(new Int16Array(aligned.buffer, aligned.byteOffset, even / 2));
          // backpressure: let at most ~200 ms sit in the RTP queue
          if (rtp.queuedMs <= 200) return callback();
          rtp.drained().then(() => callback(), callback);
        },
      });
    }
    return this.#writable;
  }

  /** @internal The phone places the INVITE and reports its progress through these. */
  get outboundAbort(): AbortController {
    this.#outboundAbort ??= new AbortController();
    return this.#outboundAbort;
  }

  /** @internal A 183 (or 180 with SDP) arrived for an outbound call. */
  markProgress(): void {
    if (this.#state === CallState.DIALING) this.#setState(CallState.PROGRESS);
  }

  /** @internal The phone followed a transfer of this call: report the new call. */
  markTransferred(call: VoIPCall): void {
    this.#safeEmit('transferred', call);
  }

  /** @internal The offer of the outbound INVITE for our RTP session `rtp`; `local` reads the answer. */
  outboundOffer(rtp: RTPClient): { local: LocalMedia; body: string } {
    const local = this.#localMedia(rtp);
    return { local, body: this.#send(buildOffer(local)) };
  }

  /** @internal The outbound INVITE got its 2xx: start media and move to ANSWERED. */
  async markAnswered(dialog: Dialog, media: NegotiatedMedia, rtp: RTPClient): Promise<void> {
    this.#media = media;
    this.#listenRTP(rtp);
    rtp.setRemote(media.remoteHost, media.remotePort);
    if (this.#state === CallState.ENDED || this.#state === CallState.CANCELING) {
      await dialog.bye().catch(() => undefined);
      this.#end('canceled');
      return;
    }
    this.#established(dialog);
  }

  /** @internal The outbound call failed or was cancelled before it was answered; or the phone is stopping. */
  markEnded(reason: CallEndReason, rtp?: RTPClient): void {
    if (rtp && !this.#rtp) this.#rtp = rtp;
    this.#end(reason);
  }

  async #attachRTP(media: NegotiatedMedia): Promise<RTPClient> {
    const rtp = await this.#init.openRTP(media);
    this.#listenRTP(rtp);
    return rtp;
  }

  #listenRTP(rtp: RTPClient): void {
    this.#rtp = rtp;
    rtp.on('dtmf', (digit) => {
      this.#digits.push(digit);
      this.#safeEmit('dtmf', digit);
    });
  }

  #established(dialog: Dialog): void {
    this.#dialog = dialog;
    this.#answeredAt = this.#init.now();
    dialog.on('terminated', (reason) => this.#end(reason === 'BYE' ? 'remote-bye' : reason === 'LOCAL_BYE' ? 'local-hangup' : 'failed'));
    dialog.on('offer', (offer) => this.#answerOffer(offer));
    dialog.on('refer', (refer) => this.#init.onRefer(this, refer));
    this.#setState(CallState.ANSWERED);
  }

  /** Our SDP parameters, with the `o=` version of the next SDP we send. */
  #localMedia(rtp: RTPClient): LocalMedia {
    return this.#init.localMedia(rtp.localPort, this.#sdpSent);
  }

  /** Serializes an SDP body being sent now, which uses up its `o=` version. */
  #send(sdp: SessionDescription): string {
    this.#sdpSent++;
    return serializeSDP(sdp);
  }

  /** Sends a re-INVITE with our stream in `direction` and applies the answer. */
  async #reoffer(direction: TransmitType): Promise<void> {
    const rtp = this.#rtp as RTPClient;
    const media = this.#media as NegotiatedMedia;
    const local = this.#localMedia(rtp);
    const response = await (this.#dialog as Dialog).reinvite({ body: this.#send(buildSessionSDP(local, media, direction)) });
    const answered = readAnswer(parseSDP(response.body), local);
    this.#applyMedia({ ...answered, transmitType: intersectDirections(direction, answered.transmitType) });
  }

  /**
   * Answers the far end's re-INVITE or UPDATE: its hold, resume, new address or codec. We keep our codec when it
   * is still offered and keep holding if we hold; an offer we cannot take is refused with 488 and changes nothing.
   */
  #answerOffer(offer: IncomingOffer): void {
    const rtp = this.#rtp;
    const media = this.#media;
    if (!rtp || !media) return offer.reject(488);
    const ours = this.#held ? TransmitType.SENDONLY : TransmitType.SENDRECV;
    const local = this.#localMedia(rtp);
    if (offer.body.length === 0) {
      // an offerless re-INVITE (e.g. a session refresh): we offer what we have; the ACK's answer changes nothing here
      offer.accept({ body: this.#send(buildSessionSDP(local, media, ours)) }).catch(() => undefined);
      return;
    }
    let answered: ReturnType<typeof answerOffer>;
    try {
      answered = answerKeepingCodec(parseSDP(offer.body), local, media.codec, ours);
    } catch {
      return offer.reject(488);
    }
    offer.accept({ body: this.#send(answered.answer) }).catch(() => undefined);
    this.#applyMedia(answered.media);
  }

  /** Points RTP at what offer/answer settled. */
  #applyMedia(media: NegotiatedMedia): void {
    const rtp = this.#rtp as RTPClient;
    const old = this.#media;
    if (!old || old.codec !== media.codec || old.payloadType !== media.payloadType || old.dtmfPayloadType !== media.dtmfPayloadType) {
      rtp.setCodec(media.codec, media.payloadType, media.dtmfPayloadType);
    }
    if (media.remotePort !== 0) rtp.setRemote(media.remoteHost, media.remotePort);
    rtp.setTransmitType(media.transmitType);
    this.#media = media;
    this.#safeEmit('mediaChange', media);
  }

  #media_(action: string): RTPClient {
    if (!this.#rtp || this.#state === CallState.ENDED) {
      throw new InvalidStateError(action, this.#state, [CallState.ANSWERED, CallState.PROGRESS]);
    }
    return this.#rtp;
  }

  #expect(action: string, ...allowed: CallState[]): void {
    if (!allowed.includes(this.#state)) throw new InvalidStateError(action, this.#state, allowed);
  }

  #setState(state: CallState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#safeEmit('stateChange', state);
  }

  #end(reason: CallEndReason): void {
    if (this.#state === CallState.ENDED) return;
    this.#endReason = reason;
    this.#endedAt = this.#init.now();
    this.#digits.close();
    const rtp = this.#rtp;
    if (rtp) void rtp.stop().catch(() => undefined);
    this.#readable?.push(null);
    this.#setState(CallState.ENDED);
    this.#init.onEnded(this);
    this.#safeEmit('ended', reason);
  }

  /** Emits without letting a throwing listener break the call: the error is reported as a process warning. */
  #safeEmit<K extends keyof VoIPCallEvents>(event: K, ...args: VoIPCallEvents[K]): void {
    try {
      (this.emit as (e: K, ...a: VoIPCallEvents[K]) => boolean)(event, ...args);
    } catch (err) {
      process.emitWarning(`a VoIPCall '${String(event)}' listener threw: ${String(err)}`, 'VoIPListenerError');
    }
  }
}

/**
 * Answers a new offer in an established call, keeping `codec` when the offer still has it (whatever its place in
 * the offer's list), else taking any codec of `local`.
 * @throws {@link NoCompatibleCodecError} when the offer has no codec we accept
 */
function answerKeepingCodec(
  offer: SessionDescription,
  local: LocalMedia,
  codec: AudioCodec,
  direction: TransmitType,
): ReturnType<typeof answerOffer> {
  try {
    return answerOffer(offer, { ...local, codecs: [codec] }, direction);
  } catch (err) {
    if (!NoCompatibleCodecError.isInstance(err)) throw err;
    return answerOffer(offer, local, direction);
  }
}
