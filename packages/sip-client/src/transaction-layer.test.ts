import { withHeader } from '@voip/sip-parser';
import { FakeClock } from '@voip/testkit';
import { describe, expect, it } from 'vitest';
import { cancelFor } from './ack-cancel.js';
import { isInvalidStateError } from './errors.js';
import { InviteClientTransaction } from './invite-client-transaction.js';
import { InviteServerTransaction } from './invite-server-transaction.js';
import { NonInviteClientTransaction } from './non-invite-client-transaction.js';
import { NonInviteServerTransaction } from './non-invite-server-transaction.js';
import { makeRequest, makeResponse, recordingIO } from './test-support.js';
import { transactionTimers } from './timers.js';
import { clientTransactionKey, serverTransactionKey, TransactionLayer } from './transaction-layer.js';

const io = () => recordingIO(new FakeClock(0), transactionTimers()).io;
const noUser = { onResponse: () => undefined, onError: () => undefined };

describe('TransactionLayer', () => {
  it('matches a response by branch and CSeq method, not by branch alone', () => {
    const layer = new TransactionLayer();
    const invite = makeRequest('INVITE', { branch: 'z9hG4bKsame' });
    const ict = new InviteClientTransaction(invite, io(), noUser);
    layer.addClient(ict);
    expect(layer.matchResponse(makeResponse(invite, 180))).toBe(ict);
    const cancel = cancelFor(invite);
    expect(layer.matchResponse(makeResponse(cancel, 200))).toBeUndefined();
    const nict = new NonInviteClientTransaction(cancel, io(), noUser);
    layer.addClient(nict);
    expect(layer.matchResponse(makeResponse(cancel, 200))).toBe(nict);
    expect(layer.matchResponse(makeResponse(makeRequest('INVITE', { branch: 'z9hG4bKother' }), 180))).toBeUndefined();
  });

  it('matches ACK to its INVITE server transaction, and CANCEL to the INVITE it cancels', () => {
    const layer = new TransactionLayer();
    const invite = makeRequest('INVITE', { branch: 'z9hG4bKinv' });
    const ist = new InviteServerTransaction(invite, io());
    layer.addServer(ist);
    const ack = withHeader(makeRequest('ACK', { branch: 'z9hG4bKinv' }), 'CSeq', '1 ACK');
    expect(layer.matchRequest(ack)).toBe(ist);
    expect(layer.matchRequest(invite)).toBe(ist);
    const cancel = cancelFor(invite);
    expect(layer.matchRequest(cancel)).toBeUndefined();
    expect(layer.matchCancelled(cancel)).toBe(ist);
  });

  it('leaves an ACK for a 2xx to the UAS core once the INVITE server transaction is Accepted (RFC 6026 §7.1)', () => {
    const layer = new TransactionLayer();
    const invite = makeRequest('INVITE', { branch: 'z9hG4bKinv' });
    const ist = new InviteServerTransaction(invite, io());
    layer.addServer(ist);
    ist.handle({ type: 'respond', response: makeResponse(invite, 200) });
    const ack = withHeader(makeRequest('ACK', { branch: 'z9hG4bKinv' }), 'CSeq', '1 ACK');
    expect([ist.state, layer.matchRequest(ack), layer.matchRequest(invite)]).toEqual(['ACCEPTED', undefined, ist]);
  });

  it('tells transactions apart by sent-by when branches collide', () => {
    const layer = new TransactionLayer();
    const a = makeRequest('OPTIONS', { branch: 'z9hG4bKdup' });
    const b = withHeader(a, 'Via', 'SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bKdup');
    expect(serverTransactionKey(a)).not.toBe(serverTransactionKey(b));
    const tx = new NonInviteServerTransaction(a, io());
    layer.addServer(tx);
    expect(layer.matchRequest(b)).toBeUndefined();
  });

  it('forgets removed transactions and gives no key without a branch', () => {
    const layer = new TransactionLayer();
    const req = makeRequest('OPTIONS');
    const tx = new NonInviteServerTransaction(req, io());
    layer.addServer(tx);
    expect(layer.size).toBe(1);
    layer.remove(tx);
    expect(layer.size).toBe(0);
    expect(layer.matchRequest(req)).toBeUndefined();
    const noBranch = withHeader(req, 'Via', 'SIP/2.0/UDP 10.0.0.1:5060');
    expect(clientTransactionKey(noBranch)).toBeUndefined();
  });

  it('matches RFC 2543 requests (no z9hG4bK branch) by Request-URI, tags, Call-ID, CSeq and top Via', () => {
    const layer = new TransactionLayer();
    const invite = withHeader(makeRequest('INVITE'), 'Via', 'SIP/2.0/UDP 10.0.0.1:5060;branch=oldstyle1');
    const ist = new InviteServerTransaction(invite, io());
    layer.addServer(ist);
    expect(layer.matchRequest(invite)).toBe(ist);
    // the ACK for a non-2xx carries our To tag and CSeq method ACK, still the INVITE's transaction
    const ack = withHeader(withHeader(withHeader(invite, 'CSeq', '1 ACK'), 'To', '<sip:bob@127.0.0.1>;tag=ours'), 'Content-Length', '0');
    expect(layer.matchRequest({ ...ack, method: 'ACK' })).toBe(ist);
    expect(layer.matchCancelled({ ...cancelFor(invite) })).toBe(ist);
    // any difference in the matched fields is another transaction
    expect(layer.matchRequest(withHeader(invite, 'CSeq', '2 INVITE'))).toBeUndefined();
    expect(layer.matchRequest(withHeader(invite, 'Via', 'SIP/2.0/UDP 10.0.0.2:5060;branch=oldstyle1'))).toBeUndefined();
    expect(layer.matchRequest(withHeader(invite, 'From', '<sip:alice@127.0.0.1>;tag=other'))).toBeUndefined();
    expect(layer.matchRequest({ ...invite, uri: 'sip:carol@127.0.0.1' })).toBeUndefined();
    const options = withHeader(makeRequest('OPTIONS', { toTag: 'x' }), 'Via', 'SIP/2.0/UDP 10.0.0.1:5060');
    expect(serverTransactionKey(options)).not.toBe(serverTransactionKey(withHeader(options, 'To', '<sip:bob@127.0.0.1>;tag=y')));
    expect(serverTransactionKey(options)).toContain('2543');
  });

  it('refuses more than its limit and duplicate keys', () => {
    const layer = new TransactionLayer(1);
    const req = makeRequest('OPTIONS');
    layer.addServer(new NonInviteServerTransaction(req, io()));
    expect(layer.full).toBe(true);
    let caught: unknown;
    try { layer.addServer(new NonInviteServerTransaction(makeRequest('OPTIONS'), io())); } catch (e) { caught = e; }
    expect(isInvalidStateError(caught)).toBe(true);
    expect((caught as { code: string }).code).toBe('TOO_MANY_TRANSACTIONS');
    const roomy = new TransactionLayer();
    roomy.addServer(new NonInviteServerTransaction(req, io()));
    expect(() => roomy.addServer(new NonInviteServerTransaction(req, io()))).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }));
  });
});
