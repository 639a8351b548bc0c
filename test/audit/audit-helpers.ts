import { PassThrough } from 'node:stream'
import type { AuditEntry } from '../../src/shared/audit.ts'
import { entryOf } from '../../src/modules/audit/audit-chain.ts'
import type { TestContext } from '../helper.ts'

/** Every audit row of one event kind (or all), in chain order, read straight from the table. */
export async function auditRows(t: TestContext, event?: string): Promise<AuditEntry[]> {
  let query = t.app.db.selectFrom('audit_log').selectAll()
  if (event) query = query.where('event', '=', event)
  return (await query.orderBy('id', 'asc').execute()).map(entryOf)
}

/** The one row of `event` written by the request whose response carried `requestId`. */
export async function rowOf(t: TestContext, event: string, requestId: string): Promise<AuditEntry> {
  const rows = (await auditRows(t, event)).filter((row) => row.request_id === requestId)
  if (rows.length !== 1) throw new Error(`expected one ${event} row for request ${requestId}, found ${rows.length}`)
  return rows[0]!
}

/** A log stream for `buildTestApp({}, {logStream})` and the JSON lines written to it so far. */
export function logCapture() {
  const stream = new PassThrough()
  const lines: Record<string, unknown>[] = []
  let text = ''
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8')
    const parts = text.split('\n')
    text = parts.pop()!
    for (const part of parts) if (part) lines.push(JSON.parse(part) as Record<string, unknown>)
  })
  return { stream, lines, text: () => lines.map((l) => JSON.stringify(l)).join('\n') }
}
