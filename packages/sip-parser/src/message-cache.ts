import { canonicalHeaderName } from './header-names.js';
import type { CSeq } from './cseq.js';
import type { NameAddr } from './name-addr.js';
import type { SIPHeader, SIPMessage, SIPRequest, SIPResponse } from './sip-message.js';
import type { SIPURI } from './uri.js';
import type { Via } from './via.js';

/**
 * What is remembered about one message object: the canonical header names (parallel to `headers`) and each typed
 * value once parsed. A parsed message holds it in a private field; a message built in code gets it on first use under
 * a non-enumerable symbol, or in a WeakMap when the message is frozen. (All of these are invisible to `toEqual`,
 * spread, JSON and structuredClone, so copies start afresh.) A WeakMap for every message tripled the garbage
 * collector's work in the parse benchmark: ephemeron entries outlive young objects.
 */
export interface MessageCache {
  /** Filled on first use ({@link cacheOf}): the parser does not need them, and many messages never need them. */
  names: string[] | undefined;
  /** The values every UA reads, in fields of their own (the parser fills them): undefined until read. */
  ruri: SIPURI | undefined;
  topVia: Via | undefined;
  from: NameAddr | undefined;
  to: NameAddr | undefined;
  cseq: CSeq | undefined;
  callId: string | undefined;
  contacts: NameAddr[] | undefined;
  /** Other typed values by read name (`via`, `route`, …), made on the first such read. */
  typed: Record<string, unknown> | undefined;
}

/** An empty cache (every field present, so all caches share one shape). */
export function newCache(): MessageCache {
  return { names: undefined, ruri: undefined, topVia: undefined, from: undefined, to: undefined, cseq: undefined, callId: undefined, contacts: undefined, typed: undefined };
}

const CACHE = Symbol('@voip/sip-parser.cache');
const frozen = new WeakMap<SIPMessage, MessageCache>();

/**
 * Base of the messages {@link parseSIPMessage} returns: holds their cache in a private field, invisible to
 * `toEqual`, spread, JSON and structuredClone (so copies start afresh), and cheaper to set than a non-enumerable
 * property (`Object.defineProperty` cost about 5% of a parse).
 */
class Parsed {
  readonly #cache: MessageCache;
  constructor(cache: MessageCache) {
    this.#cache = cache;
  }
  /** The cache of `m` when the parser made it, else undefined. */
  static cacheOf(m: object): MessageCache | undefined {
    return #cache in m ? (m as Parsed).#cache : undefined;
  }
}

/** A request as {@link parseSIPMessage} returns it: the fields of {@link SIPRequest}, in their usual order. */
class ParsedRequest extends Parsed implements SIPRequest {
  readonly type: 'REQUEST';
  readonly method: string;
  readonly uri: string;
  readonly version: string;
  readonly headers: SIPHeader[];
  body: Uint8Array;
  constructor(method: string, uri: string, headers: SIPHeader[], cache: MessageCache) {
    super(cache);
    this.type = 'REQUEST';
    this.method = method;
    this.uri = uri;
    this.version = 'SIP/2.0';
    this.headers = headers;
    this.body = EMPTY;
  }
}

/** A response as {@link parseSIPMessage} returns it; see {@link ParsedRequest}. */
class ParsedResponse extends Parsed implements SIPResponse {
  readonly type: 'RESPONSE';
  readonly status: number;
  readonly reason: string;
  readonly version: string;
  readonly headers: SIPHeader[];
  body: Uint8Array;
  constructor(status: number, reason: string, headers: SIPHeader[], cache: MessageCache) {
    super(cache);
    this.type = 'RESPONSE';
    this.status = status;
    this.reason = reason;
    this.version = 'SIP/2.0';
    this.headers = headers;
    this.body = EMPTY;
  }
}

/** A parsed request holding `cache`; `body` is filled in by the parser. */
export function parsedRequest(method: string, uri: string, headers: SIPHeader[], cache: MessageCache): SIPRequest & { body: Uint8Array } {
  return new ParsedRequest(method, uri, headers, cache);
}

/** A parsed response holding `cache`; `body` is filled in by the parser. */
export function parsedResponse(status: number, reason: string, headers: SIPHeader[], cache: MessageCache): SIPResponse & { body: Uint8Array } {
  return new ParsedResponse(status, reason, headers, cache);
}

const EMPTY = new Uint8Array(0);

function lookup(m: SIPMessage): MessageCache | undefined {
  return Parsed.cacheOf(m) ?? (m as unknown as Record<symbol, MessageCache | undefined>)[CACHE] ?? frozen.get(m);
}

function store(m: SIPMessage, cache: MessageCache): void {
  if (Object.isExtensible(m)) Object.defineProperty(m, CACHE, { value: cache, writable: true });
  else frozen.set(m, cache);
}

/** The cache of `m`, made on first use, its names maybe not yet filled. */
export function cacheFor(m: SIPMessage): MessageCache {
  let cache = lookup(m);
  if (cache === undefined) {
    cache = newCache();
    store(m, cache);
  }
  return cache;
}

/** The cache of `m` with its canonical header names, both made on first use. */
export function cacheOf(m: SIPMessage): MessageCache & { names: string[] } {
  const cache = cacheFor(m);
  if (cache.names === undefined) {
    const headers = m.headers;
    const names = new Array<string>(headers.length);
    for (let i = 0; i < headers.length; i++) names[i] = canonicalHeaderName(headers[i]!.name);
    cache.names = names;
  }
  return cache as MessageCache & { names: string[] };
}

/**
 * The value cached for `key` on `m`, or computes, caches and returns it.
 * @param m - the message.
 * @param key - a name for the typed read (`'via'`, `'from'`, …).
 * @param compute - parses the value; an exception passes through and nothing is cached.
 */
export function cached<T>(m: SIPMessage, key: string, compute: (m: SIPMessage) => T): T {
  const cache = cacheFor(m);
  const typed = (cache.typed ??= {});
  const known = typed[key];
  if (known !== undefined) return known as T;
  const value = compute(m);
  typed[key] = value;
  return value;
}
