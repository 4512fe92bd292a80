import { describe, expect, it } from 'vitest';
import { AdjustableClock } from './clock';

describe('AdjustableClock', () => {
  it('reads the set instant and runs on from it, until reset', () => {
    let real = 1_000_000;
    const clock = new AdjustableClock(() => real);
    clock.set(new Date('2025-01-10T09:00:00+08:00'));
    expect(clock.now().toISOString()).toBe('2025-01-10T01:00:00.000Z');
    real += 5_000;
    expect(clock.now().toISOString()).toBe('2025-01-10T01:00:05.000Z');
    clock.reset();
    expect(clock.now().getTime()).toBe(real);
  });
});
