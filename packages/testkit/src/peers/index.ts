/** Real third-party SIP peers for interop tests: Kamailio, SIPp, baresip, and the files they read and write. */
export { Baresip, type BaresipOptions } from './baresip.js';
export { BaresipControl, type BaresipEvent, type BaresipResponse } from './baresip-control.js';
export { Kamailio, DEFAULT_USERS, type KamailioOptions, type KamailioUser } from './kamailio.js';
export {
  buildRTPPackets,
  buildRTPPcap,
  dtmfEventCode,
  dtmfKey,
  linearToMuLaw,
  parseRTPPcap,
  parseTelephoneEvent,
  rtpPcapDurationMs,
  telephoneEvent,
  writeRTPPcap,
  type PcapAudio,
  type PcapRTPPacket,
  type RTPPcapOptions,
  type TelephoneEventPayload,
} from './rtp-pcap.js';
export { Sipp, describeSippFailure, type SippOptions, type SippResult } from './sipp.js';
export { countTraced, tracedMessages, type TracedMessage } from './sipp-trace.js';
export { makeToneWav, type ToneWavOptions } from './sox.js';
export { findProgram, makeTempDir, pollUntil, removeTempDir, run, sleep, type RunResult } from './tools.js';
export { audibleSeconds, parseWav, readWav, rmsDbfs, wavDurationSeconds, type WavAudio } from './wav.js';
export { makeTestCertificates, type TestCertificates } from './tls-certificates.js';
