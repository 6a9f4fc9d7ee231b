import { canonicalHeaderName } from './header-names.js';
import type { SIPMessage } from './sip-message.js';

/**
 * What is remembered about one message object: the canonical header names (parallel to `headers`) and each typed
 * value once parsed. It hangs off the message under a non-enumerable symbol (invisible to `toEqual`, spread, JSON
 * and structuredClone, so copies start afresh), or in a WeakMap when the message is frozen. A WeakMap for every
 * message tripled the garbage collector's work in the parse benchmark (ephemeron entries outlive young objects).
 */
export interface MessageCache {
  names: string[];
  /** Typed values by read name (`via`, `from`, …); a plain object, as parse fills the same keys in the same order. */
  typed: Record<string, unknown>;
}

const CACHE = Symbol('@voip/sip-parser.cache');
const frozen = new WeakMap<SIPMessage, MessageCache>();

function lookup(m: SIPMessage): MessageCache | undefined {
  return (m as unknown as Record<symbol, MessageCache | undefined>)[CACHE] ?? frozen.get(m);
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

/** Stores a cache for `m` whose canonical names the parser already computed. */
export function seedCache(m: SIPMessage, names: string[]): MessageCache {
  const cache: MessageCache = { names, typed: {} };
  store(m, cache);
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
