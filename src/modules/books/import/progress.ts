import cliProgress from 'cli-progress'

/** A progress display: `update` sets how far the work has come, `stop` ends the display. */
export interface Progress {
  /**
   * @param done units done so far (rows, books)
   * @param total units expected: a number draws the bar to it, null means not known yet (a
   *   running count, no bar), omitted keeps the last one
   */
  update(done: number, total?: number | null): void
  /**
   * Ends the display — on a terminal the bar is cleared — and writes `summary`, when given, as
   * one line (also when the stream is no terminal: that line is then all the display writes).
   * Safe to call more than once; only the first call writes.
   */
  stop(summary?: string): void
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** the word before the bar; default `importing` */
  label?: 'importing' | 'exporting'
  /** what is counted; default `rows` */
  unit?: string
  /** where to draw; default `process.stderr`. Drawn only when its `isTTY` is true. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean }
}

/**
 * A progress display for the CLI: on a terminal, a bar on standard error (cli-progress
 * `SingleBar`: `importing [████░░░░] 40% | 4000/10000 rows | ETA 1s`, or a running count
 * `importing | 4000 rows` while the total is unknown), cleared when it stops; otherwise nothing
 * but the one summary line `stop(summary)` writes, so that logs and pipes get no control
 * characters and no more than one line.
 * @param total the number of units expected, if known at the start
 * @see https://github.com/npkgz/cli-progress#usage
 */
export function createProgress(total?: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr
  let stopped = false
  const finish = (summary: string | undefined) => {
    if (stopped) return false
    stopped = true
    return summary !== undefined
  }
  if (!stream.isTTY) {
    return {
      update: () => {},
      stop: (summary) => {
        if (finish(summary)) stream.write(`${summary}\n`)
      },
    }
  }
  const label = options.label ?? 'importing'
  const unit = options.unit ?? 'rows'
  const barFormat = `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | ETA {eta}s`
  const bar = new cliProgress.SingleBar(
    {
      // A running count while the total is not known (the import's parse phase), else the bar.
      format: (barOptions, params, payload: { known?: boolean }) =>
        payload.known
          ? cliProgress.Format.Formatter({ ...barOptions, format: barFormat }, params, payload)
          : `${label} | ${params.value} ${unit}`,
      stream: stream as NodeJS.WriteStream,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  )
  bar.start(total ?? 0, 0, { known: total !== undefined })
  return {
    update: (done, newTotal) => {
      if (stopped) return
      if (typeof newTotal === 'number') {
        if (newTotal !== bar.getTotal()) bar.setTotal(newTotal)
        bar.update(done, { known: true })
      } else if (newTotal === null) {
        bar.update(done, { known: false })
      } else {
        bar.update(done)
      }
    },
    stop: (summary) => {
      if (stopped) return
      bar.stop()
      if (finish(summary)) stream.write(`${summary}\n`)
    },
  }
}

/**
 * A byte count for a summary line, in SI units with one decimal: `812 B`, `45.3 kB`, `1.6 MB`,
 * `2.1 GB`.
 * @param bytes a non-negative integer
 * @see https://physics.nist.gov/cuu/Units/binary.html (SI prefixes are powers of 1000)
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let value = bytes / 1000
  let i = 0
  while (value >= 999.95 && i < units.length - 1) {
    value /= 1000
    i++
  }
  return `${value.toFixed(1)} ${units[i]}`
}
