import { describe, expect, it } from 'vitest';
import { SIPBuildError } from './errors.js';
import { parseSIPMessage } from './parse-message.js';
import { serializeSIPMessage, serializeSIPMessageInto, sipMessageByteLength } from './serialize-message.js';
import type { SIPMessage } from './sip-message.js';

const canonical =
  'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>;tag=2\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nSubject: ☕\r\nContent-Length: 3\r\n\r\n\u0000\u00ff\r';

describe('serializeSIPMessage', () => {
  it('gives canonical input back byte for byte, binary body included', () => {
    const bytes = Buffer.concat([Buffer.from(canonical.slice(0, -3), 'utf8'), Buffer.from([0, 0xff, 0x0d])]);
    expect(serializeSIPMessage(parseSIPMessage(bytes)).equals(bytes)).toBe(true);
  });

  it('adds nothing: Content-Length is only what the headers say', () => {
    const m: SIPMessage = { type: 'REQUEST', method: 'OPTIONS', uri: 'sip:x', version: 'SIP/2.0', headers: [], body: new Uint8Array([65]) };
    expect(serializeSIPMessage(m).toString()).toBe('OPTIONS sip:x SIP/2.0\r\n\r\nA');
  });

  it('measures and writes into a caller buffer', () => {
    const m = parseSIPMessage(Buffer.from(canonical, 'utf8'));
    const size = sipMessageByteLength(m);
    expect(size).toBe(serializeSIPMessage(m).length);
    const out = new Uint8Array(size + 10);
    expect(serializeSIPMessageInto(m, out, 10)).toBe(size);
    expect(Buffer.from(out.subarray(10)).equals(serializeSIPMessage(m))).toBe(true);
    expect(() => serializeSIPMessageInto(m, new Uint8Array(size - 1))).toThrow(expect.objectContaining({ code: 'BAD_VALUE' }) as Error);
  });

  it.each([
    [{ type: 'REQUEST', method: 'A B', uri: 'sip:x', version: 'SIP/2.0', headers: [], body: new Uint8Array() }, 'BAD_METHOD'],
    [{ type: 'REQUEST', method: 'A', uri: 'sip:x y', version: 'SIP/2.0', headers: [], body: new Uint8Array() }, 'BAD_URI'],
    [{ type: 'RESPONSE', status: 1000, reason: 'x', version: 'SIP/2.0', headers: [], body: new Uint8Array() }, 'BAD_STATUS'],
    [{ type: 'RESPONSE', status: 200, reason: 'x\r\nVia: y', version: 'SIP/2.0', headers: [], body: new Uint8Array() }, 'BAD_REASON'],
    [{ type: 'RESPONSE', status: 200, reason: 'x', version: 'SIP/2.0', headers: [{ name: 'X', value: 'a\nb' }], body: new Uint8Array() }, 'BAD_HEADER_VALUE'],
    [{ type: 'RESPONSE', status: 200, reason: 'x', version: 'SIP/2.0', headers: [{ name: 'X:', value: 'a' }], body: new Uint8Array() }, 'BAD_HEADER_NAME'],
  ] as [SIPMessage, string][])('refuses to inject lines: %#', (m, code) => {
    expect(() => serializeSIPMessage(m)).toThrow(expect.objectContaining({ code }) as Error);
    expect(() => serializeSIPMessage(m)).toThrow(SIPBuildError);
  });
});
