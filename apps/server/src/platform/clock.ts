/**
 * Every time rule reads this, never Date.now(): tests and the sandbox move time through it.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * The sandbox clock: real time by default; once set, it reads the set instant and runs on from it
 * (SANDBOX.md: "from then on the platform's clock reads that instant and runs on from it").
 */
export class AdjustableClock implements Clock {
  private offsetMs = 0;
  private adjusted = false;

  constructor(private readonly base: () => number = Date.now) {}

  now(): Date {
    return new Date(this.base() + this.offsetMs);
  }

  set(instant: Date): void {
    this.offsetMs = instant.getTime() - this.base();
    this.adjusted = true;
  }

  /** Moves the clock forward by ms (tests). */
  advance(ms: number): void {
    this.offsetMs += ms;
    this.adjusted = true;
  }

  reset(): void {
    this.offsetMs = 0;
    this.adjusted = false;
  }

  isAdjusted(): boolean {
    return this.adjusted;
  }
}
