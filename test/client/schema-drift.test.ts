// No database, no Redis: scripts/test.mjs runs this file in the first backend's pass only.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { fromRepositoryRoot, renderClientFiles } from '../../scripts/client-schema.ts'

// The client's generated files are committed; they must be what the current document generates.

test('the committed client types match the OpenAPI document the app serves', { timeout: 120_000 }, async () => {
  for (const [path, expected] of Object.entries(await renderClientFiles())) {
    const committed = readFileSync(fromRepositoryRoot(path), 'utf8')
    if (committed === expected) continue
    const committedLines = committed.split('\n')
    const expectedLines = expected.split('\n')
    const line = expectedLines.findIndex((text, i) => text !== committedLines[i])
    assert.fail(
      `${path} is stale: the OpenAPI document changed. Run \`npm run client:generate\` and commit the result.\n` +
        `first difference at line ${line + 1}:\n  committed: ${committedLines[line] ?? '(end of file)'}\n  generated: ${expectedLines[line] ?? '(end of file)'}`,
    )
  }
})
