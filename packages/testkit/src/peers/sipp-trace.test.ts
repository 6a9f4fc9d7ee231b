import { describe, expect, it } from 'vitest';
import { countTraced, tracedMessages } from './sipp-trace.js';

const SEPARATOR = '----------------------------------------------- 2026-11-23 03:04:14.745123\n';

/** A `-trace_msg` log as SIPp 3.6 writes it: an INVITE sent, a 200 received, two ACKs lost, a BYE sent. */
const LOG = [
  SEPARATOR,
  'UDP message sent (514 bytes):\n\nINVITE sip:alice@127.0.0.1:5060 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:5062\nCSeq: 1 INVITE\n',
  'Content-Length: 0\n\n',
  SEPARATOR,
  'UDP message received [313] bytes :\n\nSIP/2.0 200 OK\nCSeq: 1 INVITE\nContent-Length: 0\n\n\n',
  'UDP message voluntary lost (while sending).UDP message voluntary lost (while sending).',
  SEPARATOR,
  'UDP message sent (364 bytes):\n\nBYE sip:alice@127.0.0.1:5060 SIP/2.0\ncseq: 2 BYE\nContent-Length: 0\n\n',
].join('');

describe('tracedMessages', () => {
  it('splits a log into messages with their start line and CSeq, one entry per lost send', () => {
    expect(tracedMessages(LOG)).toEqual([
      { direction: 'sent', startLine: 'INVITE sip:alice@127.0.0.1:5060 SIP/2.0', cseq: '1 INVITE' },
      { direction: 'received', startLine: 'SIP/2.0 200 OK', cseq: '1 INVITE' },
      { direction: 'lost', startLine: '', cseq: '' },
      { direction: 'lost', startLine: '', cseq: '' },
      { direction: 'sent', startLine: 'BYE sip:alice@127.0.0.1:5060 SIP/2.0', cseq: '2 BYE' },
    ]);
  });

  it('reads TCP entries too, and finds nothing in an empty log', () => {
    expect(tracedMessages('TCP message received [20] bytes :\n\nSIP/2.0 100 Trying\n')).toEqual([
      { direction: 'received', startLine: 'SIP/2.0 100 Trying', cseq: '' },
    ]);
    expect(tracedMessages('')).toEqual([]);
  });
});

describe('countTraced', () => {
  it('counts by direction, start line and CSeq method', () => {
    expect(countTraced(LOG, 'sent', '')).toBe(2);
    expect(countTraced(LOG, 'sent', 'BYE ')).toBe(1);
    expect(countTraced(LOG, 'received', 'SIP/2.0 200', 'INVITE')).toBe(1);
    expect(countTraced(LOG, 'received', 'SIP/2.0 200', 'BYE')).toBe(0);
    expect(countTraced(LOG, 'lost', '')).toBe(2);
  });
});
