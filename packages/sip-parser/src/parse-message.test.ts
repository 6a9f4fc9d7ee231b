import { describe, expect, it } from 'vitest';
import { SIPParseError } from './errors.js';
import { parseAuthChallenges } from './auth.js';
import { parseCSeq } from './cseq.js';
import { getHeader, getHeaderList, splitHeaderList } from './headers.js';
import { parseNameAddr } from './name-addr.js';
import { parseURI } from './uri.js';
import { parseVia } from './via.js';
import { parseSIPMessage, safeParseSIPMessage, SIP_PARSE_DEFAULTS } from './parse-message.js';
import type { SIPRequest, SIPResponse } from './sip-message.js';
import { getContacts, getCSeq, getFrom, getTopVia } from './typed-headers.js';

const HEAD = [
  'Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds',
  'From: <sip:alice@atlanta.com>;tag=1928301774',
  'To: <sip:bob@biloxi.com>',
  'Call-ID: a84b4c76e66710',
  'CSeq: 314159 INVITE',
];
const request = (extra: string[] = [], body = '', eol = '\r\n') => ['INVITE sip:bob@biloxi.com SIP/2.0', ...HEAD, ...extra, '', body].join(eol);

function failure(input: Uint8Array | string, options?: Parameters<typeof parseSIPMessage>[1]): SIPParseError {
  const r = safeParseSIPMessage(input, options);
  if (r.ok) throw new Error('expected a parse error');
  return r.error;
}

describe('parseSIPMessage', () => {
  it('reads a request: start line, headers in order, body by Content-Length', () => {
    const m = parseSIPMessage(request(['Content-Length: 4'], 'abcdEXTRA')) as SIPRequest;
    expect([m.type, m.method, m.uri, m.version]).toEqual(['REQUEST', 'INVITE', 'sip:bob@biloxi.com', 'SIP/2.0']);
    expect(m.headers.map((h) => h.name)).toEqual(['Via', 'From', 'To', 'Call-ID', 'CSeq', 'Content-Length']);
    expect(Buffer.from(m.body).toString()).toBe('abcd');
    expect(Object.getPrototypeOf(m.body)).toBe(Uint8Array.prototype);
  });

  it('reads a response with an unknown code and a reason with spaces', () => {
    const m = parseSIPMessage(`SIP/2.0 418 I'm  a teapot\r\n${HEAD.join('\r\n')}\r\n\r\n`) as SIPResponse;
    expect([m.type, m.status, m.reason]).toEqual(['RESPONSE', 418, "I'm  a teapot"]);
  });

  it('takes the rest of a datagram as body when Content-Length is missing', () => {
    expect(Buffer.from(parseSIPMessage(request([], 'v=0\r\n')).body).toString()).toBe('v=0\r\n');
  });

  it('tolerates LF-only line ends, leading CRLFs, no space after the colon, folding, compact names', () => {
    const text = '\r\n\r\nINVITE sip:b@h SIP/2.0\nv:SIP/2.0/UDP h;branch=z9hG4bK1\nf: <sip:a@h>\n ;tag=1\nt:<sip:b@h>\ni:x\nCSeq:\t1\n\tINVITE\nl:2\n\nok';
    const m = parseSIPMessage(text);
    expect(getFrom(m).params.tag).toBe('1');
    expect(getCSeq(m)).toEqual({ seq: 1, method: 'INVITE' });
    expect(getHeader(m, 'From')).toBe('<sip:a@h> ;tag=1');
    expect(Buffer.from(m.body).toString()).toBe('ok');
  });

  it('ends the header section at the first blank line of either kind, whatever the body holds', () => {
    const lf = parseSIPMessage(request(['Content-Length: 6'], 'a\r\n\r\nbc', '\n'));
    expect(Buffer.from(lf.body).toString()).toBe('a\r\n\r\nb');
    const crlf = parseSIPMessage(request(['Content-Length: 5'], 'x\n\ny\n'));
    expect(Buffer.from(crlf.body).toString()).toBe('x\n\ny\n');
  });

  it('reads the same message whether it is decoded whole, only its headers (non-ASCII body), or is large', () => {
    const sdp = 'v=0\r\ns=café\r\n';
    const m = parseSIPMessage(request([`Content-Length: ${Buffer.byteLength(sdp)}`, 'Subject: ☕'], sdp));
    expect([Buffer.from(m.body).toString(), getHeader(m, 'Subject'), getFrom(m).params.tag]).toEqual([sdp, '☕', '1928301774']);
    const binary = Buffer.concat([Buffer.from(request(['Content-Length: 3'])), Buffer.from([0xff, 0xfe, 0x00])]);
    expect(Array.from(parseSIPMessage(binary).body)).toEqual([0xff, 0xfe, 0x00]);
    const big = 'x'.repeat(6000);
    const large = parseSIPMessage(request([`X-Big: ${big}`, 'Content-Length: 2'], 'ok'));
    expect([getHeader(large, 'X-Big')?.length, Buffer.from(large.body).toString(), getCSeq(large).seq]).toEqual([6000, 'ok', 314159]);
  });

  it('reads folded validated headers from their unfolded value and reports errors inside them', () => {
    const m = parseSIPMessage(request().replace('From: <sip:alice@atlanta.com>;tag=1928301774', 'From: <sip:alice@atlanta.com>\r\n ;tag=77'));
    expect(getFrom(m).params.tag).toBe('77');
    const text = request().replace('Via: SIP/2.0/UDP pc33.atlanta.com', 'Via: SIP/2.0/UDP\r\n pc33.atlanta.com:99999');
    const e = failure(text);
    expect(e.code).toBe('BAD_VIA');
    expect(e.offset).toBeGreaterThan(text.indexOf('Via'));
  });

  it('points at the whitespace in a Call-ID', () => {
    const text = request().replace('Call-ID: a84b4c76e66710', 'Call-ID: a84b\t4c76');
    expect(failure(text).offset).toBe(text.indexOf('\t'));
  });

  it('returns plain data with the values read at parse cached behind it', () => {
    const m = parseSIPMessage(request(['Contact: <sip:a@h>', 'Content-Length: 0']));
    expect(Object.keys(m)).toEqual(['type', 'method', 'uri', 'version', 'headers', 'body']);
    expect(getFrom(m)).toBe(getFrom(m));
    expect(getTopVia(m)).toBe(getTopVia(m));
    expect(JSON.parse(JSON.stringify({ ...m, body: undefined }))).toEqual({ type: 'REQUEST', method: 'INVITE', uri: 'sip:bob@biloxi.com', version: 'SIP/2.0', headers: m.headers });
  });

  it('accepts a datagram whose header section is not closed by a blank line', () => {
    const m = parseSIPMessage(request().replace(/\r\n\r\n$/, '\r\n'));
    expect(m.headers).toHaveLength(5);
    expect(failure(request().replace(/\r\n\r\n$/, '\r\n'), { framing: 'stream' }).code).toBe('INCOMPLETE');
  });

  it('requires Content-Length on a stream', () => {
    const e = failure(request(), { framing: 'stream' });
    expect([e.code, e.partial?.type]).toEqual(['MISSING_HEADER', 'REQUEST']);
    expect(parseSIPMessage(request(['Content-Length: 0']), { framing: 'stream' }).type).toBe('REQUEST');
  });

  it('keeps repeated and unknown headers verbatim and in order', () => {
    const m = parseSIPMessage(request(['X-A: 1', 'Route: <sip:p1;lr>', 'X-A: ;;,"', 'Route: <sip:p2;lr>']));
    expect(m.headers.slice(5)).toEqual([
      { name: 'X-A', value: '1' },
      { name: 'Route', value: '<sip:p1;lr>' },
      { name: 'X-A', value: ';;,"' },
      { name: 'Route', value: '<sip:p2;lr>' },
    ]);
    expect(getHeaderList(m, 'route')).toEqual(['<sip:p1;lr>', '<sip:p2;lr>']);
  });

  it('decodes header text as UTF-8 and reports byte offsets', () => {
    const m = parseSIPMessage(request(['Subject: café ☕']));
    expect(getHeader(m, 'Subject')).toBe('café ☕');
    const bytes = Buffer.from(`INVITE sip:b@h SIP/2.0\r\nSubject: é\r\nbad line\r\n\r\n`);
    expect(failure(bytes).offset).toBe(bytes.indexOf('bad line'));
  });

  it('reads the typed fields alike whatever characters the message holds (its bytes, Latin-1 or wider text)', () => {
    const expected = (name: string) => ({ displayName: name, uri: { scheme: 'sip', user: 'alice', host: 'atlanta.com', params: {}, headers: {} }, params: { tag: '9' } });
    const withFrom = (from: string) => request([]).replace('From: <sip:alice@atlanta.com>;tag=1928301774', `From: ${from}`);
    // ASCII: the bytes are scanned; é: text of one byte per character; 日本: 16-bit characters
    for (const name of ['Ann', 'José', '日本']) {
      const m = parseSIPMessage(withFrom(`"${name}" <sip:alice@atlanta.com>;tag=9`));
      expect([getFrom(m), getTopVia(m).params.branch, getCSeq(m).seq]).toEqual([expected(name), 'z9hG4bK776asdhds', 314159]);
    }
    // A byte that is not UTF-8 becomes U+FFFD: one character for one byte, still outside every ASCII class.
    const bytes = Buffer.from(withFrom('"A#" <sip:alice@atlanta.com>;tag=9'));
    bytes[bytes.indexOf('#')] = 0xff;
    expect(getFrom(parseSIPMessage(bytes))).toEqual(expected('A\ufffd'));
    const folded = parseSIPMessage(withFrom('"日本"\r\n <sip:alice@atlanta.com>\r\n ;tag=9'));
    expect(getFrom(folded)).toEqual(expected('日本'));
  });

  it.each([
    ['', 'EMPTY'],
    ['\r\n\r\n', 'EMPTY'],
    ['INVITE sip:b@h\r\n\r\n', 'BAD_START_LINE'],
    ['INVITE sip:b@h SIP/3.0\r\n\r\n', 'BAD_VERSION'],
    ['INV:TE sip:b@h SIP/2.0\r\n\r\n', 'BAD_START_LINE'],
    ['SIP/2.0 99 Low\r\n\r\n', 'BAD_STATUS'],
    ['SIP/2.0 2000 OK\r\n\r\n', 'BAD_STATUS'],
    ['SIP/2.0 700 X\r\n\r\n', 'BAD_STATUS'],
    ['SIP/2.0 20x OK\r\n\r\n', 'BAD_STATUS'],
    ['HTTP/1.1 200 OK\r\n\r\n', 'BAD_START_LINE'],
  ])('refuses %j with %s (no partial: the start line is unreadable)', (text, code) => {
    const e = failure(text);
    expect([e.code, e.partial]).toEqual([code, undefined]);
  });

  it.each([
    [request([' folded-first']).replace('INVITE sip:bob@biloxi.com SIP/2.0\r\n', 'INVITE sip:bob@biloxi.com SIP/2.0\r\n folded\r\n'), 'BAD_HEADER'],
    [request(['NoColon']), 'BAD_HEADER'],
    [request(['Bad Name: x']), 'BAD_HEADER'],
    [request([': x']), 'BAD_HEADER'],
    [request(['Content-Length: 12'], 'short'), 'BODY_TOO_SHORT'],
    [request(['Content-Length: -1']), 'BAD_CONTENT_LENGTH'],
    [request(['Content-Length: 1', 'l: 2'], 'xx'), 'BAD_CONTENT_LENGTH'],
    [request(['Call-ID: again']), 'DUPLICATE_HEADER'],
    [request(['f: <sip:x@h>']), 'DUPLICATE_HEADER'],
    [request().replace('CSeq: 314159 INVITE', 'CSeq: 1 BYE'), 'CSEQ_MISMATCH'],
    [request().replace('Call-ID: a84b4c76e66710', 'Call-ID: a b'), 'BAD_HEADER'],
    [request().replace(/Via: [^\r]*\r\n/, ''), 'MISSING_HEADER'],
    [request().replace(/To: [^\r]*\r\n/, ''), 'MISSING_HEADER'],
    [request().replace('sip:bob@biloxi.com SIP', '<sip:bob@biloxi.com> SIP'), 'BAD_URI'],
  ])('refuses invalid message %# with %s and keeps the partial message', (text, code) => {
    const e = failure(text);
    expect(e.code).toBe(code);
    if (code !== 'BAD_HEADER' || e.partial) expect(e.partial?.type ?? 'REQUEST').toBe('REQUEST');
  });

  it('a bad field reports the header and its byte position', () => {
    const text = request().replace(/From: [^\r]*/, 'From: <sip:a@h;;x>;tag=1');
    const e = failure(text);
    expect(e.code).toBe('BAD_URI');
    expect(e.message).toMatch(/^From: /);
    expect(e.offset).toBeGreaterThan(text.indexOf('From'));
    expect(getTopVia(e.partial!).params.branch).toBe('z9hG4bK776asdhds');
  });

  it('reads Contact only when asked: a malformed one parses, and getContacts throws a typed error for the 400', () => {
    for (const contact of ['Contact: <sip:a@h;;x>', 'Contact: *, <sip:a@h>', 'm: <sip:a@h']) {
      const m = parseSIPMessage(request([contact]));
      expect(() => getContacts(m), contact).toThrow(SIPParseError);
    }
    expect(getContacts(parseSIPMessage(request(['Contact: <sip:a@h>;expires=60'])))[0]?.params.expires).toBe('60');
  });

  it('enforces its limits with the limit and actual size', () => {
    const big = failure(request([], 'x'.repeat(70_000)));
    expect([big.code, big.limit, big.actual]).toEqual(['MESSAGE_TOO_LARGE', SIP_PARSE_DEFAULTS.maxMessageBytes, Buffer.byteLength(request([], 'x'.repeat(70_000)))]);
    const many = failure(request(Array.from({ length: 10 }, (_, i) => `X-${i}: ${i}`)), { maxHeaders: 8 });
    expect([many.code, many.limit]).toEqual(['TOO_MANY_HEADERS', 8]);
    expect(failure(request([`X: ${'a'.repeat(200)}`]), { maxLineLength: 100 }).code).toBe('LINE_TOO_LONG');
    expect(failure(request(['X: a', ` ${'b'.repeat(60)}`, ` ${'c'.repeat(60)}`]), { maxLineLength: 100 }).code).toBe('LINE_TOO_LONG');
    expect(failure(`INVITE sip:${'a'.repeat(200)}@h SIP/2.0\r\n\r\n`, { maxLineLength: 100 }).code).toBe('LINE_TOO_LONG');
  });

  it('reads 64 KB pathological header values without backtracking (bounded by the test timeout)', () => {
    const options = { maxMessageBytes: 1 << 20, maxLineLength: 1 << 20 };
    const readers = [parseNameAddr, parseVia, parseURI, parseAuthChallenges, parseCSeq, splitHeaderList];
    for (const unit of [';', ',', '"', '<', '\\"', 'a;', ' ;a=', '%', 'sip:', '[', '=', ';a', '&a']) {
      const value = unit.repeat(Math.floor(65_536 / unit.length));
      for (const prefix of ['sip:h', 'sip:u@h;x', 'SIP/2.0/UDP h', 'Digest a=b, ']) {
        try {
          readers[prefix.startsWith('SIP/') ? 1 : prefix.startsWith('Digest') ? 3 : 2]!(prefix + value);
        } catch (e) {
          expect(SIPParseError.isInstance(e)).toBe(true);
        }
      }
      const r = safeParseSIPMessage(request([`X-Big: ${value}`, `Contact: <sip:a@h>;p=${'a'.repeat(65_536)}`]), options);
      expect(r.ok && getHeader(r.message, 'X-Big')?.length).toBe(value.trim().length);
      for (const read of readers) {
        try {
          read(value);
        } catch (e) {
          expect(SIPParseError.isInstance(e)).toBe(true);
        }
      }
    }
    const folded = Array.from({ length: 4000 }, () => ' a;b').join('\r\n');
    expect(getHeader(parseSIPMessage(request([`X-Fold: x\r\n${folded}`]), options), 'X-Fold')?.length).toBe(1 + 4000 * 4);
  });
});

describe('safeParseSIPMessage', () => {
  it('returns the message or the error', () => {
    expect(safeParseSIPMessage(request()).ok).toBe(true);
    const r = safeParseSIPMessage('garbage');
    expect(r.ok === false && SIPParseError.isInstance(r.error) && r.error.code).toBe('BAD_START_LINE');
  });
});
