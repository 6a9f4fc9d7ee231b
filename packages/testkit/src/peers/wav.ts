import { readFile } from 'node:fs/promises';

/**
 * A minimal reader of 16-bit PCM WAV files, enough to check what a peer recorded (no sox needed to assert).
 * RIFF layout: "RIFF" size "WAVE", then chunks (id, little-endian size, data, pad to even); "fmt " gives the
 * format, "data" the samples.
 */

/** The decoded contents of a WAV file. */
export interface WavAudio {
  readonly sampleRate: number;
  readonly channels: number;
  /** Interleaved 16-bit samples. */
  readonly samples: Int16Array;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Decodes a 16-bit PCM WAV file. A data chunk whose size was never filled in (a recorder stopped early) is read
 * to the end of the file.
 * @throws Error when the bytes are not a RIFF/WAVE file with 16-bit PCM
 */
export function parseWav(bytes: Uint8Array): WavAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let format: { sampleRate: number; channels: number } | undefined;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      const code = view.getUint16(body, true);
      const bits = view.getUint16(body + 14, true);
      if ((code !== WAVE_FORMAT_PCM && code !== WAVE_FORMAT_EXTENSIBLE) || bits !== 16) {
        throw new Error(`WAV format ${code} with ${bits} bits per sample is not 16-bit PCM`);
      }
      format = { channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true) };
    } else if (id === 'data') {
      if (format === undefined) throw new Error('WAV data chunk before its fmt chunk');
      const end = size === 0 || body + size > bytes.length ? bytes.length : body + size;
      const count = Math.floor((end - body) / 2);
      const samples = new Int16Array(count);
      for (let i = 0; i < count; i++) samples[i] = view.getInt16(body + 2 * i, true);
      return { ...format, samples };
    }
    at = body + size + (size & 1);
  }
  throw new Error('WAV file without a data chunk');
}

/** Reads and decodes a WAV file (see {@link parseWav}). */
export async function readWav(path: string): Promise<WavAudio> {
  return parseWav(await readFile(path));
}

/** The playing time of decoded audio, in seconds. */
export function wavDurationSeconds(audio: WavAudio): number {
  return audio.samples.length / audio.channels / audio.sampleRate;
}

/** RMS level relative to full scale, in dB (−Infinity for digital silence). */
export function rmsDbfs(samples: Int16Array): number {
  if (samples.length === 0) return -Infinity;
  let sum = 0;
  for (const s of samples) sum += s * s;
  return 20 * Math.log10(Math.sqrt(sum / samples.length) / 32_768);
}

/** Seconds of audio whose 20 ms windows are louder than `thresholdDbfs` (default −45 dBFS). */
export function audibleSeconds(audio: WavAudio, thresholdDbfs = -45): number {
  const window = Math.max(1, Math.round(audio.sampleRate * 0.02) * audio.channels);
  let loud = 0;
  for (let at = 0; at + window <= audio.samples.length; at += window) {
    if (rmsDbfs(audio.samples.subarray(at, at + window)) > thresholdDbfs) loud++;
  }
  return (loud * window) / audio.channels / audio.sampleRate;
}
