/** The time source; tests replace it to move time (the only thing tests fake). */
export interface Clock {
  now(): Date
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() }

/** RFC 3339 UTC string of a date, as stored and served: `2026-11-21T10:00:00.000Z`. */
export function iso(date: Date): string {
  return date.toISOString()
}

/** `date` plus `days` days. */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000)
}
