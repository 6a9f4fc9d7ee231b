import { describe, expect, it } from 'vitest';
import { PayloadType, staticPayloadType } from './payload-type.js';
import { RTPProtocol, TransmitType } from './transmit-type.js';

describe('PayloadType (RFC 3551 §6)', () => {
  it('has the G.711 entries and telephone-event as the contract says', () => {
    expect(PayloadType.PCMU).toEqual({ value: 0, rate: 8000, channels: 1, description: 'PCMU' });
    expect(PayloadType.PCMA).toEqual({ value: 8, rate: 8000, channels: 1, description: 'PCMA' });
    expect(PayloadType.EVENT).toEqual({ value: 101, rate: 8000, channels: 1, description: 'telephone-event' });
  });

  it('has pyVoIP\'s variants of DVI4 and L16', () => {
    expect([PayloadType.DVI4_8000.value, PayloadType.DVI4_16000.value, PayloadType.DVI4_11025.value, PayloadType.DVI4_22050.value]).toEqual([5, 6, 16, 17]);
    expect(PayloadType.L16).toMatchObject({ value: 11, rate: 44100, channels: 1 });
    expect(PayloadType.L16_2).toMatchObject({ value: 10, rate: 44100, channels: 2 });
  });

  it('looks up static numbers only', () => {
    expect(staticPayloadType(18)?.description).toBe('G729');
    expect(staticPayloadType(34)?.description).toBe('H263');
    expect(staticPayloadType(2)).toBeUndefined();
    expect(staticPayloadType(101)).toBeUndefined();
  });

  it('is frozen', () => {
    expect(Object.isFrozen(PayloadType)).toBe(true);
    expect(Object.isFrozen(PayloadType.PCMU)).toBe(true);
  });

  it('has the SDP direction and protocol names', () => {
    expect(Object.values(TransmitType)).toEqual(['sendrecv', 'sendonly', 'recvonly', 'inactive']);
    expect(RTPProtocol).toEqual({ UDP: 'udp', AVP: 'RTP/AVP', SAVP: 'RTP/SAVP' });
  });
});
