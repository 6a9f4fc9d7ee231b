import { randomBytes } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket, type SocketOptions } from 'node:dgram';
import { lookup, type LookupOptions } from 'node:dns';
import { EventEmitter } from 'node:events';
import { isIP } from 'node:net';
import { Readable, Writable } from 'node:stream';
import { decodeG711, encodeG711 } from '@voip/codecs-g711';
import { systemClock, type Clock, type TimerHandle } from './clock.js';
import { DTMFDetector } from './dtmf-detector.js';
import { DTMFSender } from './dtmf-sender.js';
import { InvalidRangeError, InvalidStateError, NoPortsAvailableError, isRTPParseError } from './errors.js';
import { JitterBuffer, JitterPushResult } from './jitter-buffer.js';
import { pacerFor, type PacedTask } from './pacer.js';
import { PCMQueue } from './pcm-queue.js';
import { safeParseRTCPCompound, serializeRTCPCompound, type RTCPPacket } from './rtcp-packet.js';
import { RTCPSession, type RTCPStats } from './rtcp-session.js';
import { parseRTPPacket, serializeRTPPacketInto, type RTPPacket } from './rtp-packet.js';
import { serializeTelephoneEventInto } from './telephone-event.js';
import { TransmitType } from './transmit-type.js';

/** Options of {@link RTPClient}. */
export interface RTPClientOptions {
  /** The IP address to bind (`'127.0.0.1'`, `'0.0.0.0'`, `'::'`). */
  readonly localHost: string;
  /** The UDP port to bind; 0 (default) lets the OS choose. Ignored when `portRange` is given. */
  readonly localPort?: number;
  /** Bind the first free even port in this inclusive range, tried from a random start (RFC 3550 §11). */
  readonly portRange?: readonly [number, number];
  /** The peer's IP address; without it the first packet's source is latched as the remote. */
  readonly remoteHost?: string;
  /** The peer's UDP port (with `remoteHost`). */
  readonly remotePort?: number;
  /** The audio codec, G.711 mu-law or A-law, 8 kHz mono. */
  readonly codec: 'PCMU' | 'PCMA';
  /** The audio payload type, default 0 (PCMU) or 8 (PCMA). */
  readonly payloadType?: number;
  /** The negotiated telephone-event payload type; without it DTMF is neither sent nor detected. */
  readonly dtmfPayloadType?: number;
  /** Directions, default {@link TransmitType.SENDRECV}. */
  readonly transmitType?: TransmitType;
  /** Packet interval in ms, default 20 (RFC 3551 §4.5). */
  readonly ptime?: number;
  /** Time source, default {@link systemClock}. */
  readonly clock?: Clock;
  /** Our SSRC; random by default (RFC 3550 §8). */
  readonly ssrc?: number;
  /** First sequence number; random by default (RFC 3550 §5.1). */
  readonly initialSequenceNumber?: number;
  /** First timestamp; random by default (RFC 3550 §5.1). */
  readonly initialTimestamp?: number;
  /** Received packets of reordering undone before a missing one counts as lost (default 3). */
  readonly reorderWindow?: number;
  /** Received frames held for `read()` before the oldest is dropped (default 500, 10 s at 20 ms). */
  readonly readQueueFrames?: number;
  /** `writable` applies backpressure while more than this much audio is queued, in ms (default 200). */
  readonly writableHighWaterMs?: number;
  /** Packet slots sent at once when timers fired late (default 50); beyond that the missed slots are skipped. */
  readonly maxBurst?: number;
  /** Level of sent DTMF events in -dBm0 (default 10). */
  readonly dtmfVolume?: number;
  /** RTCP (RFC 3550 §6): on by default, on the RTP port + 1; `false` sends and reads none. */
  readonly rtcp?: false | RTCPOptions;
}

/** RTCP settings of an {@link RTPClient}. */
export interface RTCPOptions {
  /** Send and receive RTCP on the RTP port (RFC 5761) instead of port + 1. */
  readonly mux?: boolean;
  /** The remote's RTCP port (SDP `a=rtcp`, RFC 3605); default the remote RTP port + 1 (or the same when muxed). */
  readonly remotePort?: number;
  /** Our SDES CNAME; default a random 96-bit identifier in base64 (RFC 7022 §4.2). */
  readonly cname?: string;
  /** Minimum report interval in ms, default 5000 (RFC 3550 §6.2); the first report comes after half of it. */
  readonly minIntervalMs?: number;
  /** Uniform random numbers in [0, 1) for the interval's randomisation (default `Math.random`). */
  readonly random?: () => number;
}

/** Counters of an {@link RTPClient}, all since `start()`. */
export interface RTPClientStats {
  /** RTP packets sent (audio, silence and telephone-event). */
  readonly packetsSent: number;
  /** Payload octets sent (RFC 3550 §6.4.1 "sender's octet count"). */
  readonly octetsSent: number;
  /** Valid RTP packets accepted from the remote. */
  readonly packetsReceived: number;
  /** Datagrams from the remote that were not RTP. */
  readonly malformed: number;
  /** Datagrams from an address other than the remote: dropped. */
  readonly wrongSource: number;
  /** Audio packets received twice. */
  readonly duplicates: number;
  /** DTMF keys reported. */
  readonly dtmfReceived: number;
  /** Audio packets that came after their playout: dropped. */
  readonly late: number;
  /** Audio packets never received: played as silence. */
  readonly lost: number;
  /** RTCP compound packets received from the remote (on port + 1, or muxed). */
  readonly rtcpReceived: number;
  /** RTCP compound packets sent. */
  readonly rtcpSent: number;
  /** RTP packets of another payload type, or audio the transmit type says to ignore. */
  readonly ignored: number;
  /** Packet slots skipped because timers were more than `maxBurst` slots late. */
  readonly skipped: number;
  /** Received frames dropped because nobody read them. */
  readonly dropped: number;
}

/** Events of {@link RTPClient}. */
export interface RTPClientEvents {
  /** A DTMF key received (RFC 4733), once per key press. */
  dtmf: [digit: string];
  /** A socket error, or a listener that threw. Never thrown out of a socket handler. */
  error: [error: Error];
  /** The session was stopped and its socket closed. */
  stopped: [];
  /** An RTCP compound packet from the remote, parsed (statistics are in {@link RTPClient.rtcpStats}). */
  rtcp: [packets: RTCPPacket[]];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type State = 'NEW' | 'STARTING' | 'RUNNING' | 'STOPPED';
interface Waiter<T> {
  readonly resolve: (value: T) => void;
  readonly reject: (error: Error) => void;
  readonly cleanup: () => void;
}
interface DrainWaiter extends Waiter<void> {
  readonly target: number;
}

const SEND_BUFFERS = 64;

function abortError(): DOMException {
  return new DOMException('The operation was aborted', 'AbortError');
}

function checkInt(name: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
    throw new InvalidRangeError('BAD_OPTION', `${name} must be an integer ${min}..${max}, got ${value}`);
  }
}

function random32(): number {
  return randomBytes(4).readUInt32BE(0);
}

/**
 * One RTP audio session over UDP (RFC 3550, RFC 3551 audio profile) with G.711 audio and RFC 4733 DTMF, like
 * pyVoIP's `RTPClient` but event-driven.
 *
 * Sending is paced without drift: the n-th packet is due at `start + n * ptime` on the clock, each timer is set
 * for the time left until the next due packet, and packets whose timers fired late go out at once (up to
 * `maxBurst`). When no audio is queued, silence is sent. Sequence number and timestamp start at random values and
 * wrap. Receiving: packets from any address but the remote are dropped (the first source is latched when the
 * remote is unknown); audio goes through a {@link JitterBuffer} and comes out as decoded 16-bit frames in sequence
 * order, with lost packets played as silence; telephone-events go through a {@link DTMFDetector}.
 *
 * ```
 * NEW --start()--> STARTING --bound--> RUNNING --stop()--> STOPPED
 *  \___________________________stop()_________________________/
 * ```
 * @example
 * const rtp = new RTPClient({ localHost: '127.0.0.1', remoteHost: '127.0.0.1', remotePort: 40000, codec: 'PCMU', dtmfPayloadType: 101 });
 * rtp.on('dtmf', (digit) => console.log('key', digit));
 * await rtp.start();
 * rtp.write(prompt); await rtp.drained();
 * @see https://www.rfc-editor.org/rfc/rfc3550 and https://www.rfc-editor.org/rfc/rfc4733
 */
export class RTPClient extends EventEmitter<RTPClientEvents> {
  readonly #options: RTPClientOptions;
  readonly #clock: Clock;
  readonly #ptime: number;
  readonly #samplesPerPacket: number;
  #codec: 'PCMU' | 'PCMA';
  #payloadType: number;
  #dtmfPayloadType: number | undefined;
  readonly #maxBurst: number;
  readonly #readQueueFrames: number;
  readonly #highWaterMs: number;
  readonly #ssrc: number;
  readonly #stats: Mutable<RTPClientStats> = {
    packetsSent: 0, octetsSent: 0, packetsReceived: 0, malformed: 0, wrongSource: 0, duplicates: 0, dtmfReceived: 0,
    late: 0, lost: 0, rtcpReceived: 0, rtcpSent: 0, ignored: 0, skipped: 0, dropped: 0,
  };

  #state: State = 'NEW';
  #transmitType: TransmitType;
  #socket: Socket | undefined;
  #rtcpSocket: Socket | undefined;
  readonly #rtcp: RTCPSession | undefined;
  #rtcpTimer: TimerHandle | undefined;
  #rtcpRemotePort: number | undefined;
  #now = 0;
  #remote: { host: string; port: number } | undefined;
  #paced: object | undefined;
  readonly #task: PacedTask = { run: (now) => this.#run(now) };

  // sending
  #startTime = 0;
  #slots = 0;
  #seq: number;
  #timestamp: number;
  #firstAudio = true;
  readonly #out = new PCMQueue();
  #written = 0;
  #consumed = 0;
  readonly #frame: Int16Array;
  readonly #payload: Uint8Array;
  #silence: Uint8Array;
  readonly #eventPayload = new Uint8Array(4);
  readonly #buffers: Buffer[];
  #bufferIndex = 0;
  readonly #packet: Mutable<RTPPacket>;
  readonly #dtmfSender: DTMFSender;
  readonly #dtmfWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  readonly #drainWaiters = new Set<DrainWaiter>();
  #writeCallback: ((error?: Error | null) => void) | undefined;
  #writable: Writable | undefined;
  #carry: number | undefined;

  // receiving
  readonly #jitter: JitterBuffer<Uint8Array>;
  #detector: DTMFDetector;
  #waitingSince: number | undefined;
  #lastFrameSamples: number;
  readonly #frames: Int16Array[] = [];
  readonly #readers: Waiter<Int16Array>[] = [];
  #readable: Readable | undefined;

  /**
   * @param options - addresses, codec, payload types, pacing.
   * @throws {@link InvalidRangeError} `BAD_OPTION` for an option out of range (ports, payload types, ptime that
   *   is not a whole number of samples, a host that is not an IP address).
   */
  constructor(options: RTPClientOptions) {
    super();
    this.#options = options;
    if (isIP(options.localHost) === 0) throw new InvalidRangeError('BAD_OPTION', `localHost must be an IP address, got ${JSON.stringify(options.localHost)}`);
    if (options.codec !== 'PCMU' && options.codec !== 'PCMA') {
      throw new InvalidRangeError('BAD_OPTION', `codec must be 'PCMU' or 'PCMA', got ${JSON.stringify(options.codec)}`);
    }
    checkInt('localPort', options.localPort, 0, 65535);
    if (options.portRange) {
      const [lo, hi] = options.portRange;
      checkInt('portRange[0]', lo, 1, 65535);
      checkInt('portRange[1]', hi, lo, 65535);
      if (lo === hi && lo % 2 === 1) throw new InvalidRangeError('BAD_OPTION', `portRange ${lo}-${hi} holds no even port`);
    }
    checkInt('payloadType', options.payloadType, 0, 127);
    checkInt('dtmfPayloadType', options.dtmfPayloadType, 0, 127);
    checkInt('ssrc', options.ssrc, 0, 0xffffffff);
    checkInt('initialSequenceNumber', options.initialSequenceNumber, 0, 0xffff);
    checkInt('initialTimestamp', options.initialTimestamp, 0, 0xffffffff);
    checkInt('readQueueFrames', options.readQueueFrames, 1, 1_000_000);
    checkInt('maxBurst', options.maxBurst, 1, SEND_BUFFERS - 8);
    this.#clock = options.clock ?? systemClock;
    this.#ptime = options.ptime ?? 20;
    this.#samplesPerPacket = this.#ptime * 8;
    if (!Number.isInteger(this.#samplesPerPacket) || this.#ptime < 5 || this.#ptime > 200) {
      throw new InvalidRangeError('BAD_OPTION', `ptime must be 5..200 ms and a whole number of 8 kHz samples, got ${this.#ptime}`);
    }
    this.#codec = options.codec;
    this.#payloadType = options.payloadType ?? (options.codec === 'PCMU' ? 0 : 8);
    this.#dtmfPayloadType = options.dtmfPayloadType;
    if (this.#dtmfPayloadType === this.#payloadType) {
      throw new InvalidRangeError('BAD_OPTION', `dtmfPayloadType and payloadType must differ, both are ${this.#payloadType}`);
    }
    this.#transmitType = options.transmitType ?? TransmitType.SENDRECV;
    this.#checkTransmitType(this.#transmitType);
    this.#maxBurst = options.maxBurst ?? 50;
    this.#readQueueFrames = options.readQueueFrames ?? 500;
    this.#highWaterMs = options.writableHighWaterMs ?? 200;
    this.#ssrc = options.ssrc ?? random32();
    this.#seq = options.initialSequenceNumber ?? random32() & 0xffff;
    this.#timestamp = options.initialTimestamp ?? random32();
    if (options.remoteHost !== undefined || options.remotePort !== undefined) {
      this.setRemote(options.remoteHost ?? '', options.remotePort ?? -1);
    }
    this.#frame = new Int16Array(this.#samplesPerPacket);
    this.#payload = new Uint8Array(this.#samplesPerPacket);
    this.#silence = encodeG711(options.codec, new Int16Array(this.#samplesPerPacket));
    this.#buffers = Array.from({ length: SEND_BUFFERS }, () => Buffer.alloc(12 + this.#samplesPerPacket));
    this.#packet = { version: 2, padding: false, marker: false, payloadType: 0, sequenceNumber: 0, timestamp: 0, ssrc: this.#ssrc, csrcs: [], payload: this.#silence };
    this.#dtmfSender = new DTMFSender({ ptime: this.#ptime, volume: options.dtmfVolume ?? 10 });
    this.#jitter = new JitterBuffer<Uint8Array>({ reorderWindow: options.reorderWindow ?? 3 });
    this.#detector = new DTMFDetector({ payloadType: this.#dtmfPayloadType });
    this.#lastFrameSamples = this.#samplesPerPacket;
    const rtcp = options.rtcp;
    if (rtcp !== false) {
      checkInt('rtcp.remotePort', rtcp?.remotePort, 1, 65535);
      checkInt('rtcp.minIntervalMs', rtcp?.minIntervalMs, 1, 3_600_000);
      this.#rtcpRemotePort = rtcp?.remotePort;
      this.#rtcp = new RTCPSession({
        ssrc: this.#ssrc,
        cname: rtcp?.cname ?? randomBytes(12).toString('base64'),
        clockRate: 8000,
        minIntervalMs: rtcp?.minIntervalMs,
        random: rtcp?.random,
        sessionBandwidth: ((12 + 8 + 20 + this.#samplesPerPacket) * 1000) / this.#ptime,
        wallClockOffsetMs: performance.timeOrigin,
      });
    }
  }

  /** The bound UDP port (0 before `start()` has bound it). */
  get localPort(): number {
    const address = this.#socket?.address();
    return address ? address.port : 0;
  }

  /** The address bound to. */
  get localHost(): string {
    return this.#options.localHost;
  }

  /** Our SSRC. */
  get ssrc(): number {
    return this.#ssrc;
  }

  /** The remote address, once known. */
  get remote(): { readonly host: string; readonly port: number } | undefined {
    return this.#remote ? { ...this.#remote } : undefined;
  }

  /** The current directions. */
  get transmitType(): TransmitType {
    return this.#transmitType;
  }

  /** A snapshot of the counters. */
  get stats(): RTPClientStats {
    return { ...this.#stats };
  }

  /**
   * RTCP statistics (RFC 3550 §6.4): what we sent, per received source packets, octets, cumulative and fractional
   * loss and interarrival jitter (A.3, A.8), what the remote reported on our stream, and the round-trip time.
   * Undefined when RTCP is off.
   */
  get rtcpStats(): RTCPStats | undefined {
    return this.#rtcp?.stats();
  }

  /** The bound RTCP port (RTP port + 1, the RTP port when muxed, 0 before start or with RTCP off). */
  get localRTCPPort(): number {
    if (!this.#rtcp || !this.#socket) return 0;
    return (this.#rtcpSocket ?? this.#socket).address().port;
  }

  /** Milliseconds of written audio not yet sent. */
  get queuedMs(): number {
    return this.#out.length / 8;
  }

  /**
   * Binds the UDP socket and starts the paced sender.
   * @returns when bound.
   * @throws {@link InvalidStateError} `ALREADY_STARTED` (rejects); {@link NoPortsAvailableError} when no port
   *   of `portRange` is free; the bind error otherwise.
   */
  async start(): Promise<void> {
    if (this.#state !== 'NEW') throw new InvalidStateError('ALREADY_STARTED', `start() called in state ${this.#state}`);
    this.#state = 'STARTING';
    const [socket, rtcpSocket] = await this.#bind();
    if (this.#state !== 'STARTING') {
      await closeSocket(socket);
      if (rtcpSocket) await closeSocket(rtcpSocket);
      throw new InvalidStateError('STOPPED', 'stop() was called before start() finished binding');
    }
    this.#socket = socket;
    socket.on('message', (msg, rinfo) => this.#onDatagram(msg, rinfo));
    socket.on('error', (e) => this.#emitError(e));
    if (rtcpSocket) {
      this.#rtcpSocket = rtcpSocket;
      rtcpSocket.on('message', (msg, rinfo) => this.#onRTCPDatagram(msg, rinfo));
      rtcpSocket.on('error', (e) => this.#emitError(e));
    }
    if (this.#rtcp) this.#rtcpTimer = this.#clock.setTimer(this.#rtcp.nextIntervalMs(), this.#rtcpTick);
    this.#state = 'RUNNING';
    // On the pacing grid, at the least used phase: sessions fall due in groups that share one timer firing, and
    // the groups are spread over the ptime.
    const pacer = pacerFor(this.#clock);
    this.#startTime = pacer.claimPhase(this.#clock.now(), this.#ptime);
    this.#slots = 0;
    this.#paced = pacer.add(this.#task, this.#startTime + this.#ptime);
  }

  /**
   * Sets (or changes) where packets go and whose packets are accepted.
   * @param host - an IP address.
   * @param port - 1..65535.
   * @param rtcpPort - the remote's RTCP port (SDP `a=rtcp`); default `port + 1`, or `port` when muxed.
   * @throws {@link InvalidRangeError} `BAD_OPTION`.
   */
  setRemote(host: string, port: number, rtcpPort?: number): void {
    if (isIP(host) === 0) throw new InvalidRangeError('BAD_OPTION', `remote host must be an IP address, got ${JSON.stringify(host)}`);
    checkInt('remote port', port, 1, 65535);
    checkInt('remote RTCP port', rtcpPort, 1, 65535);
    this.#remote = { host, port };
    if (rtcpPort !== undefined) this.#rtcpRemotePort = rtcpPort;
  }

  /**
   * Changes the codec and payload types, as when an SDP answer picks other ones than the session was made with
   * (RFC 3264 §7). Audio queued so far is sent with the new codec; the jitter buffer and DTMF detector start over.
   * @param codec - `PCMU` or `PCMA`.
   * @param payloadType - its payload type (default 0 or 8).
   * @param dtmfPayloadType - the telephone-event payload type, or undefined when DTMF was not negotiated.
   * @throws {@link InvalidRangeError} `BAD_OPTION` for an unknown codec, a payload type outside 0..127, or equal
   *   audio and DTMF payload types.
   */
  setCodec(codec: 'PCMU' | 'PCMA', payloadType?: number, dtmfPayloadType?: number): void {
    if (codec !== 'PCMU' && codec !== 'PCMA') throw new InvalidRangeError('BAD_OPTION', `codec must be 'PCMU' or 'PCMA', got ${JSON.stringify(codec)}`);
    checkInt('payloadType', payloadType, 0, 127);
    checkInt('dtmfPayloadType', dtmfPayloadType, 0, 127);
    const pt = payloadType ?? (codec === 'PCMU' ? 0 : 8);
    if (dtmfPayloadType === pt) throw new InvalidRangeError('BAD_OPTION', `dtmfPayloadType and payloadType must differ, both are ${pt}`);
    if (codec !== this.#codec) this.#silence = encodeG711(codec, new Int16Array(this.#samplesPerPacket));
    this.#codec = codec;
    this.#payloadType = pt;
    if (dtmfPayloadType !== this.#dtmfPayloadType) {
      this.#dtmfPayloadType = dtmfPayloadType;
      this.#detector = new DTMFDetector({ payloadType: dtmfPayloadType });
    }
    this.#jitter.reset();
  }

  /**
   * Changes the directions (e.g. hold with `sendonly`/`inactive`, RFC 3264 §8.4). Stopping sending drops queued
   * DTMF keys (their promises reject with `NOT_SENDING`); stopping receiving empties the jitter buffer.
   * @param type - the new directions.
   * @throws {@link InvalidRangeError} `BAD_OPTION` for an unknown value.
   */
  setTransmitType(type: TransmitType): void {
    this.#checkTransmitType(type);
    this.#transmitType = type;
    if (!this.#sending()) {
      this.#dtmfSender.clear();
      this.#rejectDTMF(new InvalidStateError('NOT_SENDING', `DTMF dropped: transmit type is now ${type}`));
    }
    if (!this.#receivingAudio()) this.#jitter.reset();
  }

  /**
   * Queues 8 kHz mono 16-bit audio to send, any length (copied). Audio is consumed at real-time pace even when
   * the transmit type sends nothing, so timing stays the same.
   * @param pcm - samples.
   * @throws {@link InvalidStateError} `STOPPED`.
   */
  write(pcm: Int16Array): void {
    if (this.#state === 'STOPPED') throw new InvalidStateError('STOPPED', 'write() after stop()');
    this.#out.write(pcm);
    this.#written += pcm.length;
  }

  /** Drops all queued audio at once (barge-in); pending `drained()` promises resolve. */
  clearOutput(): void {
    this.#consumed += this.#out.clear();
    this.#afterConsume();
  }

  /**
   * Waits until everything written so far has been sent (or cleared).
   * @param options - `signal` to stop waiting (rejects with an `AbortError`).
   * @returns when sent; at once when nothing is queued or the session is stopped.
   */
  drained(options: { signal?: AbortSignal } = {}): Promise<void> {
    const target = this.#written;
    if (this.#consumed >= target || this.#state === 'STOPPED') return Promise.resolve();
    return this.#wait<void>(options.signal, (waiter) => {
      const w: DrainWaiter = { ...waiter, target };
      this.#drainWaiters.add(w);
      return () => this.#drainWaiters.delete(w);
    });
  }

  /**
   * The next received audio frame (one packet, decoded), in sequence order; lost packets come as silence.
   * @param options - `signal` to stop waiting (rejects with an `AbortError`).
   * @returns 16-bit samples, yours to keep.
   * @throws {@link InvalidStateError} `STOPPED` (rejects) when stopped, also while waiting; `READABLE_IN_USE`
   *   (rejects) once {@link RTPClient.readable} was taken.
   */
  read(options: { signal?: AbortSignal } = {}): Promise<Int16Array> {
    if (this.#readable) return Promise.reject(new InvalidStateError('READABLE_IN_USE', 'read() after readable was taken: frames go to the stream'));
    const frame = this.#frames.shift();
    if (frame) return Promise.resolve(frame);
    if (this.#state === 'STOPPED') return Promise.reject(new InvalidStateError('STOPPED', 'read() after stop()'));
    return this.#wait<Int16Array>(options.signal, (waiter) => {
      this.#readers.push(waiter);
      return () => {
        const i = this.#readers.indexOf(waiter);
        if (i >= 0) this.#readers.splice(i, 1);
      };
    });
  }

  /**
   * Received audio as a byte stream of s16le PCM, one chunk per packet. Created on first access; from then on
   * frames go to this stream rather than to `read()`. Ends when the session stops.
   */
  get readable(): Readable {
    if (!this.#readable) {
      const readable = new Readable({ read: () => undefined });
      for (const frame of this.#frames.splice(0)) readable.push(toBytes(frame));
      if (this.#state === 'STOPPED') readable.push(null);
      this.#readable = readable;
    }
    return this.#readable;
  }

  /**
   * A byte stream of s16le PCM to send; it applies backpressure while more than `writableHighWaterMs` is queued,
   * and finishes once everything written has been sent, so `await pipeline(source, rtp.writable)` ends when the
   * audio has gone out.
   */
  get writable(): Writable {
    this.#writable ??= new Writable({
      write: (chunk: Buffer, _encoding, callback) => this.#writeBytes(chunk, callback),
      final: (callback) => {
        this.drained().then(() => callback(), callback);
      },
    });
    return this.#writable;
  }

  /**
   * Sends one DTMF key as RFC 4733 telephone-events, in place of audio packets (audio timestamps stay in step and
   * queued audio waits). Keys queue and go out one after another.
   * @param digit - `'0'`-`'9'`, `'*'`, `'#'`, `'A'`-`'D'`, `'!'` (flash).
   * @param options - `durationMs`, 40..8000, default 100.
   * @returns resolves when the last end packet was sent.
   * @throws {@link InvalidRangeError} `BAD_DIGIT`, `BAD_DURATION`; {@link InvalidStateError}
   *   `NO_DTMF_PAYLOAD_TYPE`, `NOT_SENDING` (recvonly/inactive), `STOPPED` (all synchronous).
   * @see https://www.rfc-editor.org/rfc/rfc4733#section-2.5.1
   */
  sendDTMF(digit: string, options: { durationMs?: number } = {}): Promise<void> {
    if (this.#state === 'STOPPED') throw new InvalidStateError('STOPPED', 'sendDTMF() after stop()');
    if (this.#dtmfPayloadType === undefined) {
      throw new InvalidStateError('NO_DTMF_PAYLOAD_TYPE', 'sendDTMF() needs dtmfPayloadType (telephone-event was not negotiated)');
    }
    if (!this.#sending()) throw new InvalidStateError('NOT_SENDING', `sendDTMF() while transmit type is ${this.#transmitType}`);
    this.#dtmfSender.enqueue(digit, options.durationMs);
    return new Promise((resolve, reject) => this.#dtmfWaiters.push({ resolve, reject }));
  }

  /**
   * Stops sending, closes the socket, ends the streams. Pending `read()` and `sendDTMF()` reject with
   * `InvalidStateError` `STOPPED`; pending `drained()` resolve. Calling it again does nothing.
   * @returns when the socket is closed.
   */
  async stop(): Promise<void> {
    if (this.#state === 'STOPPED') return;
    this.#state = 'STOPPED';
    if (this.#paced) {
      const pacer = pacerFor(this.#clock);
      pacer.remove(this.#paced);
      pacer.releasePhase(this.#startTime, this.#ptime);
    }
    this.#paced = undefined;
    if (this.#rtcpTimer) this.#clock.clearTimer(this.#rtcpTimer);
    this.#rtcpTimer = undefined;
    const bye = this.#socket ? this.#sendRTCP(true) : undefined;
    const stopped = new InvalidStateError('STOPPED', 'the RTP session was stopped');
    for (const reader of this.#readers.splice(0)) {
      reader.cleanup();
      reader.reject(stopped);
    }
    for (const waiter of this.#drainWaiters) {
      waiter.cleanup();
      waiter.resolve();
    }
    this.#drainWaiters.clear();
    this.#dtmfSender.clear();
    this.#rejectDTMF(stopped);
    const callback = this.#writeCallback;
    this.#writeCallback = undefined;
    callback?.(stopped);
    this.#readable?.push(null);
    await bye;
    const socket = this.#socket;
    const rtcpSocket = this.#rtcpSocket;
    this.#socket = undefined;
    this.#rtcpSocket = undefined;
    if (socket) await closeSocket(socket);
    if (rtcpSocket) await closeSocket(rtcpSocket);
    this.#safeEmit('stopped');
  }

  // ---- sending -------------------------------------------------------------------------------------------------

  /** Sends every packet slot due by `now` (run by the clock's shared pacer); returns when the next one is due. */
  #run(now: number): number {
    this.#now = now;
    const due = Math.floor((now - this.#startTime) / this.#ptime);
    const behind = due - this.#slots;
    if (behind > this.#maxBurst) {
      const skip = behind - this.#maxBurst;
      this.#slots += skip;
      this.#timestamp = (this.#timestamp + skip * this.#samplesPerPacket) >>> 0;
      this.#stats.skipped += skip;
    }
    while (this.#slots < due) {
      this.#slots++;
      this.#sendSlot();
    }
    this.#playoutDeadline(now);
    return this.#startTime + (this.#slots + 1) * this.#ptime;
  }

  #sendSlot(): void {
    const timestamp = this.#timestamp;
    this.#timestamp = (timestamp + this.#samplesPerPacket) >>> 0;
    const sending = this.#sending();
    if (sending && this.#dtmfPayloadType !== undefined) {
      const dtmf = this.#dtmfSender.next(timestamp);
      if (dtmf) {
        serializeTelephoneEventInto(dtmf.event, this.#eventPayload, 0);
        this.#send(dtmf.marker, this.#dtmfPayloadType, dtmf.timestamp, this.#eventPayload);
        if (dtmf.last) this.#dtmfWaiters.shift()?.resolve();
        return;
      }
    }
    const taken = this.#out.take(this.#frame);
    if (sending) {
      const payload = taken > 0 ? encodeG711(this.#codec, this.#frame, this.#payload) : this.#silence;
      if (this.#send(this.#firstAudio, this.#payloadType, timestamp, payload)) this.#firstAudio = false;
    }
    if (taken > 0) {
      this.#consumed += taken;
      this.#afterConsume();
    }
  }

  #send(marker: boolean, payloadType: number, timestamp: number, payload: Uint8Array): boolean {
    const remote = this.#remote;
    const socket = this.#socket;
    if (!remote || !socket) return false;
    const packet = this.#packet;
    packet.marker = marker;
    packet.payloadType = payloadType;
    packet.sequenceNumber = this.#seq;
    packet.timestamp = timestamp;
    packet.payload = payload;
    // dgram may hold the buffer until the kernel takes it (when a send cannot complete at once), so a ring of
    // buffers is reused, not one.
    const buffer = this.#buffers[this.#bufferIndex]!;
    this.#bufferIndex = (this.#bufferIndex + 1) % SEND_BUFFERS;
    const length = serializeRTPPacketInto(packet, buffer, 0);
    // An audio packet fills its buffer: sent whole, dgram makes no view of it (one allocation less per packet).
    if (length === buffer.length) socket.send(buffer, remote.port, remote.host);
    else socket.send(buffer, 0, length, remote.port, remote.host);
    this.#seq = (this.#seq + 1) & 0xffff;
    this.#stats.packetsSent++;
    this.#stats.octetsSent += payload.length;
    this.#rtcp?.onSent(payload.length, timestamp, this.#now);
    return true;
  }

  #afterConsume(): void {
    for (const waiter of this.#drainWaiters) {
      if (this.#consumed >= waiter.target) {
        this.#drainWaiters.delete(waiter);
        waiter.cleanup();
        waiter.resolve();
      }
    }
    if (this.#writeCallback && this.queuedMs <= this.#highWaterMs) {
      const callback = this.#writeCallback;
      this.#writeCallback = undefined;
      callback();
    }
  }

  #writeBytes(chunk: Buffer, callback: (error?: Error | null) => void): void {
    if (this.#state === 'STOPPED') {
      callback(new InvalidStateError('STOPPED', 'write to the writable after stop()'));
      return;
    }
    const carry = this.#carry;
    const bytes = carry === undefined ? chunk : Buffer.concat([Buffer.of(carry), chunk]);
    const samples = bytes.length >> 1;
    this.#carry = bytes.length & 1 ? bytes[bytes.length - 1] : undefined;
    const pcm = new Int16Array(samples);
    for (let i = 0; i < samples; i++) pcm[i] = bytes.readInt16LE(2 * i);
    this.write(pcm);
    if (this.queuedMs > this.#highWaterMs) this.#writeCallback = callback;
    else callback();
  }

  #rejectDTMF(error: Error): void {
    for (const waiter of this.#dtmfWaiters.splice(0)) waiter.reject(error);
  }

  // ---- receiving -----------------------------------------------------------------------------------------------

  #onDatagram(msg: Buffer, rinfo: RemoteInfo): void {
    const remote = this.#remote;
    if (remote && (rinfo.address !== remote.host || rinfo.port !== remote.port)) {
      this.#stats.wrongSource++;
      return;
    }
    let packet: RTPPacket;
    try {
      packet = parseRTPPacket(msg);
    } catch (e) {
      if (!isRTPParseError(e)) {
        this.#emitError(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      if (e.code === 'RTCP_PACKET') this.#onRTCPDatagram(msg, rinfo);
      else this.#stats.malformed++;
      return;
    }
    if (!remote) this.#remote = { host: rinfo.address, port: rinfo.port };
    this.#stats.packetsReceived++;
    this.#rtcp?.onReceived(packet.ssrc, packet.sequenceNumber, packet.timestamp, packet.payload.length, this.#clock.now());
    if (this.#transmitType === TransmitType.INACTIVE) {
      this.#stats.ignored++;
      return;
    }
    if (packet.payloadType === this.#dtmfPayloadType) {
      const digit = this.#detector.push(packet);
      if (digit !== undefined) {
        this.#stats.dtmfReceived++;
        this.#safeEmit('dtmf', digit);
      }
      return;
    }
    if (packet.payloadType !== this.#payloadType || !this.#receivingAudio()) {
      this.#stats.ignored++;
      return;
    }
    const result = this.#jitter.push(packet.ssrc, packet.sequenceNumber, packet.payload);
    if (result === JitterPushResult.DUPLICATE) this.#stats.duplicates++;
    else if (result === JitterPushResult.LATE) this.#stats.late++;
    this.#drainJitter(false);
  }

  #onRTCPDatagram(msg: Buffer, rinfo: RemoteInfo): void {
    const remote = this.#remote;
    // RTCP may come from another port than RTP (RFC 3550 §11): the address must match, the port need not.
    if (!this.#rtcp || (remote && rinfo.address !== remote.host)) {
      this.#stats.wrongSource++;
      return;
    }
    const parsed = safeParseRTCPCompound(msg);
    if (!parsed.ok) {
      this.#stats.malformed++;
      return;
    }
    this.#stats.rtcpReceived++;
    this.#rtcp.onRTCP(parsed.packets, msg.length, this.#clock.now());
    this.#safeEmit('rtcp', parsed.packets);
  }

  readonly #rtcpTick = (): void => {
    this.#rtcpTimer = undefined;
    if (this.#state !== 'RUNNING' || !this.#rtcp) return;
    void this.#sendRTCP(false);
    this.#rtcpTimer = this.#clock.setTimer(this.#rtcp.nextIntervalMs(), this.#rtcpTick);
  };

  /** Sends a compound report (with BYE when leaving); resolves when the socket took it. */
  #sendRTCP(bye: boolean): Promise<void> | undefined {
    const rtcp = this.#rtcp;
    const remote = this.#remote;
    const socket = this.#rtcpSocket ?? this.#socket;
    if (!rtcp || !remote || !socket) return undefined;
    const bytes = serializeRTCPCompound(rtcp.buildReport(this.#clock.now(), bye));
    const port = this.#rtcpRemotePort ?? (this.#rtcpSocket ? remote.port + 1 : remote.port);
    rtcp.onReportSent(bytes.length);
    this.#stats.rtcpSent++;
    return new Promise((resolve) => {
      socket.send(bytes, port > 65535 ? remote.port : port, remote.host, (e) => {
        if (e) this.#emitError(e);
        resolve();
      });
    });
  }

  #drainJitter(force: boolean): void {
    for (let frame = this.#jitter.pop(force); frame; frame = this.#jitter.pop()) {
      if (frame.item) {
        this.#lastFrameSamples = frame.item.length;
        this.#deliver(decodeG711(this.#codec, frame.item));
      } else {
        this.#stats.lost++;
        this.#deliver(new Int16Array(this.#lastFrameSamples));
      }
    }
    this.#waitingSince = this.#jitter.size > 0 ? (this.#waitingSince ?? this.#clock.now()) : undefined;
  }

  /** A packet missing for longer than the reorder window (in time) is declared lost, so playout never stalls. */
  #playoutDeadline(now: number): void {
    const since = this.#waitingSince;
    if (since !== undefined && now - since >= (this.#options.reorderWindow ?? 3) * this.#ptime) {
      this.#waitingSince = undefined;
      this.#drainJitter(true);
    }
  }

  #deliver(frame: Int16Array): void {
    const reader = this.#readers.shift();
    if (reader) {
      reader.cleanup();
      reader.resolve(frame);
    } else if (this.#readable) {
      this.#readable.push(toBytes(frame));
    } else {
      this.#frames.push(frame);
      if (this.#frames.length > this.#readQueueFrames) {
        this.#frames.shift();
        this.#stats.dropped++;
      }
    }
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  #sending(): boolean {
    return this.#transmitType === TransmitType.SENDRECV || this.#transmitType === TransmitType.SENDONLY;
  }

  #receivingAudio(): boolean {
    return this.#transmitType === TransmitType.SENDRECV || this.#transmitType === TransmitType.RECVONLY;
  }

  #checkTransmitType(type: string): void {
    if (!Object.values(TransmitType).includes(type as TransmitType)) {
      throw new InvalidRangeError('BAD_OPTION', `transmitType must be one of ${Object.values(TransmitType).join(', ')}, got ${JSON.stringify(type)}`);
    }
  }

  /** Binds the RTP socket and, unless RTCP is off or muxed, the RTCP socket on the next port. */
  async #bind(): Promise<[Socket, Socket | undefined]> {
    const host = this.#options.localHost;
    const range = this.#options.portRange;
    const pair = this.#rtcp !== undefined && !(this.#options.rtcp && this.#options.rtcp.mux);
    if (!range) {
      const port = this.#options.localPort ?? 0;
      for (let attempt = 0; ; attempt++) {
        const socket = await bindSocket(host, port);
        if (!pair) return [socket, undefined];
        try {
          return [socket, await bindSocket(host, socket.address().port + 1)];
        } catch (e) {
          await closeSocket(socket);
          // an OS-chosen port whose neighbour is taken: try another one
          if (port !== 0 || attempt >= 20 || !isBindConflict(e)) throw e;
        }
      }
    }
    const first = range[0] + (range[0] % 2);
    const count = Math.floor((range[1] - first) / 2) + 1;
    const offset = random32() % count;
    let lastError: unknown;
    for (let i = 0; i < count; i++) {
      const port = first + 2 * ((offset + i) % count);
      let socket: Socket | undefined;
      try {
        socket = await bindSocket(host, port);
        return [socket, pair ? await bindSocket(host, port + 1) : undefined];
      } catch (e) {
        if (socket) await closeSocket(socket);
        if (!isBindConflict(e)) throw e;
        lastError = e;
      }
    }
    throw new NoPortsAvailableError(host, [range[0], range[1]], lastError);
  }

  #wait<T>(signal: AbortSignal | undefined, register: (waiter: Waiter<T>) => () => void): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise<T>((resolve, reject) => {
      let unregister: () => void = () => undefined;
      const onAbort = (): void => {
        unregister();
        reject(abortError());
      };
      const cleanup = (): void => signal?.removeEventListener('abort', onAbort);
      unregister = register({
        resolve: (value) => {
          cleanup();
          resolve(value);
        },
        reject: (error) => {
          cleanup();
          reject(error);
        },
        cleanup,
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #safeEmit<K extends keyof RTPClientEvents>(name: K, ...args: RTPClientEvents[K]): void {
    try {
      (this.emit as (n: K, ...a: RTPClientEvents[K]) => boolean)(name, ...args);
    } catch (e) {
      this.#emitError(e instanceof Error ? e : new Error(String(e)));
    }
  }

  #emitError(error: Error): void {
    if (this.listenerCount('error') === 0) return;
    try {
      this.emit('error', error);
    } catch {
      // a throwing 'error' listener has nowhere left to report to
    }
  }
}

function toBytes(frame: Int16Array): Buffer {
  return Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
}

function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.close(() => resolve()));
}

function isBindConflict(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'EADDRINUSE' || code === 'EACCES';
}

/**
 * Address lookup for the media sockets: an IP address (what SDP and {@link RTPClient.setRemote} give) is its own
 * answer, given at once. dgram's default (`dns.lookup`) answers even an IP address on the next tick, so each
 * datagram cost a deferred callback and two closures, and a burst of sends from one pacer firing left the process
 * only after it; a name is still looked up.
 */
function lookupAddress(host: string, options: number | LookupOptions, callback: (err: Error | null, address: string, family: number) => void): void {
  const family = isIP(host);
  if (family !== 0) callback(null, host, family);
  else lookup(host, typeof options === 'number' ? { family: options } : { ...options, all: false }, (err, address, fam) => callback(err, address, fam));
}

function bindSocket(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: isIP(host) === 6 ? 'udp6' : 'udp4', lookup: lookupAddress as SocketOptions['lookup'] });
    const onError = (e: Error): void => {
      socket.close();
      reject(e);
    };
    socket.once('error', onError);
    socket.bind(port, host, () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}
