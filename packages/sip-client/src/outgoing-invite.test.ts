import { buildRequest, buildResponse, getCSeq, getTo, type SIPMessage, type SIPRequest } from '@voip/sip-parser';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dialog } from './dialog.js';
import { startUDPPeer, type UDPPeer } from './test-support.js';
import { sdp, startClient, text } from './test-call-support.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});
const isRequest = (method: string, tag?: string) => (m: SIPMessage): m is SIPRequest =>
  m.type === 'REQUEST' && m.method === method && (tag === undefined || getTo(m).params.tag === tag);

/** A forking proxy on a raw socket: answers the INVITE from two branches with their own To-tags. */
async function forkingPeer(): Promise<UDPPeer> {
  const p = await startUDPPeer((m, peer, from) => {
    if (m.type !== 'REQUEST' || m.method !== 'INVITE') return;
    const reply = (status: number, tag: string, port: number, body?: string) =>
      peer.send(buildResponse(m, status, { toTag: tag, headers: [['Contact', `<sip:bob@127.0.0.1:${port}>`], ...(body ? [['Content-Type', 'application/sdp'] as [string, string]] : [])], ...(body && { body }) }), from.port);
    reply(180, 'forkA', 6001);
    reply(183, 'forkB', 6002, sdp('early', 40100));
  });
  cleanup.push(() => p.close());
  return p;
}

describe('outgoing INVITE: early dialogs and forking', () => {
  it('makes one early dialog per To-tag, confirms the one whose 2xx comes first, ACKs and BYEs a late 2xx from the other', async () => {
    const alice = await startClient(cleanup, { username: 'alice' });
    const proxy = await forkingPeer();
    const early: [number, Dialog | undefined, string][] = [];
    const calling = alice.invite(`sip:bob@127.0.0.1:${proxy.port}`, {
      body: sdp('alice', 40000),
      onProvisional: (r, d) => early.push([r.status, d, text(r.body)]),
    });
    const invite = (await proxy.next(isRequest('INVITE'))) as SIPRequest;
    await new Promise<void>((resolve) => {
      const poll = (): void => (early.length === 2 ? resolve() : void setImmediate(poll));
      poll();
    });
    const [[s1, dA], [s2, dB, body2]] = early as [[number, Dialog, string], [number, Dialog, string]];
    expect([s1, s2]).toEqual([180, 183]);
    expect(body2).toContain('m=audio 40100');
    expect([dA.state, dB.state]).toEqual(['EARLY', 'EARLY']);
    expect([dA.remoteTag, dB.remoteTag]).toEqual(['forkA', 'forkB']);
    expect(dB.remoteTarget).toBe('sip:bob@127.0.0.1:6002');

    // the early dialog already takes in-dialog requests from its branch (an INFO from fork B)
    const info = buildRequest({
      method: 'INFO',
      uri: `sip:alice@127.0.0.1:${alice.localAddress.port}`,
      headers: [
        ['Via', `SIP/2.0/UDP 127.0.0.1:${proxy.port};branch=z9hG4bKinfoB`], ['From', `<sip:bob@127.0.0.1>;tag=forkB`],
        ['To', `<sip:alice@127.0.0.1>;tag=${dB.localTag}`], ['Call-ID', dB.callId], ['CSeq', '1 INFO'],
      ],
    });
    proxy.send(info, alice.localAddress.port);
    const infoAnswer = await proxy.next((m) => m.type === 'RESPONSE' && getCSeq(m).method === 'INFO');
    expect(infoAnswer.type === 'RESPONSE' && infoAnswer.status).toBe(200);

    // fork B answers first: its early dialog is confirmed and returned, fork A's early dialog ends
    const endedA = new Promise<string>((resolve) => dA.once('terminated', resolve));
    proxy.send(buildResponse(invite, 200, { toTag: 'forkB', headers: [['Contact', '<sip:bob@127.0.0.1:6012>']], body: sdp('bob', 40102) }), alice.localAddress.port);
    const { dialog } = await calling;
    expect(dialog).toBe(dB);
    expect(dialog.state).toBe('CONFIRMED');
    expect(dialog.remoteTarget).toBe('sip:bob@127.0.0.1:6012');
    expect(await endedA).toBe('ERROR');
    // the ACK goes to the 2xx's Contact (our socket sends it there; the proxy sees nothing), so check A's late 2xx:
    proxy.send(buildResponse(invite, 200, { toTag: 'forkA', headers: [['Contact', `<sip:bob@127.0.0.1:${proxy.port}>`]], body: sdp('bob', 40104) }), alice.localAddress.port);
    const ackA = await proxy.next(isRequest('ACK', 'forkA'));
    expect(getCSeq(ackA)).toEqual({ seq: getCSeq(invite).seq, method: 'ACK' });
    const byeA = (await proxy.next(isRequest('BYE', 'forkA'))) as SIPRequest;
    proxy.send(buildResponse(byeA, 200), alice.localAddress.port);
    expect(dB.state).toBe('CONFIRMED');
  });

  it('ends every early dialog when the INVITE fails', async () => {
    const alice = await startClient(cleanup, { username: 'alice' });
    const proxy = await forkingPeer();
    const early: Dialog[] = [];
    const calling = alice.invite(`sip:bob@127.0.0.1:${proxy.port}`, { body: sdp('alice', 40000), onProvisional: (_r, d) => d && early.push(d) });
    const invite = (await proxy.next(isRequest('INVITE'))) as SIPRequest;
    await new Promise<void>((resolve) => {
      const poll = (): void => (early.length === 2 ? resolve() : void setImmediate(poll));
      poll();
    });
    proxy.send(buildResponse(invite, 486, { toTag: 'forkA' }), alice.localAddress.port);
    await expect(calling).rejects.toMatchObject({ status: 486 });
    expect(early.map((d) => d.state)).toEqual(['TERMINATED', 'TERMINATED']);
  });
});
