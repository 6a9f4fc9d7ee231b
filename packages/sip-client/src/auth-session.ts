import { getAuthChallenges, serializeAuthCredentials, type SIPRequest, type SIPResponse } from '@voip/sip-parser';
import type { CredentialsManager } from './credentials.js';
import { authorizationFor } from './digest.js';
import type { InvalidAccountInfoErrorCode } from './errors.js';

/** The outcome of {@link DigestSession.answer}: headers to add to the retry, or why there is no retry. */
export type DigestAnswer =
  | { readonly ok: true; readonly headers: readonly (readonly [string, string])[] }
  | { readonly ok: false; readonly code: InvalidAccountInfoErrorCode; readonly detail: string };

/**
 * Answers the 401/407 challenges of one request series (a REGISTER, an INVITE, a MESSAGE, and their retries).
 * Each realm is answered once; a second challenge for a realm already answered means the credentials were
 * rejected, unless it says `stale=true` (a fresh nonce for the same credentials).
 * @see RFC 3261 §22.2, §22.3; RFC 7616 §3.3 (stale)
 */
export class DigestSession {
  readonly #answered = new Set<string>();
  readonly #nonceCounts = new Map<string, number>();

  /**
   * @param credentials - where passwords come from
   * @param user - the local user the credentials belong to
   */
  constructor(private readonly credentials: CredentialsManager | undefined, private readonly user?: string) {}

  /**
   * The Authorization (for 401) or Proxy-Authorization (for 407) headers that answer `response`'s challenges for
   * the retried `request` (whose method, Request-URI and body are signed).
   * @param response - the 401 or 407
   * @param request - the request to retry, as it will be sent (without the new auth headers)
   * @returns the headers, or the reason not to retry
   */
  answer(response: SIPResponse, request: SIPRequest): DigestAnswer {
    const proxy = response.status === 407;
    const challenges = getAuthChallenges(response, proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate').filter(
      (c) => c.scheme.toLowerCase() === 'digest',
    );
    if (challenges.length === 0) return { ok: false, code: 'NO_CREDENTIALS', detail: `the ${response.status} carries no Digest challenge` };
    const headers: [string, string][] = [];
    for (const challenge of challenges) {
      const creds = this.credentials?.get(challenge.realm, this.user);
      if (!creds) {
        return { ok: false, code: 'NO_CREDENTIALS', detail: `no credentials for realm ${JSON.stringify(challenge.realm)}; add them to the CredentialsManager` };
      }
      const realmKey = `${proxy ? 'proxy' : 'www'}:${challenge.realm}`;
      if (this.#answered.has(realmKey) && !challenge.stale) {
        return { ok: false, code: 'CREDENTIALS_REJECTED', detail: `the credentials for realm ${JSON.stringify(challenge.realm)} were rejected (${response.status} again)` };
      }
      this.#answered.add(realmKey);
      const nc = (this.#nonceCounts.get(challenge.nonce) ?? 0) + 1;
      this.#nonceCounts.set(challenge.nonce, nc);
      headers.push([proxy ? 'Proxy-Authorization' : 'Authorization', serializeAuthCredentials(authorizationFor(challenge, request, creds, nc))]);
    }
    return { ok: true, headers };
  }
}
