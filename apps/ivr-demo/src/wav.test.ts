import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPrompts } from './prompts.js';
import { tone } from './tones.js';
import { WavFormatError, readWav, rmsDbfs, writeWav } from './wav.js';

const dir = mkdtempSync(join(tmpdir(), 'ivr-wav-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('WAV files', () => {
  it('round-trips 8 kHz mono PCM', () => {
    const pcm = tone(440, 100);
    writeWav(join(dir, 'a.wav'), pcm);
    expect(Array.from(readWav(join(dir, 'a.wav')))).toEqual(Array.from(pcm));
  });

  it('refuses other formats, naming the file', () => {
    writeFileSync(join(dir, 'bad.wav'), 'not a wav at all');
    expect(() => readWav(join(dir, 'bad.wav'))).toThrow(WavFormatError);
    expect(() => readWav(join(dir, 'bad.wav'))).toThrow(/bad\.wav: not a RIFF/);
  });

  it('measures level: full-scale sine is about -3 dBFS, silence is -Infinity', () => {
    expect(rmsDbfs(tone(1000, 1000, 32767))).toBeCloseTo(-3.01, 1);
    expect(rmsDbfs(new Int16Array(80))).toBe(-Infinity);
  });
});

describe('prompts', () => {
  it('loads the shipped prompts, which are speech and not silence', () => {
    const p = loadPrompts();
    expect(p.menu.length / 8000).toBeGreaterThan(4);
    expect(rmsDbfs(p.menu)).toBeGreaterThan(-30);
    const time = p.time(new Date(2026, 0, 1, 9, 41));
    expect(time.length / 8000).toBeGreaterThan(2);
    // "9" and "41" are three digits: longer than "1" and "0" (two)
    expect(time.length).toBeGreaterThan(p.time(new Date(2026, 0, 1, 1, 0)).length);
  });
});
