import { buildResponse } from '@voip/sip-parser';
import { describe, expect, it } from 'vitest';
import {
  excerpt,
  InvalidAccountInfoError,
  InvalidRangeError,
  InvalidStateError,
  isInvalidAccountInfoError,
  isInvalidRangeError,
  isInvalidStateError,
  isSIPStatusError,
  isTransactionTimeoutError,
  isTransportError,
  SIPStatusError,
  TransactionTimeoutError,
  TransportError,
} from './errors.js';
import { makeRequest } from './test-support.js';

describe('errors', () => {
  it('sets name, code and facts, and each guard accepts only its class', () => {
    const response = buildResponse(makeRequest('INVITE'), 503, { reason: 'Overloaded' });
    const all = [
      [new TransactionTimeoutError('F', 'OPTIONS', 32000), 'TransactionTimeoutError', 'TIMER_F', isTransactionTimeoutError],
      [new SIPStatusError(response, 'INVITE'), 'SIPStatusError', 'SERVER_ERROR', isSIPStatusError],
      [new InvalidAccountInfoError('FORBIDDEN', 'no'), 'InvalidAccountInfoError', 'FORBIDDEN', isInvalidAccountInfoError],
      [new InvalidStateError('STOPPED', 'stopped'), 'InvalidStateError', 'STOPPED', isInvalidStateError],
      [new TransportError('CLOSED', 'closed'), 'TransportError', 'CLOSED', isTransportError],
      [new InvalidRangeError('status', '300-699', 42), 'InvalidRangeError', 'OUT_OF_RANGE', isInvalidRangeError],
    ] as const;
    for (const [error, name, code, guard] of all) {
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect(error.code).toBe(code);
      for (const [other, , , otherGuard] of all) expect(otherGuard(error)).toBe(other === error);
      expect(guard({ message: 'look-alike', name })).toBe(false);
    }
    expect(new SIPStatusError(response, 'INVITE')).toMatchObject({ status: 503, reason: 'Overloaded', response });
    expect(new SIPStatusError(response, 'INVITE').message).toBe('INVITE was answered 503 "Overloaded"');
    expect(new TransactionTimeoutError('H', 'INVITE', 32000).message).toContain('Timer H');
  });

  it('recognises an error from another copy of the package by its Symbol.for marker', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('@voip/sip-client:TransportError')]: true });
    expect(isTransportError(foreign)).toBe(true);
  });

  it('keeps the cause when wrapping', () => {
    const cause = new Error('EADDRINUSE');
    expect(new TransportError('BIND_FAILED', 'taken', cause).cause).toBe(cause);
  });

  it('quotes input truncated to 64 characters and escaped', () => {
    expect(excerpt('a\r\nb')).toBe('"a\\r\\nb"');
    expect(excerpt('x'.repeat(100))).toBe(`"${'x'.repeat(64)}…"`);
  });
});
