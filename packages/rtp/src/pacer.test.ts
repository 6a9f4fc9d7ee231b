import { FakeClock } from '@voip/testkit';
import { describe, expect, it } from 'vitest';
import { PACING_GRID_MS, Pacer, pacerFor } from './pacer.js';
import { systemClock } from './clock.js';

describe('Pacer', () => {
  it('runs tasks in due order on one timer, and in the order added when due together', () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer(clock);
    const log: string[] = [];
    const every = (name: string, period: number) => ({ run: (now: number) => (log.push(`${name}@${now}`), now + period) });
    pacer.add(every('a', 20), 20);
    pacer.add(every('b', 20), 20);
    pacer.add(every('c', 10), 5);
    expect(clock.pending).toBe(1);
    clock.advance(40);
    expect(log).toEqual(['c@5', 'c@15', 'a@20', 'b@20', 'c@25', 'c@35', 'a@40', 'b@40']);
    expect(clock.pending).toBe(1);
  });

  it('stops running a removed task, and disarms when none is left', () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer(clock);
    let runs = 0;
    const handle = pacer.add({ run: (now) => (runs++, now + 20) }, 20);
    clock.advance(40);
    pacer.remove(handle);
    clock.advance(100);
    expect(runs).toBe(2);
    expect(clock.pending).toBe(0);
    expect(pacer.size).toBe(0);
  });

  it('lets a task remove itself while it runs', () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer(clock);
    let runs = 0;
    const handle: object = pacer.add({ run: (now) => (runs++, pacer.remove(handle), now + 20) }, 20);
    clock.advance(100);
    expect(runs).toBe(1);
  });

  it('keeps one pacer per clock', () => {
    const clock = new FakeClock(0);
    expect(pacerFor(clock)).toBe(pacerFor(clock));
    expect(pacerFor(clock)).not.toBe(pacerFor(systemClock));
  });

  it('spreads the starts of tasks with one period over its grid phases, and reuses a released phase', () => {
    const pacer = new Pacer(new FakeClock(0));
    const phases = 20 / PACING_GRID_MS;
    const starts = Array.from({ length: 2 * phases }, () => pacer.claimPhase(1, 20));
    // every start is on the grid, within one period of now, and each phase is used exactly twice
    for (const start of starts) {
      expect(start % PACING_GRID_MS).toBe(0);
      expect(start).toBeGreaterThanOrEqual(1);
      expect(start).toBeLessThan(1 + 20);
    }
    const perPhase = new Map<number, number>();
    for (const start of starts) perPhase.set(start % 20, (perPhase.get(start % 20) ?? 0) + 1);
    expect([...perPhase.values()]).toEqual(Array(phases).fill(2));
    // the earliest phase wins a tie; a released phase is the least used one again
    pacer.releasePhase(starts[3]!, 20);
    expect(pacer.claimPhase(100, 20) % 20).toBe(starts[3]! % 20);
    // another period keeps its own count: its first start is the next grid point
    expect(pacer.claimPhase(1, 30)).toBe(PACING_GRID_MS);
  });

  // 10 and 30 ms are not multiples of the 4 ms grid; counting phases modulo 12 or 32 ms missed these collisions
  it.each([10, 30])('counts the exact phase of a %i ms period: a grid point whole periods later shares it', (period) => {
    const pacer = new Pacer(new FakeClock(0));
    expect(pacer.claimPhase(0, period)).toBe(0);
    // 2 periods later is a grid point with phase 0 again, already held: the next grid point is chosen
    expect(pacer.claimPhase(2 * period, period)).toBe(2 * period + PACING_GRID_MS);
    // a released phase is free again; the other stays held
    pacer.releasePhase(0, period);
    expect(pacer.claimPhase(4 * period, period)).toBe(4 * period);
    expect(pacer.claimPhase(0, period)).toBe(2 * PACING_GRID_MS);
  });
});
