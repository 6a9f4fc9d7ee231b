/** One message in a SIPp `-trace_msg` log. */
export interface TracedMessage {
  /** `lost`: a send the scenario dropped on purpose (`lost="…"` or `-lost`). */
  readonly direction: 'sent' | 'received' | 'lost';
  /** The start line: `INVITE sip:… SIP/2.0` or `SIP/2.0 200 OK`; empty for a lost send. */
  readonly startLine: string;
  /** The CSeq header value (`1 INVITE`); empty for a lost send. */
  readonly cseq: string;
}

/**
 * What starts each entry of the log: `UDP message sent (514 bytes):`, `TCP message received [313] bytes :`, or
 * `UDP message voluntary lost (while sending).`, which SIPp writes without a line break after it.
 */
const MARKER = /\b(?:UDP|TCP|TLS|SCTP) message (sent|received|voluntary lost)/g;

/**
 * Splits a SIPp `-trace_msg` log into its messages, in order.
 * @param log - the log's text (a SIPp result's `messages`).
 * @returns one entry per message sent, received or lost.
 */
export function tracedMessages(log: string): TracedMessage[] {
  const markers = [...log.matchAll(MARKER)];
  return markers.map((marker, i): TracedMessage => {
    if (marker[1] === 'voluntary lost') return { direction: 'lost', startLine: '', cseq: '' };
    // the marker's own line ends with the size; then the message, then the next entry's dashed separator
    const text = log.slice(marker.index + marker[0].length, markers[i + 1]?.index ?? log.length);
    const lines = text.split(/\r?\n/).slice(1).map((line) => line.trim());
    const startLine = lines.find((line) => line !== '' && !/^-{10,}/.test(line)) ?? '';
    const cseq = lines.find((line) => /^CSeq:/i.test(line))?.slice(5).trim() ?? '';
    return { direction: marker[1] === 'sent' ? 'sent' : 'received', startLine, cseq };
  });
}

/**
 * Counts the messages of a SIPp `-trace_msg` log that went one way with a given start.
 * @param log - the log's text.
 * @param direction - sent, received or lost (as SIPp saw it).
 * @param start - what the start line begins with (`'SIP/2.0 200'`, `'ACK '`; `''` for any).
 * @param method - the CSeq method (`'INVITE'`), to tell a 200 for INVITE from one for BYE; omit for any.
 * @returns how many there were.
 */
export function countTraced(log: string, direction: TracedMessage['direction'], start: string, method?: string): number {
  return tracedMessages(log).filter((m) => m.direction === direction && m.startLine.startsWith(start) && (method === undefined || m.cseq.endsWith(method))).length;
}
