import { getCSeq, getFrom, getHeader, getHeaders, getTo, getVias, withAddedHeader } from '@voip/sip-parser';
import { describe, expect, it } from 'vitest';
import { ackForFailure, cancelFor } from './ack-cancel.js';
import { makeRequest, makeResponse } from './test-support.js';

describe('ackForFailure', () => {
  it('builds the RFC 3261 §17.1.1.3 ACK: INVITE top Via, From, Call-ID, Route, CSeq number; response To', () => {
    let invite = makeRequest('INVITE', { cseq: 7 });
    invite = withAddedHeader(invite, 'Route', '<sip:proxy.example;lr>');
    const ack = ackForFailure(invite, makeResponse(invite, 486, 'totag'));
    expect(ack.method).toBe('ACK');
    expect(ack.uri).toBe(invite.uri);
    expect(getVias(ack)).toEqual([getVias(invite)[0]]);
    expect(getFrom(ack)).toEqual(getFrom(invite));
    expect(getTo(ack).params.tag).toBe('totag');
    expect(getCSeq(ack)).toEqual({ seq: 7, method: 'ACK' });
    expect(getHeaders(ack, 'Route')).toEqual(['<sip:proxy.example;lr>']);
    expect(getHeader(ack, 'Content-Length')).toBe('0');
  });
});

describe('cancelFor', () => {
  it('builds the RFC 3261 §9.1 CANCEL: same branch, To without a new tag, CSeq number, method CANCEL', () => {
    const invite = makeRequest('INVITE', { cseq: 3, branch: 'z9hG4bKcancelme' });
    const cancel = cancelFor(invite);
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.uri).toBe(invite.uri);
    expect(getVias(cancel)[0]!.params.branch).toBe('z9hG4bKcancelme');
    expect(getTo(cancel)).toEqual(getTo(invite));
    expect(getCSeq(cancel)).toEqual({ seq: 3, method: 'CANCEL' });
    expect(getHeader(cancel, 'Call-ID')).toBe(getHeader(invite, 'Call-ID'));
  });
});
