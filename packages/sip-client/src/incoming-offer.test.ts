import { withHeader } from '@voip/sip-parser';
import { describe, expect, it } from 'vitest';
import { isInvalidRangeError, isInvalidStateError } from './errors.js';
import { IncomingOffer } from './incoming-offer.js';
import { makeRequest } from './test-support.js';

function offer() {
  const calls: string[] = [];
  const request = withHeader(makeRequest('UPDATE', { body: 'v=0\r\n' }), 'Content-Type', 'application/sdp');
  const o = new IncomingOffer(request, {
    accept: (init) => {
      calls.push(`accept ${String(init.body)}`);
      return Promise.resolve();
    },
    reject: (status, reason) => void calls.push(`reject ${status} ${reason ?? ''}`.trim()),
  });
  return { o, calls };
}

describe('IncomingOffer', () => {
  it('exposes the offer and answers once: a second answer throws ALREADY_ANSWERED', async () => {
    const { o, calls } = offer();
    expect([o.method, o.contentType, Buffer.from(o.body).toString()]).toEqual(['UPDATE', 'application/sdp', 'v=0\r\n']);
    await o.accept({ body: 'answer' });
    expect(o.answered).toBe(true);
    let caught: unknown;
    try {
      o.reject();
    } catch (e) {
      caught = e;
    }
    expect(isInvalidStateError(caught) && caught.code).toBe('ALREADY_ANSWERED');
    expect(calls).toEqual(['accept answer']);
  });

  it('rejects with 488 by default and refuses statuses outside 400–699 without answering', () => {
    const { o, calls } = offer();
    for (const status of [200, 399, 700]) {
      let caught: unknown;
      try {
        o.reject(status);
      } catch (e) {
        caught = e;
      }
      expect(isInvalidRangeError(caught)).toBe(true);
    }
    expect(o.answered).toBe(false);
    o.reject();
    expect(calls).toEqual(['reject 488']);
  });
});
