import { describe, expect, it } from 'vitest';
import { systemClock } from './clock.js';

describe('systemClock', () => {
  it('fires a timer once, after its delay on its own clock', async () => {
    const start = systemClock.now();
    const firedAt = await new Promise<number>((resolve) => systemClock.setTimer(5, () => resolve(systemClock.now())));
    expect(firedAt).toBeGreaterThanOrEqual(start);
  });

  it('does not fire a cleared timer', async () => {
    let fired = false;
    const handle = systemClock.setTimer(1, () => (fired = true));
    systemClock.clearTimer(handle);
    await new Promise<void>((resolve) => systemClock.setTimer(20, resolve));
    expect(fired).toBe(false);
  });

  it('is monotonic', () => {
    const a = systemClock.now();
    const b = systemClock.now();
    expect(b).toBeGreaterThanOrEqual(a);
  });
});
