import { isTokenChar } from './chars.js';
import { SIPParseError, type SIPParseErrorCode } from './errors.js';
import { SIP_PARSE_DEFAULTS, safeParseSIPMessage, type SIPParseOptions } from './parse-message.js';
import type { SIPMessage } from './sip-message.js';

/** Limits for {@link SIPStreamFramer}: those of {@link SIPParseOptions}, the framing being fixed to `'stream'`. */
export type SIPStreamFramerOptions = Omit<SIPParseOptions, 'framing'>;

/**
 * What {@link SIPStreamFramer.push} found in the bytes, in stream order.
 *
 * - `message`: one whole message, parsed.
 * - `invalid`: one whole message was framed (its Content-Length known and its bytes all there) but does not parse:
 *   the stream is still in step, so answer 400 from `error.partial` when it is set and carry on.
 * - `fatal`: the stream cannot be framed any further (no Content-Length, a message over the size limit, bytes that
 *   do not start a message, as after a body longer than announced): close the connection. It is the last event.
 * - `ping`: a double-CRLF keep-alive (RFC 5626 §4.4.1): answer it with one CRLF (a pong).
 * - `pong`: a single CRLF keep-alive, the answer to a ping this side sent.
 * @see RFC 5626 §4.4.1, §3.5.1
 */
export type SIPStreamEvent =
  | { readonly kind: 'message'; readonly message: SIPMessage }
  | { readonly kind: 'invalid'; readonly error: SIPParseError }
  | { readonly kind: 'fatal'; readonly error: SIPParseError }
  | { readonly kind: 'ping' }
  | { readonly kind: 'pong' };

const CR = 0x0d;
const LF = 0x0a;
const PING: SIPStreamEvent = Object.freeze({ kind: 'ping' });
const PONG: SIPStreamEvent = Object.freeze({ kind: 'pong' });

/**
 * Cuts a TCP or TLS byte stream into SIP messages. Sans-IO: feed it every chunk the socket delivers, in any
 * chunking, and act on the events it returns.
 *
 * Between messages it skips CRLF keep-alives, reporting a double CRLF as `ping` and a single one as `pong`. A ping
 * split between two chunks right after its first CRLF is reported as `pong` then `ping`. A message needs a
 * Content-Length (RFC 3261 §18.3); its header section ends at the first empty line (CRLF CRLF, or LF LF from
 * LF-only senders). Each message is parsed with {@link parseSIPMessage} (`framing: 'stream'`) and the framer's
 * limits. Once a `fatal` event was returned the framer refuses input: `push` returns `[]`.
 *
 * A message lying inside one pushed chunk is parsed in place, so its `body` is a view of that chunk: do not
 * overwrite chunks after pushing them (Node's sockets never do). Messages spanning chunks are copied once.
 *
 * @example
 * const framer = new SIPStreamFramer();
 * socket.on('data', (chunk: Buffer) => {
 *   for (const ev of framer.push(chunk)) {
 *     if (ev.kind === 'message') handle(ev.message);
 *     else if (ev.kind === 'ping') socket.write('\r\n');
 *     else if (ev.kind === 'invalid') answer400(ev.error.partial);
 *     else if (ev.kind === 'fatal') socket.destroy();
 *   }
 * });
 * @see RFC 3261 §18.3 (framing on stream transports), RFC 5626 §4.4.1 (CRLF keep-alives)
 */
export class SIPStreamFramer {
  private readonly maxBytes: number;
  private readonly parseOptions: SIPParseOptions;
  /** Bytes kept from earlier chunks: the start of an unfinished message (or line ends), at `[0, kept)`. */
  private acc: Buffer = Buffer.alloc(0);
  private kept = 0;
  /** Whether the bytes at the start of `acc` (or the next chunk) belong to a message, rather than line ends. */
  private inMessage = false;
  /** Line feeds seen since the last message, and whether a single one was already reported as a pong. */
  private lineEnds = 0;
  private pongSent = false;
  /** Per message, relative to its first byte: where to resume looking for the header end, the header length, the total. */
  private scanned = 0;
  private startLineChecked = false;
  private headLength = -1;
  private totalLength = -1;
  private failure: SIPParseError | undefined;

  /**
   * @param options - limits applied to every message (defaults of {@link SIP_PARSE_DEFAULTS}: 64 KiB, 256 headers,
   *   16 384-character lines).
   */
  constructor(options: SIPStreamFramerOptions = {}) {
    this.maxBytes = options.maxMessageBytes ?? SIP_PARSE_DEFAULTS.maxMessageBytes;
    this.parseOptions = { ...options, framing: 'stream' };
  }

  /** The error that stopped the framer, once a `fatal` event was returned. */
  get error(): SIPParseError | undefined {
    return this.failure;
  }

  /** Whether the framer refuses input after a `fatal` event (close the connection). */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Bytes held for an unfinished message: non-zero when the connection closes mid-message. */
  get bufferedBytes(): number {
    return this.kept;
  }

  /**
   * Takes the next chunk of the stream.
   * @param chunk - bytes as received, any size (empty is fine).
   * @returns what the chunk completed, in order: messages, invalid messages, keep-alives, at most one `fatal` (last).
   *   `[]` after a `fatal` event.
   */
  push(chunk: Uint8Array): SIPStreamEvent[] {
    const events: SIPStreamEvent[] = [];
    if (this.failure !== undefined || chunk.length === 0) return events;
    const input = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.kept === 0) {
      const used = this.drain(input, input.length, false, events);
      if (this.failure === undefined && used < input.length) this.keep(input, used, input.length);
      return events;
    }
    this.append(input);
    const used = this.drain(this.acc, this.kept, true, events);
    if (this.failure !== undefined) this.kept = 0;
    else if (used > 0) {
      this.acc.copyWithin(0, used, this.kept);
      this.kept -= used;
    }
    return events;
  }

  private keep(src: Buffer, from: number, to: number): void {
    const n = to - from;
    if (this.acc.length < n) this.acc = Buffer.allocUnsafe(Math.max(n, 1024));
    src.copy(this.acc, 0, from, to);
    this.kept = n;
  }

  private append(src: Buffer): void {
    const need = this.kept + src.length;
    if (this.acc.length < need) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.acc.length * 2));
      this.acc.copy(grown, 0, 0, this.kept);
      this.acc = grown;
    }
    src.copy(this.acc, this.kept);
    this.kept = need;
  }

  /** Frames what it can of `buf[0, end)`; returns the bytes consumed. `owned`: `buf` is reused, copy messages out. */
  private drain(buf: Buffer, end: number, owned: boolean, events: SIPStreamEvent[]): number {
    let i = 0;
    while (i < end) {
      if (!this.inMessage) {
        const c = buf[i]!;
        if (c === LF || c === CR) {
          if (c === LF && ++this.lineEnds === 2) {
            events.push(PING);
            this.lineEnds = 0;
            this.pongSent = false;
          }
          i++;
          continue;
        }
        if (this.lineEnds === 1 && !this.pongSent) events.push(PONG);
        this.lineEnds = 0;
        this.pongSent = false;
        this.startMessage();
      }
      const done = this.frame(buf, i, end);
      if (done < 0) {
        if (this.failure !== undefined) events.push({ kind: 'fatal', error: this.failure });
        return i;
      }
      const bytes = owned ? Buffer.from(buf.subarray(i, done)) : buf.subarray(i, done);
      const result = safeParseSIPMessage(bytes, this.parseOptions);
      events.push(result.ok ? { kind: 'message', message: result.message } : { kind: 'invalid', error: result.error });
      this.inMessage = false;
      i = done;
    }
    if (!this.inMessage && this.lineEnds === 1 && !this.pongSent) {
      events.push(PONG);
      this.pongSent = true;
    }
    return end;
  }

  private startMessage(): void {
    this.inMessage = true;
    this.scanned = 0;
    this.startLineChecked = false;
    this.headLength = -1;
    this.totalLength = -1;
  }

  /** The end offset of the message starting at `start` once all its bytes are in `buf[.., end)`, else -1. */
  private frame(buf: Buffer, start: number, end: number): number {
    if (this.headLength < 0) {
      let p = start + this.scanned;
      for (;;) {
        const lf = buf.indexOf(LF, p);
        if (lf === -1 || lf >= end) {
          this.scanned = end - start;
          break;
        }
        if (!this.startLineChecked) {
          if (!looksLikeStartLine(buf, start, lf)) {
            return this.fail('BAD_START_LINE', buf, start, end, 'the bytes after the previous message do not start a SIP message (was its body longer than its Content-Length?)');
          }
          this.startLineChecked = true;
        }
        if (lf + 1 >= end || (buf[lf + 1] === CR && lf + 2 >= end)) {
          this.scanned = lf - start;
          break;
        }
        if (buf[lf + 1] === LF) {
          this.headLength = lf + 2 - start;
          break;
        }
        if (buf[lf + 1] === CR && buf[lf + 2] === LF) {
          this.headLength = lf + 3 - start;
          break;
        }
        p = lf + 1;
      }
      if (this.headLength < 0) {
        if (end - start > this.maxBytes) return this.tooLarge(buf, start, end, end - start);
        return -1;
      }
      const length = contentLength(buf.toString('latin1', start, start + this.headLength));
      if (length === undefined) return this.fail('MISSING_HEADER', buf, start, end, 'a message on a stream transport needs a Content-Length header');
      if (length < 0) return this.fail('BAD_CONTENT_LENGTH', buf, start, end, 'the Content-Length is not one decimal number');
      this.totalLength = this.headLength + length;
      if (this.totalLength > this.maxBytes) return this.tooLarge(buf, start, end, this.totalLength);
    }
    return end - start >= this.totalLength ? start + this.totalLength : -1;
  }

  private tooLarge(buf: Buffer, start: number, end: number, actual: number): number {
    const detail = `message of ${actual} bytes or more is over the limit of ${this.maxBytes}`;
    this.failure = new SIPParseError('MESSAGE_TOO_LARGE', this.maxBytes, detail, buf.subarray(start, end), { limit: this.maxBytes, actual });
    return -1;
  }

  private fail(code: SIPParseErrorCode, buf: Buffer, start: number, end: number, detail: string): number {
    this.failure = new SIPParseError(code, 0, detail, buf.subarray(start, Math.min(end, start + 256)));
    return -1;
  }
}

/** Whether `buf[at, at + 4)` is `SIP/`, any case. */
function isSIPSlash(buf: Buffer, at: number): boolean {
  return (buf[at]! | 0x20) === 0x73 && (buf[at + 1]! | 0x20) === 0x69 && (buf[at + 2]! | 0x20) === 0x70 && buf[at + 3] === 0x2f;
}

/** Whether `buf[start, lf)` reads as `SIP/… ` or as `METHOD SP … SP SIP/…` (RFC 3261 §7.1, §7.2). */
function looksLikeStartLine(buf: Buffer, start: number, lf: number): boolean {
  if (lf - start >= 4 && isSIPSlash(buf, start)) return true;
  let i = start;
  while (i < lf && isTokenChar(buf[i]!)) i++;
  if (i === start || i >= lf || buf[i] !== 0x20) return false;
  const lastSpace = buf.lastIndexOf(0x20, lf - 1);
  return lastSpace > i && lf - lastSpace > 4 && isSIPSlash(buf, lastSpace + 1);
}

/**
 * The Content-Length of a header section (long or compact name, any case): undefined when absent, -1 when not one
 * decimal number or when two fields disagree.
 */
function contentLength(head: string): number | undefined {
  let found: number | undefined;
  let pos = head.indexOf('\n') + 1;
  while (pos > 0 && pos < head.length) {
    const nl = head.indexOf('\n', pos);
    const lineEnd = nl === -1 ? head.length : nl;
    const colon = head.indexOf(':', pos);
    if (colon !== -1 && colon < lineEnd) {
      const name = head.slice(pos, colon).trim().toLowerCase();
      if (name === 'content-length' || name === 'l') {
        const value = head.slice(colon + 1, lineEnd).trim();
        let n = 0;
        for (let k = 0; k < value.length; k++) {
          const c = value.charCodeAt(k);
          if (c < 0x30 || c > 0x39) return -1;
          n = Math.min(n * 10 + (c - 0x30), Number.MAX_SAFE_INTEGER / 10);
        }
        if (value.length === 0 || (found !== undefined && found !== n)) return -1;
        found = n;
      }
    }
    pos = lineEnd + 1;
  }
  return found;
}
