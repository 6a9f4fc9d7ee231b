import { describe, expect, it } from 'vitest';
import { systemClock } from './clock.js';

describe('systemClock', () => {
  it('reads a monotonic time that does not go backwards', () => {
    const a = systemClock.now();
    const b = systemClock.now();
    expect(typeof a).toBe('number');
    expect(b).toBeGreaterThanOrEqual(a);
  });

  it('fires a timer once and never fires a cleared one', async () => {
    const fired: string[] = [];
    const cleared = systemClock.setTimer(0, () => fired.push('cleared'));
    systemClock.clearTimer(cleared);
    await new Promise<void>((resolve) => systemClock.setTimer(1, () => { fired.push('kept'); resolve(); }));
    expect(fired).toEqual(['kept']);
  });
});
