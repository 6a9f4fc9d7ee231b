import { buildRequest, getCSeq, getHeader, getHeaderList, getHeaders, type SIPRequest, type SIPResponse } from '@voip/sip-parser';

const required = (value: string | undefined, name: string): string => {
  if (value === undefined) throw new TypeError(`the INVITE has no ${name} header`);
  return value;
};

/**
 * The ACK an INVITE client transaction sends for a non-2xx final response: the INVITE's Request-URI, top Via,
 * From, Call-ID, CSeq number and Route headers, the response's To (with its tag), CSeq method ACK.
 * @param invite - the INVITE the transaction sent
 * @param response - the 300–699 response
 * @returns the ACK, part of the INVITE's transaction (same branch)
 * @see RFC 3261 §17.1.1.3
 */
export function ackForFailure(invite: SIPRequest, response: SIPResponse): SIPRequest {
  const headers: [string, string][] = [
    ['Via', required(getHeaderList(invite, 'Via')[0], 'Via')],
    ['Max-Forwards', '70'],
    ['From', required(getHeader(invite, 'From'), 'From')],
    ['To', getHeader(response, 'To') ?? required(getHeader(invite, 'To'), 'To')],
    ['Call-ID', required(getHeader(invite, 'Call-ID'), 'Call-ID')],
    ['CSeq', `${getCSeq(invite).seq} ACK`],
  ];
  for (const route of getHeaders(invite, 'Route')) headers.push(['Route', route]);
  return buildRequest({ method: 'ACK', uri: invite.uri, headers });
}

/**
 * The CANCEL for a pending INVITE: same Request-URI, Call-ID, To, From, CSeq number and Route, one Via equal to
 * the INVITE's top Via (so it shares the branch), CSeq method CANCEL.
 * @param invite - the INVITE to cancel
 * @returns the CANCEL request
 * @see RFC 3261 §9.1
 */
export function cancelFor(invite: SIPRequest): SIPRequest {
  const headers: [string, string][] = [
    ['Via', required(getHeaderList(invite, 'Via')[0], 'Via')],
    ['Max-Forwards', '70'],
    ['From', required(getHeader(invite, 'From'), 'From')],
    ['To', required(getHeader(invite, 'To'), 'To')],
    ['Call-ID', required(getHeader(invite, 'Call-ID'), 'Call-ID')],
    ['CSeq', `${getCSeq(invite).seq} CANCEL`],
  ];
  for (const route of getHeaders(invite, 'Route')) headers.push(['Route', route]);
  return buildRequest({ method: 'CANCEL', uri: invite.uri, headers });
}
