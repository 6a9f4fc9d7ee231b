import { describe, expect, it } from 'vitest';
import { excerpt, isSIPBuildError, isSIPParseError, SIPBuildError, SIPParseError } from './errors.js';
import { parseSIPMessage } from './parse-message.js';

describe('SIPParseError', () => {
  it('carries name, code, offset, detail and an escaped, truncated excerpt', () => {
    const e = new SIPParseError('BAD_HEADER', 3, 'a header line has no colon', 'abc\r\n"\\\u0000é' + 'x'.repeat(200));
    expect([e.name, e.code, e.offset, e.detail]).toEqual(['SIPParseError', 'BAD_HEADER', 3, 'a header line has no colon']);
    expect(e.message).toBe(`a header line has no colon at offset 3: "abc\\r\\n\\"\\\\\\x00é${'x'.repeat(55)}…"`);
    expect(e).toBeInstanceOf(Error);
  });

  it('escapes non-ASCII bytes of binary input and marks the cut on both sides', () => {
    const bytes = new Uint8Array(100).fill(0x41);
    bytes[50] = 0xff;
    expect(excerpt(bytes, 50)).toBe(`…${'A'.repeat(16)}\\xff${'A'.repeat(47)}…`);
  });

  it('is recognised by the guard across copies (Symbol.for marker), not by shape', () => {
    const e = new SIPParseError('EMPTY', 0, 'x', '');
    expect([isSIPParseError(e), SIPParseError.isInstance(e), isSIPParseError(new Error('x')), isSIPParseError({ code: 'EMPTY' })]).toEqual([true, true, false, false]);
    const foreign = Object.assign(new Error('y'), { [Symbol.for('@voip/sip-parser.SIPParseError')]: true });
    expect(isSIPParseError(foreign)).toBe(true);
  });

  it('keeps limit, actual, partial and cause', () => {
    const cause = new Error('inner');
    const partial = parseSIPMessage('OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: <sip:a@b>\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n');
    const e = new SIPParseError('TOO_MANY_HEADERS', 9, 'too many', 'x', { limit: 1, actual: 2, partial, cause });
    expect([e.limit, e.actual, e.partial, e.cause]).toEqual([1, 2, partial, cause]);
  });
});

describe('SIPBuildError', () => {
  it('names the problem and quotes the value', () => {
    const e = new SIPBuildError('BAD_HEADER_VALUE', 'header X cannot hold CR or LF', 'a\r\nb');
    expect([e.name, e.code, e.message]).toEqual(['SIPBuildError', 'BAD_HEADER_VALUE', 'header X cannot hold CR or LF: "a\\r\\nb"']);
    expect([isSIPBuildError(e), isSIPBuildError(new SIPParseError('EMPTY', 0, 'x', '')), SIPBuildError.isInstance(e)]).toEqual([true, false, true]);
  });
});
