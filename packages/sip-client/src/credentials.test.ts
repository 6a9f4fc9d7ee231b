import { describe, expect, it } from 'vitest';
import { CredentialsManager } from './credentials.js';

describe('CredentialsManager', () => {
  it('returns nothing when empty or when no entry fits', () => {
    const m = new CredentialsManager();
    expect(m.get('asterisk')).toBeUndefined();
    m.add('bob', 'pw', { realm: 'other' });
    expect(m.get('asterisk', 'bob')).toBeUndefined();
  });

  it('prefers realm+user, then realm, then any realm with user, then any realm', () => {
    const m = new CredentialsManager();
    m.add('any', '1');
    m.add('any-alice', '2', { user: 'alice' });
    m.add('realm', '3', { realm: 'pbx' });
    m.add('realm-alice', '4', { realm: 'pbx', user: 'alice' });
    expect(m.get('pbx', 'alice')?.username).toBe('realm-alice');
    expect(m.get('pbx', 'bob')?.username).toBe('realm');
    expect(m.get('pbx')?.username).toBe('realm');
    expect(m.get('elsewhere', 'alice')?.username).toBe('any-alice');
    expect(m.get('elsewhere', 'bob')).toEqual({ username: 'any', password: '1' });
  });

  it('replaces an entry for the same realm and user', () => {
    const m = new CredentialsManager();
    m.add('alice', 'old', { realm: 'pbx' });
    m.add('alice', 'new', { realm: 'pbx' });
    expect(m.get('pbx')).toEqual({ username: 'alice', password: 'new' });
  });
});
