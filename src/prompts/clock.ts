/**
 * The time source of everything scheduled. Injected (never `new Date()` in the schedule), so
 * tests can simulate days of downtime in milliseconds.
 */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };
