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
    expect(serverTransactionKey(noBranch)).toBeUndefined();
    expect(clientTransactionKey(noBranch)).toBeUndefined();
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
