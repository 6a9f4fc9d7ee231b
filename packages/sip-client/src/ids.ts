import { randomBytes } from 'node:crypto';

/**
 * The magic cookie every RFC 3261 branch starts with.
 * @see RFC 3261 §8.1.1.7
 */
export const BRANCH_COOKIE = 'z9hG4bK';

/**
 * A fresh Via branch: the RFC 3261 magic cookie and 64 random bits.
 * @returns e.g. `z9hG4bK5f1c0a2e9d3b4c7a`
 * @see RFC 3261 §8.1.1.7
 */
export function newBranch(): string {
  return BRANCH_COOKIE + randomBytes(8).toString('hex');
}

/**
 * A fresh From/To tag with 64 random bits.
 * @see RFC 3261 §19.3
 */
export function newTag(): string {
  return randomBytes(8).toString('hex');
}

/**
 * A fresh Call-ID with 128 random bits, optionally `@host`.
 * @param host - appended after `@` when given
 * @see RFC 3261 §8.1.1.4
 */
export function newCallId(host?: string): string {
  const id = randomBytes(16).toString('hex');
  return host ? `${id}@${host}` : id;
}

/**
 * A fresh client nonce for digest authentication.
 * @see RFC 7616 §3.4
 */
export function newCnonce(): string {
  return randomBytes(12).toString('hex');
}
