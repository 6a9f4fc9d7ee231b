import { buildResponse, getCSeq, getFrom, getHeaders, getTo, withAddedHeader, withHeader, type SIPRequest } from '@voip/sip-parser';
import { FakeClock } from '@voip/testkit';
import { describe, expect, it } from 'vitest';
import { Dialog } from './dialog.js';
import { makeRequest } from './test-support.js';
import { transactionTimers } from './timers.js';
import type { UserAgentCore } from './user-agent-core.js';
import type { Address } from './via-routing.js';

function fakeCore(status = 200) {
  const sent: { request: SIPRequest; destination: Address }[] = [];
  const removed: Dialog[] = [];
  const core: UserAgentCore = {
    clock: new FakeClock(0),
    timers: transactionTimers(),
    credentials: undefined,
    localUser: 'alice',
    contactFor: () => '<sip:alice@127.0.0.1:5070>',
    userAgent: 'test',
    via: () => 'SIP/2.0/UDP 127.0.0.1:5070;rport;branch=z9hG4bKdlg',
    sendNonInvite: (request, destination) => {
      sent.push({ request, destination });
      return Promise.resolve(buildResponse(request, status));
    },
    startInvite: () => { throw new Error('unused'); },
    sendStateless: () => undefined,
    resendResponse: () => undefined,
    expectAck: () => () => undefined,
    addDialog: () => undefined,
    removeDialog: (d) => void removed.push(d),
    openRegistrationFlow: () => Promise.resolve(),
  };
  return { core, sent, removed };
}

const uacDialog = (core: UserAgentCore, recordRoutes: string[]) => {
  const invite = makeRequest('INVITE', { cseq: 5 });
  let ok = buildResponse(invite, 200, { toTag: 'bobtag', headers: [['Contact', '<sip:bob@192.0.2.9:5099>']] });
  for (const rr of recordRoutes) ok = withAddedHeader(ok, 'Record-Route', rr);
  return { invite, dialog: Dialog.asUAC(core, invite, ok) };
};

describe('Dialog (UAC)', () => {
  it('takes ids from the INVITE and 2xx, reverses Record-Route, and loose-routes in-dialog requests', async () => {
    const { core, sent } = fakeCore();
    const { dialog } = uacDialog(core, ['<sip:p2.example:5062;lr>', '<sip:p1.example:5061;lr>']);
    expect(dialog.localTag).toBe('alicetag');
    expect(dialog.remoteTag).toBe('bobtag');
    expect(dialog.remoteTarget).toBe('sip:bob@192.0.2.9:5099');
    expect(dialog.routeSet).toEqual(['<sip:p1.example:5061;lr>', '<sip:p2.example:5062;lr>']);
    await dialog.request('INFO');
    const { request, destination } = sent[0]!;
    expect(request.uri).toBe('sip:bob@192.0.2.9:5099');
    expect(getHeaders(request, 'Route')).toEqual(['<sip:p1.example:5061;lr>', '<sip:p2.example:5062;lr>']);
    expect(destination).toEqual({ host: 'p1.example', port: 5061 });
    expect(getCSeq(request)).toEqual({ seq: 6, method: 'INFO' });
    expect(getFrom(request).params.tag).toBe('alicetag');
    expect(getTo(request).params.tag).toBe('bobtag');
  });

  it('strict-routes when the first route has no lr', async () => {
    const { core, sent } = fakeCore();
    const { dialog } = uacDialog(core, ['<sip:strict.example:5070;transport=udp>']);
    await dialog.request('INFO');
    expect(sent[0]!.request.uri).toBe('sip:strict.example:5070');
    expect(getHeaders(sent[0]!.request, 'Route')).toEqual(['<sip:bob@192.0.2.9:5099>']);
    expect(sent[0]!.destination).toEqual({ host: 'strict.example', port: 5070 });
  });

  it('builds the ACK for the 2xx with the INVITE CSeq number and goes to the remote target', () => {
    const { core } = fakeCore();
    const { dialog } = uacDialog(core, []);
    const { request, destination } = dialog.ackRequest(5);
    expect(request.method).toBe('ACK');
    expect(getCSeq(request)).toEqual({ seq: 5, method: 'ACK' });
    expect(getTo(request).params.tag).toBe('bobtag');
    expect(destination).toEqual({ host: '192.0.2.9', port: 5099 });
  });

  it('ends with ERROR when a request gets 481', async () => {
    const { core, removed } = fakeCore(481);
    const { dialog } = uacDialog(core, []);
    const reasons: string[] = [];
    dialog.on('terminated', (r) => reasons.push(r));
    expect((await dialog.request('INFO')).status).toBe(481);
    expect(reasons).toEqual(['ERROR']);
    expect(removed).toEqual([dialog]);
  });
});

describe('Dialog (UAS)', () => {
  const setup = () => {
    const { core, sent } = fakeCore();
    let invite = makeRequest('INVITE', { cseq: 10 });
    invite = withAddedHeader(invite, 'Record-Route', '<sip:p1.example;lr>, <sip:p2.example;lr>');
    return { dialog: Dialog.asUAS(core, invite, 'mytag', '<sip:bob@127.0.0.1:5080>'), invite, sent };
  };

  it('keeps Record-Route in order and targets the INVITE Contact', async () => {
    const { dialog, sent } = setup();
    expect(dialog.routeSet).toEqual(['<sip:p1.example;lr>', '<sip:p2.example;lr>']);
    expect(dialog.remoteTarget).toBe('sip:alice@127.0.0.1:5070');
    expect(dialog.localTag).toBe('mytag');
    await dialog.bye();
    expect(getCSeq(sent[0]!.request)).toEqual({ seq: 1, method: 'BYE' });
    expect(getFrom(sent[0]!.request).params.tag).toBe('mytag');
    expect(sent[0]!.destination).toEqual({ host: 'p1.example', port: 5060, portFromDefault: true });
    expect(dialog.state).toBe('TERMINATED');
  });

  it('answers BYE 200 and ends; rejects out-of-order CSeq with 500; hands other requests to listeners', () => {
    const { dialog } = setup();
    const answers: number[] = [];
    const respond = (status: number) => void answers.push(status);
    const inDialog = (method: string, seq: number) => withHeader(makeRequest(method, { cseq: seq, toTag: 'mytag' }), 'Call-ID', dialog.callId);
    const seen: string[] = [];
    dialog.on('request', (req, res) => { seen.push(req.method); res(200); });
    dialog.receiveRequest(inDialog('INFO', 11), respond);
    dialog.receiveRequest(inDialog('INFO', 9), respond);
    const ended: string[] = [];
    dialog.on('terminated', (r) => ended.push(r));
    dialog.receiveRequest(inDialog('BYE', 12), respond);
    expect(answers).toEqual([200, 500, 200]);
    expect(seen).toEqual(['INFO']);
    expect(ended).toEqual(['BYE']);
    expect(() => dialog.request('INFO')).toThrow(expect.objectContaining({ code: 'DIALOG_TERMINATED' }));
  });

  it('without listeners: re-INVITE and UPDATE 488, REFER 603, NOTIFY 405, OPTIONS/INFO/MESSAGE 200, unknown 501', () => {
    const { dialog } = setup();
    const answers: number[] = [];
    const respond = (s: number) => void answers.push(s);
    const referTo = (r: SIPRequest) => withAddedHeader(r, 'Refer-To', '<sip:carol@127.0.0.1>');
    dialog.receiveRequest(makeRequest('INVITE', { cseq: 11, toTag: 'mytag' }), respond);
    dialog.receiveRequest(makeRequest('UPDATE', { cseq: 12, toTag: 'mytag' }), respond);
    dialog.receiveRequest(referTo(makeRequest('REFER', { cseq: 13, toTag: 'mytag' })), respond);
    dialog.receiveRequest(makeRequest('NOTIFY', { cseq: 14, toTag: 'mytag' }), respond);
    dialog.receiveRequest(makeRequest('OPTIONS', { cseq: 15, toTag: 'mytag' }), respond);
    dialog.receiveRequest(makeRequest('INFO', { cseq: 16, toTag: 'mytag' }), respond);
    dialog.receiveRequest(makeRequest('MESSAGE', { cseq: 17, toTag: 'mytag' }), respond);
    dialog.receiveRequest(makeRequest('FROBNICATE', { cseq: 18, toTag: 'mytag' }), respond);
    dialog.receiveRequest(makeRequest('REFER', { cseq: 19, toTag: 'mytag' }), respond);
    expect(answers).toEqual([488, 488, 603, 405, 200, 200, 200, 501, 400]);
  });

  it('updates the remote target from the Contact of an accepted target refresh request, not from INFO', () => {
    const { dialog } = setup();
    const respond = () => undefined;
    dialog.receiveRequest(withHeader(makeRequest('INFO', { cseq: 11, toTag: 'mytag' }), 'Contact', '<sip:alice@192.0.2.1:6000>'), respond);
    expect(dialog.remoteTarget).toBe('sip:alice@127.0.0.1:5070');
    let accept = false;
    dialog.on('offer', (offer) => (accept ? void offer.accept({ body: 'v=0' }) : offer.reject()));
    dialog.receiveRequest(withHeader(makeRequest('UPDATE', { cseq: 12, toTag: 'mytag' }), 'Contact', '<sip:alice@192.0.2.1:6000>'), respond);
    expect(dialog.remoteTarget).toBe('sip:alice@127.0.0.1:5070'); // refused: no refresh
    accept = true;
    dialog.receiveRequest(withHeader(makeRequest('UPDATE', { cseq: 13, toTag: 'mytag' }), 'Contact', '<sip:alice@192.0.2.1:6000>'), respond);
    expect(dialog.remoteTarget).toBe('sip:alice@192.0.2.1:6000');
  });
});
