// No database, no Redis: scripts/test.mjs runs this file in the first backend's pass only.
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { describe, test } from 'node:test'
import { createProgress, formatBytes } from '../../src/modules/books/import/progress.ts'

/** A stream that keeps what is written; a terminal of 80 columns when `tty`. */
function capture(tty: boolean) {
  let text = ''
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      text += String(chunk)
      callback()
    },
  }) as Writable & { isTTY?: boolean; columns?: number }
  if (tty) {
    stream.isTTY = true
    stream.columns = 80
  }
  return { stream, text: () => text }
}

describe('createProgress', () => {
  test('not a terminal: nothing while it runs, then exactly the one summary line', () => {
    const out = capture(false)
    const progress = createProgress(undefined, { label: 'exporting', unit: 'books', stream: out.stream })
    progress.update(10, null)
    progress.update(500, 1000)
    progress.update(1000)
    assert.equal(out.text(), '')
    progress.stop('exported 1000 books (81.2 kB) in 0.1 s')
    progress.stop('a second summary is not written')
    progress.stop()
    assert.equal(out.text(), 'exported 1000 books (81.2 kB) in 0.1 s\n')
  })

  test('not a terminal, stopped without a summary (a failure): nothing at all', () => {
    const out = capture(false)
    const progress = createProgress(10, { stream: out.stream })
    progress.update(5)
    progress.stop()
    assert.equal(out.text(), '')
  })

  test('a terminal: a running count while the total is unknown, then the labelled bar, cleared at the end before the summary line', () => {
    const out = capture(true)
    const progress = createProgress(undefined, { label: 'importing', unit: 'rows', stream: out.stream })
    progress.update(40, null)
    progress.stop()
    assert.match(out.text(), /importing \| 40 rows/)

    const bar = capture(true)
    const exporting = createProgress(undefined, { label: 'exporting', unit: 'books', stream: bar.stream })
    exporting.update(2, 5)
    exporting.update(5, 5)
    exporting.stop('exported 5 books (1.2 kB) in 0.0 s')
    assert.match(bar.text(), /exporting \[[█░]+\] 100% \| 5\/5 books/)
    assert.ok(bar.text().endsWith('exported 5 books (1.2 kB) in 0.0 s\n'), JSON.stringify(bar.text().slice(-80)))
    // Cleared: the line is erased (ESC [2K) after the last drawing of the bar.
    assert.ok(bar.text().lastIndexOf('\x1b[2K') > bar.text().lastIndexOf('5/5 books'))
  })
})

test('formatBytes: SI units, one decimal', () => {
  assert.deepEqual([0, 999, 1000, 81_234, 999_949, 999_950, 1_600_000, 2_100_000_000].map(formatBytes), ['0 B', '999 B', '1.0 kB', '81.2 kB', '999.9 kB', '1.0 MB', '1.6 MB', '2.1 GB'])
})
