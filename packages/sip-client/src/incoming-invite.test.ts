import { buildRequest, getHeader, getTo, type SIPResponse } from '@voip/sip-parser';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dialog } from './dialog.js';
import { isInvalidRangeError } from './errors.js';
import { startUDPPeer } from './test-support.js';
import { sdp, startClient, text, uriOf } from './test-call-support.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('IncomingInvite', () => {
  it('sends 183 Session Progress with early media SDP, which the caller sees in onProvisional with its early dialog', async () => {
    const alice = await startClient(cleanup, { username: 'alice' });
    const bob = await startClient(cleanup, { username: 'bob' });
    bob.once('invite', (invite) => {
      invite.progress({ body: sdp('bob', 40050) });
      void invite.accept({ body: sdp('bob', 40052) });
    });
    const provisional: SIPResponse[] = [];
    const tags: (string | undefined)[] = [];
    const { dialog } = await alice.invite(uriOf(bob), {
      body: sdp('alice', 40000),
      onProvisional: (r, early) => {
        provisional.push(r);
        tags.push(early?.remoteTag);
      },
    });
    const progress = provisional.find((r) => r.status === 183)!;
    expect(progress.reason).toBe('Session Progress');
    expect(getHeader(progress, 'Content-Type')).toBe('application/sdp');
    expect(text(progress.body)).toContain('m=audio 40050');
    expect(tags.at(-1)).toBe(dialog.remoteTag);
  });

  it('refuses progress statuses outside 101–199', async () => {
    const alice = await startClient(cleanup, { username: 'alice' });
    const bob = await startClient(cleanup, { username: 'bob' });
    const errors: unknown[] = [];
    bob.once('invite', (invite) => {
      for (const status of [100, 200, 1.5]) {
        try {
          invite.progress({ status });
        } catch (e) {
          errors.push(e);
        }
      }
      invite.reject(603);
    });
    await expect(alice.invite(uriOf(bob), { body: sdp('alice', 40000) })).rejects.toMatchObject({ status: 603 });
    expect(errors.map(isInvalidRangeError)).toEqual([true, true, true]);
  });
});

describe('IncomingInvite from an RFC 2543 caller (no z9hG4bK branch)', () => {
  it('absorbs the INVITE retransmission and confirms the call on an ACK that matches the INVITE transaction', async () => {
    const bob = await startClient(cleanup, { username: 'bob' });
    const peer = await startUDPPeer();
    cleanup.push(() => peer.close());
    const headers = (method: string, toTag = ''): [string, string][] => [
      ['Via', `SIP/2.0/UDP 127.0.0.1:${peer.port}`], ['From', '<sip:old@127.0.0.1>;tag=old1'], ['To', `<${uriOf(bob)}>${toTag}`],
      ['Call-ID', 'rfc2543-call'], ['CSeq', `1 ${method}`], ['Contact', `<sip:old@127.0.0.1:${peer.port}>`],
    ];
    const invite = buildRequest({ method: 'INVITE', uri: uriOf(bob), headers: headers('INVITE'), body: sdp('old', 40060) });
    let accepted: Promise<Dialog> | undefined;
    let invites = 0;
    bob.on('invite', (inv) => {
      invites++;
      accepted = inv.accept({ body: sdp('bob', 40062) });
    });
    peer.send(invite, bob.localAddress.port);
    const ok = (await peer.next((m) => m.type === 'RESPONSE' && m.status === 200)) as SIPResponse;
    peer.send(invite, bob.localAddress.port); // a retransmission: the transaction absorbs it
    const tag = `;tag=${getTo(ok).params.tag}`;
    peer.send(buildRequest({ method: 'ACK', uri: uriOf(bob), headers: headers('ACK', tag) }), bob.localAddress.port);
    const dialog = await accepted!;
    expect(dialog.state).toBe('CONFIRMED');
    expect(invites).toBe(1);
  });
});
