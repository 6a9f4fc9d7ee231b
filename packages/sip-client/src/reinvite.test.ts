import { buildRequest, getCSeq, getHeader, type SIPRequest } from '@voip/sip-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { isInvalidStateError, isSIPStatusError } from './errors.js';
import type { Dialog } from './dialog.js';
import type { IncomingOffer } from './incoming-offer.js';
import { connectedCall, sdp, text, uriOf } from './test-call-support.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A re-INVITE as the peer of dialog `d` would send it (from an unreachable port 9), to feed to `d.receiveRequest`. */
const peerInvite = (d: Dialog, branch: string, seq: number, body: string): SIPRequest =>
  buildRequest({
    method: 'INVITE',
    uri: d.localURI,
    headers: [
      ['Via', `SIP/2.0/UDP 127.0.0.1:9;branch=${branch}`], ['From', `<${d.remoteURI}>;tag=${d.remoteTag}`],
      ['To', `<${d.localURI}>;tag=${d.localTag}`], ['Call-ID', d.callId], ['CSeq', `${seq} INVITE`], ['Contact', '<sip:peer@127.0.0.1:9>'],
    ],
    body,
  });

describe('re-INVITE and UPDATE (hold and resume) between two clients', () => {
  it('puts the peer on hold with a re-INVITE and resumes it, both directions, ACKed, CSeq increasing', async () => {
    const { a, b } = await connectedCall(cleanup);
    const offers: { method: string; body: string; cseq: number }[] = [];
    const confirmed: Promise<void>[] = [];
    const answerAll = (answerDir: (offerBody: string) => string) => (offer: IncomingOffer) => {
      const body = text(offer.body);
      offers.push({ method: offer.method, body, cseq: getCSeq(offer.request).seq });
      confirmed.push(offer.accept({ body: answerDir(body) }));
    };
    b.on('offer', answerAll((o) => sdp('bob', 40002, o.includes('a=sendonly') ? 'recvonly' : 'sendrecv')));
    a.on('offer', answerAll(() => sdp('alice', 40000)));

    const hold = await a.reinvite({ body: sdp('alice', 40000, 'sendonly') });
    expect(hold.status).toBe(200);
    expect(text(hold.body)).toContain('a=recvonly');
    await confirmed[0]; // bob saw the ACK
    const resume = await a.reinvite({ body: sdp('alice', 40000) });
    expect(text(resume.body)).toContain('a=sendrecv');
    await confirmed[1];
    const fromBob = await b.reinvite({ body: sdp('bob', 40002, 'sendonly') });
    expect(fromBob.status).toBe(200);
    await confirmed[2];

    expect(offers.map((o) => [o.method, o.cseq])).toEqual([['INVITE', 2], ['INVITE', 3], ['INVITE', 1]]);
    expect(offers[0]!.body).toContain('a=sendonly');
    expect(a.state).toBe('CONFIRMED');
    expect(b.state).toBe('CONFIRMED');
  });

  it('sends and answers UPDATE with an offer', async () => {
    const { a, b } = await connectedCall(cleanup);
    let seen: SIPRequest | undefined;
    b.on('offer', (offer) => {
      seen = offer.request;
      void offer.accept({ body: sdp('bob', 40004) });
    });
    const response = await a.update({ body: sdp('alice', 40010) });
    expect(response.status).toBe(200);
    expect(text(response.body)).toContain('m=audio 40004');
    expect(seen!.method).toBe('UPDATE');
    expect(getHeader(seen!, 'Content-Type')).toBe('application/sdp');
    expect(getHeader(response, 'Contact')).toBeDefined();
  });

  it('rejects an offer with 488: the caller gets SIPStatusError and the dialog stays up', async () => {
    const { a, b } = await connectedCall(cleanup);
    b.on('offer', (offer) => offer.reject());
    const error = await a.reinvite({ body: sdp('alice', 40000, 'inactive') }).catch((e: unknown) => e);
    expect(isSIPStatusError(error) && error.status).toBe(488);
    expect(a.state).toBe('CONFIRMED');
    b.removeAllListeners('offer');
    b.on('offer', (offer) => void offer.accept({ body: sdp('bob', 40002) }));
    expect((await a.reinvite({ body: sdp('alice', 40000) })).status).toBe(200);
  });

  it('answers 491 to an offer that crosses ours (glare), 500 to a second remote one, and refuses a second local offer at once', async () => {
    const { a, b, bob } = await connectedCall(cleanup);
    let pending: IncomingOffer | undefined;
    b.on('offer', (offer) => (pending = offer)); // bob holds alice's re-INVITE unanswered
    const fromAlice = a.reinvite({ body: sdp('alice', 40000, 'sendonly') });
    await new Promise<void>((resolve) => {
      const poll = (): void => (pending ? resolve() : void setImmediate(poll));
      poll();
    });
    let caught: unknown;
    try {
      void a.reinvite({ body: sdp('alice', 40000) });
    } catch (e) {
      caught = e;
    }
    expect(isInvalidStateError(caught) && caught.code).toBe('OFFER_PENDING');
    // bob, with alice's offer unanswered, may not offer either
    expect(() => b.reinvite({ body: sdp('bob', 40002) })).toThrow(expect.objectContaining({ code: 'OFFER_PENDING' }));
    // a re-INVITE from bob that crossed alice's on the wire: alice answers 491
    const crossing = peerInvite(a, 'z9hG4bKcross', 7, sdp('bob', 40002));
    const answers: number[] = [];
    a.receiveRequest(crossing, (status) => void answers.push(status));
    expect(answers).toEqual([491]);
    expect(a.remoteTarget).toBe(uriOf(bob)); // the refused INVITE's Contact (port 9) is not taken
    // a second offer reaching bob while alice's still waits for his answer: 500 with Retry-After of 0-10 s
    const second = peerInvite(b, 'z9hG4bKsecond', 9, sdp('alice', 40000));
    const refusals: { status: number; retryAfter: number }[] = [];
    b.receiveRequest(second, (status, init) => void refusals.push({ status, retryAfter: Number(init?.headers?.find(([name]) => name === 'Retry-After')?.[1]) }));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.status).toBe(500);
    expect(Number.isInteger(refusals[0]!.retryAfter) && refusals[0]!.retryAfter >= 0 && refusals[0]!.retryAfter <= 10).toBe(true);
    const accepted = pending!.accept({ body: sdp('bob', 40002, 'recvonly') });
    expect((await fromAlice).status).toBe(200);
    await accepted; // bob got alice's ACK
  });
});
