import { corpusBytes, corpusJSON } from '@voip/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSIPMessage } from './parse-message.js';
import type { SIPRequest } from './sip-message.js';
import { SIPStreamFramer, type SIPStreamEvent } from './stream-framer.js';

const real = corpusJSON<{ messages: { file: string; expect: string; content_length?: number; content_length_matches: boolean }[] }>(
  'sip-real/manifest.json',
).messages;
const corpus = real
  .filter((m) => m.expect === 'valid' && m.content_length !== undefined && m.content_length_matches)
  .map((m) => corpusBytes(`sip-real/${m.file}`));

const latin1 = (s: string) => Buffer.from(s, 'latin1');

function request(method: string, extra: string[] = [], body = ''): string {
  return [
    `${method} sip:bob@example.com SIP/2.0`,
    'Via: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK1',
    'From: <sip:alice@example.com>;tag=1',
    'To: <sip:bob@example.com>',
    'Call-ID: abc',
    `CSeq: 1 ${method}`,
    ...extra,
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

function pushAll(framer: SIPStreamFramer, chunks: Uint8Array[]): SIPStreamEvent[] {
  return chunks.flatMap((c) => framer.push(c));
}

function kinds(events: SIPStreamEvent[]): string[] {
  return events.map((e) => e.kind);
}

describe('SIPStreamFramer', () => {
  it('frames two messages in one chunk, bodies by Content-Length', () => {
    const events = new SIPStreamFramer().push(latin1(request('MESSAGE', ['Content-Type: text/plain'], 'hello\r\n\r\nworld') + request('OPTIONS')));
    expect(kinds(events)).toEqual(['message', 'message']);
    const first = (events[0] as { message: SIPRequest }).message;
    expect(Buffer.from(first.body).toString()).toBe('hello\r\n\r\nworld');
    expect((events[1] as { message: SIPRequest }).message.method).toBe('OPTIONS');
  });

  it('frames a message fed one byte at a time, holding the bytes until it is whole', () => {
    const framer = new SIPStreamFramer();
    const bytes = latin1(request('INFO', [], 'x=1'));
    for (let i = 0; i < bytes.length - 1; i++) expect(framer.push(bytes.subarray(i, i + 1))).toEqual([]);
    expect(framer.bufferedBytes).toBe(bytes.length - 1);
    const events = framer.push(bytes.subarray(bytes.length - 1));
    expect(kinds(events)).toEqual(['message']);
    expect(framer.bufferedBytes).toBe(0);
    expect((events[0] as { message: SIPRequest }).message).toEqual(parseSIPMessage(bytes));
  });

  it('reads the compact and lower-case Content-Length and LF-only line ends', () => {
    const lfOnly = request('BYE', ['X: y'], 'ab').replace(/\r\n/g, '\n').replace('Content-Length', 'l');
    const lower = request('BYE').replace('Content-Length', 'content-LENGTH');
    const events = new SIPStreamFramer().push(latin1(lfOnly + lower));
    expect(kinds(events)).toEqual(['message', 'message']);
    expect(Buffer.from((events[0] as { message: SIPRequest }).message.body).toString()).toBe('ab');
  });

  it('reports a double CRLF as ping and a single CRLF as pong, between messages', () => {
    const framer = new SIPStreamFramer();
    expect(kinds(framer.push(latin1('\r\n\r\n')))).toEqual(['ping']);
    expect(kinds(framer.push(latin1(`${request('OPTIONS')}\r\n`)))).toEqual(['message', 'pong']);
    expect(kinds(framer.push(latin1(request('OPTIONS'))))).toEqual(['message']);
    expect(kinds(framer.push(latin1(`\r\n\r\n${request('OPTIONS')}\r\n\r\n`)))).toEqual(['ping', 'message', 'ping']);
  });

  it('reports a ping split after its first CRLF as pong then ping, and nothing twice', () => {
    const framer = new SIPStreamFramer();
    expect(kinds(framer.push(latin1('\r\n')))).toEqual(['pong']);
    expect(kinds(framer.push(latin1('\r\n')))).toEqual(['ping']);
    expect(kinds(framer.push(latin1('\r')))).toEqual([]);
    expect(kinds(framer.push(latin1(`\n${request('OPTIONS')}`)))).toEqual(['pong', 'message']);
  });

  it('returns a framed but invalid message as invalid with its partial, and keeps going', () => {
    const noTo = request('INVITE').replace('To: <sip:bob@example.com>\r\n', '');
    const events = new SIPStreamFramer().push(latin1(noTo + request('OPTIONS')));
    expect(kinds(events)).toEqual(['invalid', 'message']);
    const error = (events[0] as { error: { code: string; partial?: SIPRequest } }).error;
    expect(error.code).toBe('MISSING_HEADER');
    expect(error.partial?.method).toBe('INVITE');
  });

  it('fails the connection on a message without Content-Length, then refuses input', () => {
    const framer = new SIPStreamFramer();
    const noLength = request('OPTIONS').replace('Content-Length: 0\r\n', '');
    const events = framer.push(latin1(request('OPTIONS') + noLength + request('OPTIONS')));
    expect(kinds(events)).toEqual(['message', 'fatal']);
    expect((events[1] as { error: { code: string } }).error.code).toBe('MISSING_HEADER');
    expect(framer.failed).toBe(true);
    expect(framer.error?.code).toBe('MISSING_HEADER');
    expect(framer.push(latin1(request('OPTIONS')))).toEqual([]);
    expect(framer.bufferedBytes).toBe(0);
  });

  it('fails on a Content-Length that is not a number', () => {
    const events = new SIPStreamFramer().push(latin1(request('OPTIONS').replace('Content-Length: 0', 'Content-Length: 0x1')));
    expect(kinds(events)).toEqual(['fatal']);
    expect((events[0] as { error: { code: string } }).error.code).toBe('BAD_CONTENT_LENGTH');
  });

  it('fails when a body longer than announced leaves bytes that start no message', () => {
    const long = request('MESSAGE', [], 'v=0\r\na=sendrecv\r\n').replace('Content-Length: 17', 'Content-Length: 5');
    const events = new SIPStreamFramer().push(latin1(long + request('OPTIONS')));
    expect(kinds(events)).toEqual(['message', 'fatal']);
    expect(Buffer.from((events[0] as { message: SIPRequest }).message.body).toString()).toBe('v=0\r\n');
    expect((events[1] as { error: { code: string } }).error.code).toBe('BAD_START_LINE');
  });

  it('fails a message over the size limit as soon as the announced or buffered size passes it', () => {
    const announced = new SIPStreamFramer({ maxMessageBytes: 1000 });
    const big = request('MESSAGE').replace('Content-Length: 0', 'Content-Length: 5000');
    const a = announced.push(latin1(big));
    expect(kinds(a)).toEqual(['fatal']);
    expect((a[0] as { error: { code: string; limit?: number } }).error).toMatchObject({ code: 'MESSAGE_TOO_LARGE', limit: 1000 });

    const endless = new SIPStreamFramer({ maxMessageBytes: 1000 });
    expect(endless.push(latin1('OPTIONS sip:a@b SIP/2.0\r\nX: '))).toEqual([]);
    const b = endless.push(Buffer.alloc(2000, 0x61));
    expect(kinds(b)).toEqual(['fatal']);
    expect((b[0] as { error: { code: string } }).error.code).toBe('MESSAGE_TOO_LARGE');
  });

  it('applies the header limits to each framed message', () => {
    const events = new SIPStreamFramer({ maxHeaders: 3 }).push(latin1(request('OPTIONS')));
    expect(kinds(events)).toEqual(['invalid']);
    expect((events[0] as { error: { code: string } }).error.code).toBe('TOO_MANY_HEADERS');
  });

  it('copies messages that span chunks, so the caller may reuse its buffers', () => {
    const framer = new SIPStreamFramer();
    const bytes = latin1(request('MESSAGE', [], 'payload'));
    const chunk = Buffer.alloc(bytes.length);
    bytes.copy(chunk, 0, 0, 40);
    expect(framer.push(chunk.subarray(0, 40))).toEqual([]);
    chunk.fill(0);
    const events = framer.push(bytes.subarray(40));
    expect(Buffer.from((events[0] as { message: SIPRequest }).message.body).toString()).toBe('payload');
  });

  it('frames corpus messages with keep-alives between them in any chunking (property)', () => {
    const item = fc.record({ index: fc.nat(corpus.length - 1), keepAlive: fc.constantFrom('', '\r\n', '\r\n\r\n') });
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(400), { maxLength: 30 }), (items, cuts) => {
        const parts: Buffer[] = [];
        const expected: SIPRequest[] = [];
        let pings = 0;
        let pongs = 0;
        for (const { index, keepAlive } of items) {
          parts.push(latin1(keepAlive), corpus[index]!);
          expected.push(parseSIPMessage(corpus[index]!) as SIPRequest);
          if (keepAlive.length === 4) pings++;
          if (keepAlive.length === 2) pongs++;
        }
        const stream = Buffer.concat(parts);
        const chunks: Uint8Array[] = [];
        let at = 0;
        for (const cut of cuts) {
          const next = Math.min(stream.length, at + cut);
          chunks.push(stream.subarray(at, next));
          at = next;
        }
        chunks.push(stream.subarray(at));
        const framer = new SIPStreamFramer();
        const events = pushAll(framer, chunks);
        expect(events.filter((e) => e.kind === 'message').map((e) => (e as { message: SIPRequest }).message)).toEqual(expected);
        expect(events.filter((e) => e.kind === 'ping')).toHaveLength(pings);
        const gotPongs = events.filter((e) => e.kind === 'pong').length;
        expect(gotPongs).toBeGreaterThanOrEqual(pongs);
        expect(gotPongs).toBeLessThanOrEqual(pongs + pings);
        expect(events.some((e) => e.kind === 'invalid' || e.kind === 'fatal')).toBe(false);
        expect(framer.bufferedBytes).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on random bytes and ends in messages, invalid, keep-alives or one fatal (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 10 }), (chunks) => {
        const framer = new SIPStreamFramer({ maxMessageBytes: 512 });
        const events = pushAll(framer, chunks);
        const fatal = events.findIndex((e) => e.kind === 'fatal');
        if (fatal !== -1) expect(fatal).toBe(events.length - 1);
        expect(framer.bufferedBytes).toBeLessThanOrEqual(512 + 200);
      }),
      { numRuns: 300 },
    );
  });
});
