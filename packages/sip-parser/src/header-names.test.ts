import { describe, expect, it } from 'vitest';
import { codesOf } from './chars.js';
import { canonicalHeaderName, HeaderId, typedHeaderId } from './header-names.js';

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

describe('typedHeaderId', () => {
  const id = (name: string) => typedHeaderId(codesOf(`x${name}:`), 1, name.length + 1);
  it('recognises the validated headers in any case and their compact forms', () => {
    expect(['Via', 'VIA', 'v', 'V'].map(id)).toEqual([HeaderId.VIA, HeaderId.VIA, HeaderId.VIA, HeaderId.VIA]);
    expect(['From', 'f', 'To', 't', 'Call-ID', 'call-id', 'i', 'CSeq', 'cseq', 'Content-Length', 'l'].map(id)).toEqual([
      HeaderId.FROM, HeaderId.FROM, HeaderId.TO, HeaderId.TO, HeaderId.CALL_ID, HeaderId.CALL_ID, HeaderId.CALL_ID,
      HeaderId.CSEQ, HeaderId.CSEQ, HeaderId.CONTENT_LENGTH, HeaderId.CONTENT_LENGTH,
    ]);
  });

  it('gives -1 for every other name, near misses included', () => {
    // Contact is read when asked for (getContacts), not validated by the parser
    expect(['Vía', 'Vi', 'Froms', 'Call_ID', 'Contact', 'm', 'Content-Type', 'Expires', 'x', 'Tp', 'CSeqq', 'C%6Fntact'].map(id)).toEqual(new Array(12).fill(-1));
  });
});
