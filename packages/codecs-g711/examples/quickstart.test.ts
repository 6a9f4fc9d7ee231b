import { describe, expect, it, vi } from 'vitest';
import { main } from './quickstart.js';

describe('README quickstart', () => {
  it('runs and round-trips a tone within the mu-law error bound', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const { pcmu, pcma, maxError } = main();
    log.mockRestore();
    expect(pcmu).toHaveLength(160);
    expect(pcma).toHaveLength(160);
    expect(pcmu[0]).toBe(0xff); // sin(0) = 0
    expect(pcma[0]).toBe(0xd5);
    expect(maxError).toBeGreaterThan(0);
    expect(maxError).toBeLessThanOrEqual(128); // |x| ≤ 8000 lies in segments with steps of at most 256
  });
});
