/**
 * RTP for Node.js: RFC 3550 RTP and RTCP, a drift-free paced G.711 session over UDP, a jitter buffer and RFC 4733 DTMF.
 * @packageDocumentation
 */
export { systemClock, type Clock, type TimerHandle } from './clock.js';
export { DTMFDetector, type DTMFDetectorOptions } from './dtmf-detector.js';
export { DTMF_DURATION_LIMITS, DTMFSender, type DTMFPacket, type DTMFSenderOptions } from './dtmf-sender.js';
export {
  InvalidRangeError,
  InvalidStateError,
  isInvalidRangeError,
  isInvalidStateError,
  isNoPortsAvailableError,
  isRTPParseError,
  NoPortsAvailableError,
  RTPParseError,
  type InvalidRangeErrorCode,
  type InvalidStateErrorCode,
  type RTPParseErrorCode,
} from './errors.js';
export { JitterBuffer, JitterPushResult, type JitterBufferOptions, type JitterFrame } from './jitter-buffer.js';
export { PayloadType, staticPayloadType, type PayloadTypeInfo, type PayloadTypeName } from './payload-type.js';
export { ReceptionStats } from './reception-stats.js';
export {
  isRTCPBye,
  isRTCPReceiverReport,
  isRTCPSenderReport,
  isRTCPSourceDescription,
  parseRTCPCompound,
  rtcpCompoundByteLength,
  RTCPPacketType,
  safeParseRTCPCompound,
  SDESItemType,
  serializeRTCPCompound,
  serializeRTCPCompoundInto,
  type RTCPBye,
  type RTCPOtherPacket,
  type RTCPPacket,
  type RTCPReceiverReport,
  type RTCPReportBlock,
  type RTCPSenderReport,
  type RTCPSourceDescription,
  type SafeParseRTCPResult,
  type SDESChunk,
  type SDESItem,
} from './rtcp-packet.js';
export { RTCPSession, type RTCPSessionOptions, type RTCPStats, type RTPRemoteReport, type RTPSourceStats } from './rtcp-session.js';
export { RTPClient, type RTCPOptions, type RTPClientEvents, type RTPClientOptions, type RTPClientStats } from './rtp-client.js';
export {
  isRTCPPacket,
  parseRTPPacket,
  rtpPacketByteLength,
  safeParseRTPPacket,
  serializeRTPPacket,
  serializeRTPPacketInto,
  type RTPExtension,
  type RTPPacket,
  type SafeParseRTPResult,
} from './rtp-packet.js';
export { nextSeq, seqDiff } from './sequence.js';
export {
  digitToDTMFEvent,
  dtmfEventToDigit,
  parseTelephoneEvent,
  serializeTelephoneEvent,
  serializeTelephoneEventInto,
  type TelephoneEvent,
} from './telephone-event.js';
export { RTPProtocol, TransmitType } from './transmit-type.js';
