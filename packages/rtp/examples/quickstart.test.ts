import { readFile } from 'node:fs/promises';
import { withTimeout } from '@voip/testkit';
import { describe, expect, it, vi } from 'vitest';
import { main } from './quickstart.js';

describe('README quickstart', () => {
  it('exchanges a WAV and three keys between two endpoints on loopback', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const { digits, peak, heard } = await withTimeout(main(), 10_000, 'quickstart did not finish');
      expect(digits).toBe('12#');
      expect(peak).toBeGreaterThan(9000);
      expect(peak).toBeLessThan(10_500);
      const wav = await readFile(heard);
      expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
      expect(wav.readUInt32LE(24)).toBe(8000);
      expect(wav.readUInt32LE(40)).toBeGreaterThanOrEqual(2 * 4000); // at least the half second sent
      expect(log).toHaveBeenCalledWith(`Bob heard a peak of ${peak} and the keys 12#; saved to ${heard}`);
    } finally {
      log.mockRestore();
    }
  });
});
