import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.js';

describe('FakeClock', () => {
  it('fires timers in due order at their own time, including ones scheduled while advancing', () => {
    const clock = new FakeClock(0);
    const seen: string[] = [];
    clock.setTimer(30, () => seen.push(`b@${clock.now()}`));
    clock.setTimer(10, () => {
      seen.push(`a@${clock.now()}`);
      clock.setTimer(5, () => seen.push(`c@${clock.now()}`));
    });
    clock.advance(20);
    expect(seen).toEqual(['a@10', 'c@15']);
    expect(clock.now()).toBe(20);
    clock.advance(10);
    expect(seen).toEqual(['a@10', 'c@15', 'b@30']);
  });

  it('does not fire cleared timers', () => {
    const clock = new FakeClock();
    let fired = 0;
    const t = clock.setTimer(1, () => fired++);
    clock.clearTimer(t);
    clock.advance(10);
    expect(fired).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('stops a runaway timer loop', () => {
    const clock = new FakeClock();
    const loop = (): void => void clock.setTimer(0, loop);
    loop();
    expect(() => clock.advance(1, 100)).toThrow(RangeError);
  });
});
