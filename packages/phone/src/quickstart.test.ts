import { describe, expect, it } from 'vitest';
import { main } from '../examples/quickstart.js';

describe('README quickstart', () => {
  it('runs: the desk phone receives the digit the caller pressed', async () => {
    expect(await main()).toBe('5');
  });
});
