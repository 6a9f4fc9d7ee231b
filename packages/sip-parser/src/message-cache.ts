import { canonicalHeaderName } from './header-names.js';
import type { SIPHeader, SIPMessage, SIPRequest, SIPResponse } from './sip-message.js';

/**
 * What is remembered about one message object: the canonical header names (parallel to `headers`) and each typed
 * value once parsed. A parsed message keeps it in a private field of its class; any other message object (built,
 * or a spread copy) under a non-enumerable symbol, or in a WeakMap when frozen. Either way it is invisible to
 * `toEqual`, spread, JSON and structuredClone, so copies start afresh. (A WeakMap for every message tripled the
 * garbage collector's work in the parse benchmark: ephemeron entries outlive young objects.)
 */
export interface MessageCache {
  names: string[];
  /** Typed values by read name (`via`, `from`, …); a plain object, as parse fills the same keys in the same order. */
  typed: Record<string, unknown>;
}

const CACHE = Symbol('@voip/sip-parser.cache');
const frozen = new WeakMap<SIPMessage, MessageCache>();

/** A parsed message's fields and, out of sight, its cache. */
abstract class CachedMessage {
  readonly #cache: MessageCache;

  constructor(cache: MessageCache) {
    this.#cache = cache;
  }

  /** The cache of `m` when it is a parsed message. */
  static cacheOf(m: object): MessageCache | undefined {
    return #cache in m ? m.#cache : undefined;
  }
}

/** A request as {@link parseSIPMessage} returns it: a {@link SIPRequest} with own enumerable fields only. */
export class ParsedRequest extends CachedMessage implements SIPRequest {
  readonly type = 'REQUEST';
  readonly method: string;
  readonly uri: string;
  readonly version = 'SIP/2.0';
  readonly headers: SIPHeader[];
  body: Uint8Array;

  constructor(method: string, uri: string, headers: SIPHeader[], body: Uint8Array, cache: MessageCache) {
    super(cache);
    this.method = method;
    this.uri = uri;
    this.headers = headers;
    this.body = body;
  }
}

/** A response as {@link parseSIPMessage} returns it: a {@link SIPResponse} with own enumerable fields only. */
export class ParsedResponse extends CachedMessage implements SIPResponse {
  readonly type = 'RESPONSE';
  readonly status: number;
  readonly reason: string;
  readonly version = 'SIP/2.0';
  readonly headers: SIPHeader[];
  body: Uint8Array;

  constructor(status: number, reason: string, headers: SIPHeader[], body: Uint8Array, cache: MessageCache) {
    super(cache);
    this.status = status;
    this.reason = reason;
    this.headers = headers;
    this.body = body;
  }
}

function lookup(m: SIPMessage): MessageCache | undefined {
  return CachedMessage.cacheOf(m) ?? (m as unknown as Record<symbol, MessageCache | undefined>)[CACHE] ?? frozen.get(m);
}

function store(m: SIPMessage, cache: MessageCache): void {
  if (Object.isExtensible(m)) Object.defineProperty(m, CACHE, { value: cache, writable: true });
  else frozen.set(m, cache);
}

/** The cache of `m`, built (header names canonicalized) on first use. */
export function cacheOf(m: SIPMessage): MessageCache {
  let cache = lookup(m);
  if (cache === undefined) {
    const headers = m.headers;
    const names = new Array<string>(headers.length);
    for (let i = 0; i < headers.length; i++) names[i] = canonicalHeaderName(headers[i]!.name);
    cache = { names, typed: {} };
    store(m, cache);
  }
  return cache;
}

/**
 * The value cached for `key` on `m`, or computes, caches and returns it.
 * @param m - the message.
 * @param key - a name for the typed read (`'via'`, `'from'`, …).
 * @param compute - parses the value; an exception passes through and nothing is cached.
 */
export function cached<T>(m: SIPMessage, key: string, compute: (m: SIPMessage) => T): T {
  const cache = cacheOf(m);
  const known = cache.typed[key];
  if (known !== undefined) return known as T;
  const value = compute(m);
  cache.typed[key] = value;
  return value;
}
