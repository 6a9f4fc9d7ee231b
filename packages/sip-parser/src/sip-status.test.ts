import { describe, expect, it } from 'vitest';
import { SIPStatus, sipStatusInfo, sipStatusPhrase } from './sip-status.js';

describe('SIPStatus', () => {
  it('names the registered codes as pyVoIP does', () => {
    expect([SIPStatus.TRYING, SIPStatus.RINGING, SIPStatus.OK, SIPStatus.BAD_REQUEST, SIPStatus.UNAUTHORIZED, SIPStatus.BUSY_HERE]).toEqual([100, 180, 200, 400, 401, 486]);
    expect(SIPStatus.PROXY_AUTHENTICATION_REQUIRED).toBe(407);
    expect(SIPStatus.REQUEST_TERMINATED).toBe(487);
    expect(SIPStatus.DECLINE).toBe(603);
  });

  it('has a phrase and a description for every code', () => {
    const codes = Object.values(SIPStatus);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBeGreaterThanOrEqual(75);
    for (const code of codes) {
      const info = sipStatusInfo(code);
      expect(info?.code).toBe(code);
      expect(info?.phrase.length).toBeGreaterThan(0);
      expect(info?.description.length).toBeGreaterThan(10);
    }
  });

  it('gives registered phrases, class phrases for other codes, Unknown outside 100-699', () => {
    expect(sipStatusPhrase(481)).toBe('Call/Transaction Does Not Exist');
    expect(sipStatusPhrase(504)).toBe('Server Time-out');
    expect([sipStatusPhrase(199), sipStatusPhrase(299), sipStatusPhrase(418), sipStatusPhrase(599), sipStatusPhrase(699)]).toEqual([
      'Early Dialog Terminated',
      'Successful',
      'Request Failure',
      'Server Failure',
      'Global Failure',
    ]);
    expect([sipStatusPhrase(99), sipStatusPhrase(700), sipStatusPhrase(200.5)]).toEqual(['Unknown', 'Unknown', 'Unknown']);
    expect(sipStatusInfo(418)).toBeUndefined();
  });
});
