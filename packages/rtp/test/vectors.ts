import { corpusJSON } from '@voip/testkit';

/** The fields a corpus case gives for an RTP header. */
export interface VectorRTP {
  version: number;
  padding: number;
  extension: number;
  csrc_count: number;
  marker: number;
  payload_type: number;
  sequence_number: number;
  timestamp: number;
  ssrc: string;
  csrc?: string[];
  extension_profile?: string;
  extension_data_hex?: string;
  padding_octets?: number;
  payload_length?: number;
  payload_hex?: string;
  error?: string;
}

/** One case of `rtp/rtp-vectors.json`. */
export interface RTPVector {
  id: string;
  description: string;
  expect: 'valid' | 'invalid' | 'not-rtp';
  hex: string;
  length: number;
  decoded?: VectorRTP;
}

/** A decoded telephone-event in the corpus. */
export interface VectorEvent {
  event: number;
  event_name: string;
  end: number;
  volume: number;
  duration: number;
}

/** One packet of `rtp/rfc4733-vectors.json`. */
export interface EventPacketVector {
  hex: string;
  rtp: VectorRTP;
  telephone_event: VectorEvent;
}

/** `rtp/rfc4733-vectors.json`. */
export interface RFC4733Vectors {
  constructed_digit5: EventPacketVector[];
  payload_examples: { payload_hex: string; decoded: VectorEvent | null }[];
  sipp_pcaps: { files: Record<string, (EventPacketVector & { udp: string })[]> };
}

export const rtpVectors = (): RTPVector[] => corpusJSON<{ cases: RTPVector[] }>('rtp/rtp-vectors.json').cases;
export const rfc4733Vectors = (): RFC4733Vectors => corpusJSON<RFC4733Vectors>('rtp/rfc4733-vectors.json');
export const hex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
