/**
 * G.711 mu-law (PCMU) and A-law (PCMA) codecs, bit-exact with the ITU-T G.191 reference algorithm.
 * @packageDocumentation
 */
export { G711Error, isG711Error, type G711ErrorCode } from './errors.js';
export { decodePCMASample, decodePCMUSample, encodePCMASample, encodePCMUSample } from './g191.js';
export { decodeG711, encodeG711, G711Law } from './g711-law.js';
export { decodePCMA, encodePCMA, PCMA_SILENCE } from './pcma.js';
export { decodePCMU, encodePCMU, PCMU_SILENCE } from './pcmu.js';
export { pcm16ToUnsigned8, unsigned8ToPCM16 } from './unsigned8.js';
