import { describe, expect, it } from 'vitest';
import { canonicalHeaderName } from './header-names.js';

describe('canonicalHeaderName', () => {
  it('lower-cases and expands every compact form', () => {
    const pairs = { i: 'call-id', m: 'contact', f: 'from', t: 'to', v: 'via', l: 'content-length', c: 'content-type', k: 'supported', s: 'subject', e: 'content-encoding', o: 'event', u: 'allow-events', r: 'refer-to', b: 'referred-by', x: 'session-expires', y: 'identity' };
    for (const [short, long] of Object.entries(pairs)) {
      expect(canonicalHeaderName(short)).toBe(long);
      expect(canonicalHeaderName(short.toUpperCase())).toBe(long);
    }
    expect([canonicalHeaderName('MaX-fOrWaRdS'), canonicalHeaderName('q'), canonicalHeaderName('C%6Fntact')]).toEqual(['max-forwards', 'q', 'c%6fntact']);
  });
});
