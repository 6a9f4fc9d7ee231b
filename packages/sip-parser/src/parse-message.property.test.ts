import { corpusBytes, corpusFiles } from '@voip/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getAuthChallenges } from './typed-headers.js';
import { SIPParseError } from './errors.js';
import { getHeaderList } from './headers.js';
import { parseSIPMessage } from './parse-message.js';
import { serializeSIPMessage } from './serialize-message.js';
import type { SIPHeader, SIPMessage } from './sip-message.js';
import {
  getCallId,
  getContacts,
  getCSeq,
  getExpires,
  getFrom,
  getMaxForwards,
  getRecordRoutes,
  getRoutes,
  getTo,
  getVias,
} from './typed-headers.js';

const token = fc.stringMatching(/^[A-Za-z0-9.!%*_+`'~-]{1,10}$/);
const word = fc.stringMatching(/^[a-z0-9]{1,8}$/);
const host = fc.oneof(
  fc.tuple(word, word).map(([a, b]) => `${a}.${b}`),
  fc.ipV4(),
  fc.ipV6().map((a) => `[${a}]`),
);
const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });
const hostport = fc.tuple(host, port).map(([h, p]) => (p === undefined ? h : `${h}:${p}`));
const uri = fc.tuple(fc.constantFrom('sip', 'sips'), fc.option(word, { nil: undefined }), hostport).map(([s, u, hp]) => (u ? `${s}:${u}@${hp}` : `${s}:${hp}`));
const nameAddr = fc
  .tuple(fc.option(fc.stringMatching(/^[ -~]{0,12}$/), { nil: undefined }), uri, fc.option(token, { nil: undefined }))
  .map(([dn, u, tag]) => `${dn === undefined ? '' : `${JSON.stringify(dn)} `}<${u}>${tag ? `;tag=${tag}` : ''}`);
const via = fc
  .tuple(fc.constantFrom('UDP', 'TCP', 'TLS', 'WS'), hostport, token, fc.boolean())
  .map(([t, hp, b, rport]) => `SIP/2.0/${t} ${hp};branch=z9hG4bK${b}${rport ? ';rport' : ''}`);
/** Any text a header value can carry: no CR/LF, no leading or trailing whitespace. */
const headerValue = fc
  .string({ unit: 'grapheme', maxLength: 40 })
  .map((s) => s.replace(/[\r\n]/g, '').replace(/^[ \t]+|[ \t]+$/g, ''));
const extraHeader = fc.tuple(token, headerValue).map(([n, value]): SIPHeader => ({ name: `X-${n}`, value }));

const arbMessage: fc.Arbitrary<SIPMessage> = fc
  .record({
    request: fc.boolean(),
    method: token,
    ruri: uri,
    status: fc.integer({ min: 100, max: 699 }),
    reason: headerValue,
    vias: fc.array(via, { minLength: 1, maxLength: 3 }),
    from: nameAddr,
    to: nameAddr,
    callId: fc.tuple(token, word).map(([a, b]) => `${a}@${b}`),
    seq: fc.integer({ min: 0, max: 0xffffffff }),
    extra: fc.array(extraHeader, { maxLength: 6 }),
    body: fc.uint8Array({ maxLength: 64 }),
    compact: fc.boolean(),
  })
  .chain((g) => {
    const headers: SIPHeader[] = [
      ...g.vias.map((value) => ({ name: g.compact ? 'v' : 'Via', value })),
      { name: g.compact ? 'f' : 'From', value: g.from },
      { name: g.compact ? 't' : 'To', value: g.to },
      { name: g.compact ? 'i' : 'Call-ID', value: g.callId },
      { name: 'CSeq', value: `${g.seq} ${g.method}` },
      { name: g.compact ? 'l' : 'Content-Length', value: String(g.body.length) },
      ...g.extra,
    ];
    return fc.shuffledSubarray(headers, { minLength: headers.length, maxLength: headers.length }).map((shuffled): SIPMessage =>
      g.request
        ? { type: 'REQUEST', method: g.method, uri: g.ruri, version: 'SIP/2.0', headers: shuffled, body: g.body }
        : { type: 'RESPONSE', status: g.status, reason: g.reason, version: 'SIP/2.0', headers: shuffled, body: g.body },
    );
  });

/** Reads everything a UA reads; only SIPParseError may come out. */
function readAll(m: SIPMessage): void {
  const reads = [
    () => getVias(m),
    () => getFrom(m),
    () => getTo(m),
    () => getCallId(m),
    () => getCSeq(m),
    () => getContacts(m),
    () => getRecordRoutes(m),
    () => getRoutes(m),
    () => getMaxForwards(m),
    () => getExpires(m),
    () => getAuthChallenges(m, 'WWW-Authenticate'),
    () => getHeaderList(m, 'Allow'),
  ];
  for (const read of reads) {
    try {
      read();
    } catch (e) {
      if (!SIPParseError.isInstance(e)) throw e;
    }
  }
}

function onlyParseErrors(bytes: Uint8Array): void {
  try {
    readAll(parseSIPMessage(bytes));
  } catch (e) {
    if (!SIPParseError.isInstance(e)) throw e;
    expect(e.offset).toBeGreaterThanOrEqual(0);
    if (e.partial) readAll(e.partial);
  }
}

const seeds = [
  ...corpusFiles('rfc4475', '.dat').map((f) => corpusBytes(`rfc4475/${f}`)),
  ...corpusFiles('sip-real', '.sip').map((f) => corpusBytes(`sip-real/${f}`)),
];
const special = fc.constantFrom(...'\r\n:;,"<>@[]% \t\\=?'.split('').map((c) => c.charCodeAt(0)), 0, 0xff);
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.oneof(special, fc.integer({ min: 0, max: 255 })) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: special }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), byte: fc.constant(0) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), byte: fc.constant(0) }),
);

function mutate(seed: Uint8Array, steps: { kind: 'set' | 'insert' | 'delete' | 'cut'; at: number; byte: number }[]): Uint8Array {
  let bytes = Array.from(seed);
  for (const s of steps) {
    const at = bytes.length === 0 ? 0 : s.at % bytes.length;
    if (s.kind === 'set') bytes[at] = s.byte;
    else if (s.kind === 'insert') bytes.splice(at, 0, s.byte);
    else if (s.kind === 'delete') bytes.splice(at, 1);
    else bytes = bytes.slice(0, at);
  }
  return Uint8Array.from(bytes);
}

describe('parseSIPMessage properties', () => {
  it('parse(serialize(m)) deep-equals m for generated messages', () => {
    fc.assert(
      fc.property(arbMessage, (m) => {
        expect(parseSIPMessage(serializeSIPMessage(m))).toEqual(m);
      }),
      { numRuns: 500 },
    );
  });

  it('arbitrary bytes only ever throw SIPParseError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 1500 }), (b) => onlyParseErrors(b)), { numRuns: 1000 });
  });

  it('arbitrary text after a valid start line only ever throws SIPParseError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (s) => onlyParseErrors(Buffer.from(`INVITE sip:a@b SIP/2.0\r\n${s}`))),
      { numRuns: 1000 },
    );
  });

  it('mutated corpus messages only ever throw SIPParseError, and typed reads too', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 6 }), (seed, steps) => onlyParseErrors(mutate(seed, steps))),
      { numRuns: 2000 },
    );
  });
});
