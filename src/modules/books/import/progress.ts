import cliProgress from 'cli-progress'

/** A progress display: `update(n)` sets the number of rows done, `stop()` ends the display. */
export interface Progress {
  update(rowsDone: number): void
  stop(): void
}

/**
 * A progress bar on standard error when it is a terminal (cli-progress `SingleBar`), otherwise
 * a no-op, so that logs and pipes get no control characters.
 * @param total the number of rows expected; unknown → a running count without bar or ETA
 * @see https://github.com/npkgz/cli-progress#usage
 */
export function createProgress(total?: number): Progress {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} }
  const format = total === undefined
    ? 'importing | {value} rows'
    : 'importing [{bar}] {percentage}% | {value}/{total} rows | ETA {eta}s'
  const bar = new cliProgress.SingleBar(
    { format, stream: process.stderr, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  )
  bar.start(total ?? 0, 0)
  return {
    update: (rowsDone) => bar.update(rowsDone),
    stop: () => bar.stop(),
  }
}
