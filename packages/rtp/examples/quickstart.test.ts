import { withTimeout } from '@voip/testkit';
import { describe, expect, it, vi } from 'vitest';
import { main } from './quickstart.js';

describe('README quickstart', () => {
  it('exchanges a tone and three keys between two endpoints on loopback', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const { digits, peak } = await withTimeout(main(), 10_000, 'quickstart did not finish');
      expect(digits).toBe('12#');
      expect(peak).toBeGreaterThan(9000);
      expect(peak).toBeLessThan(10_500);
      expect(log).toHaveBeenCalledWith(`Bob heard a peak of ${peak} and the keys 12#`);
    } finally {
      log.mockRestore();
    }
  });
});
