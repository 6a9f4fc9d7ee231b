import { sipStatusPhrase } from '@voip/sip-parser';

/** The status line carried by a `message/sipfrag` body. */
export interface SipfragStatus {
  readonly status: number;
  readonly reason: string;
}

/** The Content-Type of a REFER progress NOTIFY body. @see RFC 3515 §2.4.5 */
export const SIPFRAG_TYPE = 'message/sipfrag;version=2.0';

/**
 * The `message/sipfrag` body reporting a referred request's progress: one status line.
 * @param status - the status of the referred request (100 while trying, then its final status)
 * @param reason - the reason phrase, default the standard one
 * @returns e.g. `SIP/2.0 200 OK\r\n`
 * @see RFC 3515 §2.4.5; RFC 3420
 */
export function sipfrag(status: number, reason: string = sipStatusPhrase(status)): string {
  return `SIP/2.0 ${status} ${reason.replace(/[\r\n]/g, ' ')}\r\n`;
}

/**
 * The status line at the start of a `message/sipfrag` body.
 * @param body - the NOTIFY body
 * @returns the status and reason, or `undefined` when the body does not start with a SIP status line
 * @see RFC 3420
 */
export function parseSipfrag(body: Uint8Array | string): SipfragStatus | undefined {
  const text = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  const end = text.indexOf('\n');
  const line = (end === -1 ? text : text.slice(0, end)).trim();
  if (!line.startsWith('SIP/2.0 ')) return undefined;
  const status = Number(line.slice(8, 11));
  if (!Number.isInteger(status) || status < 100 || status > 699 || (line.length > 11 && line[11] !== ' ')) return undefined;
  return { status, reason: line.slice(12) };
}
