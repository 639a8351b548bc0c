import { CronExpressionParser } from 'cron-parser'
import type { ScheduledTaskType, TaskConfig } from '../../config.ts'

/**
 * The ticks of a cron expression (UTC) in `(after, until]`, oldest first, at most `limit` (a
 * process that slept through many ticks runs the schedule once per tick it saw, not a burst).
 * @see https://github.com/harrisiirak/cron-parser#readme
 */
export function ticksBetween(expression: string, after: Date, until: Date, limit = 3): Date[] {
  const interval = CronExpressionParser.parse(expression, { currentDate: after, tz: 'UTC' })
  const ticks: Date[] = []
  for (;;) {
    const next = interval.next().toDate()
    if (next.getTime() > until.getTime()) break
    ticks.push(next)
  }
  return ticks.slice(-limit)
}

/**
 * The first tick of a cron expression (UTC) after `after`.
 * @returns its time, milliseconds since the epoch
 * @see https://github.com/harrisiirak/cron-parser#readme
 */
export function nextTickAfter(expression: string, after: Date): number {
  return CronExpressionParser.parse(expression, { currentDate: after, tz: 'UTC' }).next().getTime()
}

/** The enabled schedules: `[type, cron expression]` pairs. */
export function enabledSchedules(config: TaskConfig): [ScheduledTaskType, string][] {
  return (Object.entries(config.schedules) as [ScheduledTaskType, string | null][]).filter((entry): entry is [ScheduledTaskType, string] => entry[1] !== null)
}
