import { getHeader } from '@voip/sip-parser';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dialog } from './dialog.js';
import { isSIPStatusError } from './errors.js';
import type { IncomingInvite } from './incoming-invite.js';
import type { IncomingRefer } from './refer.js';
import { connectedCall, sdp, startClient, uriOf } from './test-call-support.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const nextRefer = (dialog: Dialog) => new Promise<IncomingRefer>((resolve) => dialog.once('refer', resolve));

describe('REFER (RFC 3515) between clients', () => {
  it('blind transfer: 202, NOTIFYs 100 then 180 then 200 as sipfrag, progress events and done', async () => {
    const { a, b, bob } = await connectedCall(cleanup);
    const carol = await startClient(cleanup, { username: 'carol' });
    const referred = nextRefer(b);
    const sending = a.refer(uriOf(carol, 'carol'));
    const refer = await referred;
    refer.accept();
    const referral = await sending;
    expect(referral.response.status).toBe(202);
    expect(refer.referTo).toBe(uriOf(carol, 'carol'));
    expect(refer.replaces).toBeUndefined();
    expect(getHeader(refer.request, 'Referred-By')).toBe(`<${a.localURI}>`);
    const progress: number[] = [];
    referral.on('progress', (status) => progress.push(status));

    // bob places the call the REFER asks for, reporting as it goes
    carol.once('invite', (invite) => {
      invite.ringing();
      void invite.accept({ body: sdp('carol', 40020) });
    });
    await refer.notify(180);
    const call = await bob.invite(refer.referTo, { body: sdp('bob', 40002) });
    expect(call.response.status).toBe(200);
    const notified = await refer.notify(200);
    expect(notified.status).toBe(200);
    expect(await referral.done).toBe(200);
    expect(progress).toEqual([100, 180, 200]);
    expect(() => refer.notify(200)).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }));
  });

  it('attended transfer: Refer-To carries Replaces; the INVITE with Replaces finds the dialog it replaces, else 481', async () => {
    // alice talks to bob (a/b) and to carol (consult); she refers bob to carol, replacing her call with carol
    const { alice, a, b, bob } = await connectedCall(cleanup);
    const carol = await startClient(cleanup, { username: 'carol' });
    let carolSide: Promise<Dialog> | undefined;
    carol.once('invite', (invite) => (carolSide = invite.accept({ body: sdp('carol', 40020) })));
    const { dialog: consult } = await alice.invite(uriOf(carol, 'carol'), { body: sdp('alice', 40030) });
    const carolDialog = await carolSide!;

    const referred = nextRefer(b);
    const sending = a.refer(uriOf(carol, 'carol'), { replaces: consult });
    const refer = await referred;
    expect(refer.referTo).toBe(uriOf(carol, 'carol'));
    expect(refer.replaces).toMatchObject({ callId: consult.callId, toTag: carolDialog.localTag, fromTag: consult.localTag, earlyOnly: false });
    refer.accept();
    await sending;

    let replacing: IncomingInvite | undefined;
    carol.once('invite', (invite) => {
      replacing = invite;
      void invite.accept({ body: sdp('carol', 40022) });
    });
    await bob.invite(refer.referTo, { body: sdp('bob', 40002), headers: [['Replaces', refer.replacesHeader!]] });
    expect(replacing!.replaces).toBe(carolDialog);

    const error = await bob
      .invite(uriOf(carol, 'carol'), { body: sdp('bob', 40004), headers: [['Replaces', 'nope;to-tag=x;from-tag=y']] })
      .catch((e: unknown) => e);
    expect(isSIPStatusError(error) && error.status).toBe(481);
  });

  it('rejected REFER rejects refer() with SIPStatusError; a REFER without listeners gets 603', async () => {
    const { a, b } = await connectedCall(cleanup);
    b.once('refer', (refer) => refer.reject(403));
    const refused = await a.refer('sip:carol@127.0.0.1:9').catch((e: unknown) => e);
    expect(isSIPStatusError(refused) && refused.status).toBe(403);
    const declined = await a.refer('sip:carol@127.0.0.1:9').catch((e: unknown) => e);
    expect(isSIPStatusError(declined) && declined.status).toBe(603);
  });

  it('a referral ends with an error when the dialog ends before the final NOTIFY', async () => {
    const { a, b } = await connectedCall(cleanup);
    b.once('refer', (refer) => refer.accept());
    const referral = await a.refer('sip:carol@127.0.0.1:9');
    await a.bye();
    await expect(referral.done).rejects.toMatchObject({ code: 'DIALOG_TERMINATED' });
    expect(referral.ended).toBe(true);
  });
});
