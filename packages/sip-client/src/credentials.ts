/** One username/password pair, as {@link CredentialsManager.get} returns it. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** Where a credential applies, for {@link CredentialsManager.add}. */
export interface CredentialsScope {
  /** The digest realm; `'*'` (default) matches any realm. */
  readonly realm?: string;
  /** The local user (AOR user part) it belongs to; absent matches any user. */
  readonly user?: string;
}

/**
 * The usernames and passwords a client may answer digest challenges with, looked up by realm and local user.
 * The most specific entry wins: realm and user, then realm, then any realm with the user, then any realm.
 * @example
 * const creds = new CredentialsManager();
 * creds.add('alice', 's3cr3t', { realm: 'asterisk' });
 * creds.get('asterisk'); // { username: 'alice', password: 's3cr3t' }
 * @see RFC 3261 §22.1
 */
export class CredentialsManager {
  readonly #entries = new Map<string, Credentials>();

  /**
   * Stores credentials; a later call for the same realm and user replaces the earlier one.
   * @param username - the authentication username
   * @param password - the password
   * @param scope - realm (default any) and local user (default any)
   */
  add(username: string, password: string, scope: CredentialsScope = {}): void {
    this.#entries.set(key(scope.realm ?? '*', scope.user), { username, password });
  }

  /**
   * The credentials for a challenge's realm, for a local user.
   * @param realm - the realm of the challenge
   * @param user - the local user, when known
   * @returns the best match, or `undefined`
   */
  get(realm: string, user?: string): Credentials | undefined {
    return (
      (user !== undefined ? this.#entries.get(key(realm, user)) : undefined) ??
      this.#entries.get(key(realm, undefined)) ??
      (user !== undefined ? this.#entries.get(key('*', user)) : undefined) ??
      this.#entries.get(key('*', undefined))
    );
  }
}

const key = (realm: string, user: string | undefined): string => `${realm}\u0000${user ?? '\u0001'}`;
