import { withHeader } from '@voip/sip-parser';
import { describe, expect, it } from 'vitest';
import { unsupportedMethodStatus, unsupportedRequirements } from './capabilities.js';
import { makeRequest } from './test-support.js';

describe('capabilities', () => {
  it('answers known methods it does not serve 405 and unknown ones 501', () => {
    expect(['SUBSCRIBE', 'PUBLISH', 'prack', 'REGISTER'].map(unsupportedMethodStatus)).toEqual([405, 405, 405, 405]);
    expect(['FROBNICATE', 'X'].map(unsupportedMethodStatus)).toEqual([501, 501]);
  });

  it('lists Require tags it lacks, case-insensitively, and never checks ACK or CANCEL', () => {
    const req = withHeader(makeRequest('INVITE'), 'Require', '100rel, Replaces,timer');
    expect(unsupportedRequirements(req)).toEqual(['100rel', 'timer']);
    expect(unsupportedRequirements(makeRequest('OPTIONS'))).toEqual([]);
    expect(unsupportedRequirements(withHeader(makeRequest('CANCEL'), 'Require', '100rel'))).toEqual([]);
    expect(unsupportedRequirements(withHeader(makeRequest('ACK'), 'Require', '100rel'))).toEqual([]);
  });
});
