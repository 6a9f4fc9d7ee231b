/**
 * `@voip/phone`: a softphone for Node.js in the shape of pyVoIP — `VoIPPhone`, `VoIPCall`, `CallState`,
 * `PhoneStatus` — with promises, events, async iterators and Node streams.
 * @packageDocumentation
 */
export { CallState } from './call-state.js';
export { PhoneStatus } from './phone-status.js';
export { VoIPPhone, type VoIPPhoneEvents, type VoIPPhoneOptions } from './voip-phone.js';
export { VoIPCall, type CallEndReason, type VoIPCallEvents } from './voip-call.js';
export { answerOffer, buildOffer, readAnswer, type AudioCodec, type LocalMedia, type NegotiatedMedia } from './sdp-negotiation.js';
export { InvalidRangeError, InvalidStateError, NoCompatibleCodecError, PhoneError, type PhoneErrorCode } from './errors.js';
export { CredentialsManager } from '@voip/sip-client';
export { PayloadType, TransmitType } from '@voip/rtp';
