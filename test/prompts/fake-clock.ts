import type { Clock } from '../../src/prompts/clock';

/** A clock the test moves by hand; injected in place of the system clock. */
export class FakeClock implements Clock {
  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current);
  }

  set(iso: string): Date {
    this.current = new Date(iso);
    return this.now();
  }
}
