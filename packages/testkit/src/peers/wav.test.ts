import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, run } from './tools.js';
import { audibleSeconds, parseWav, readWav, rmsDbfs, wavDurationSeconds } from './wav.js';

/** A canonical 44-byte-header WAV of the given samples. */
function wav(samples: number[], sampleRate = 8000, channels = 1, dataSize = samples.length * 2): Uint8Array {
  const out = new Uint8Array(44 + samples.length * 2);
  const v = new DataView(out.buffer);
  out.set(Buffer.from('RIFF'), 0);
  v.setUint32(4, 36 + samples.length * 2, true);
  out.set(Buffer.from('WAVEfmt '), 8);
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels * 2, true);
  v.setUint16(32, channels * 2, true);
  v.setUint16(34, 16, true);
  out.set(Buffer.from('data'), 36);
  v.setUint32(40, dataSize, true);
  samples.forEach((s, i) => v.setInt16(44 + 2 * i, s, true));
  return out;
}

describe('wav reader', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await makeTempDir('wav');
  });
  afterAll(async () => {
    await removeTempDir(dir);
  });

  it('decodes samples, rate and channels', () => {
    const audio = parseWav(wav([0, 1, -1, 32_767, -32_768], 16_000));
    expect(audio.sampleRate).toBe(16_000);
    expect(audio.channels).toBe(1);
    expect([...audio.samples]).toEqual([0, 1, -1, 32_767, -32_768]);
  });

  it('reads an unfinished data chunk (size 0) to the end of the file', () => {
    expect(parseWav(wav([5, 6, 7], 8000, 1, 0)).samples).toHaveLength(3);
  });

  it('measures level: full-scale square is 0 dBFS, silence is -Infinity', () => {
    expect(rmsDbfs(new Int16Array([32_767, -32_768, 32_767, -32_768]))).toBeCloseTo(0, 3);
    expect(rmsDbfs(new Int16Array(160))).toBe(-Infinity);
    const half = new Int16Array(8000).map((_, i) => (i < 4000 ? 0 : 8000));
    expect(audibleSeconds({ sampleRate: 8000, channels: 1, samples: half })).toBeCloseTo(0.5, 5);
  });

  it('refuses non-WAV and non-16-bit input', () => {
    expect(() => parseWav(new Uint8Array(20))).toThrow(/RIFF/);
    const eightBit = wav([1, 2]);
    new DataView(eightBit.buffer).setUint16(34, 8, true);
    expect(() => parseWav(eightBit)).toThrow(/16-bit/);
  });

  it('agrees with sox on a file sox wrote (a 1 s 440 Hz tone at half scale)', async () => {
    const path = join(dir, 'tone.wav');
    await run('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', path, 'synth', '1', 'sine', '440', 'vol', '0.5']);
    const audio = await readWav(path);
    expect(audio.sampleRate).toBe(8000);
    expect(wavDurationSeconds(audio)).toBeCloseTo(1, 3);
    // a sine's RMS is peak/√2: 0.5/√2 → −9.03 dBFS
    expect(rmsDbfs(audio.samples)).toBeCloseTo(-9.03, 1);
  });
});
