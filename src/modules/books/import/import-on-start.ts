import { existsSync } from 'node:fs'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../../../db/schema.ts'
import type { Clock } from '../../../shared/clock.ts'
import { importCatalog } from './import-catalog.ts'
import { createProgress } from './progress.ts'

/**
 * Imports the catalog CSV when the books table is empty (the first `npm start`), with a progress
 * bar on a TTY and the report's counts in the log.
 * @returns the report, or undefined when books exist already or the file is missing (logged)
 */
export async function importCatalogIfEmpty(db: Db, csvPath: string, log: FastifyBaseLogger, clock: Clock) {
  const any = await db.selectFrom('books').select('id').limit(1).executeTakeFirst()
  if (any) return undefined
  if (!existsSync(csvPath)) {
    log.warn({ csvPath }, 'the catalog CSV is missing; starting with an empty catalog')
    return undefined
  }
  log.info({ csvPath }, 'empty catalog: importing')
  const progress = createProgress(10_000)
  let report
  try {
    report = await importCatalog(db, csvPath, { clock, onProgress: (n) => progress.update(n) })
  } finally {
    progress.stop()
  }
  log.info(
    { imported: report.imported, repaired: report.repaired, rejected: report.rejected, skipped_existing: report.skipped_existing, seconds: report.seconds },
    'catalog imported',
  )
  return report
}
