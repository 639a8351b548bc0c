// No database, no Redis: scripts/test.mjs runs this file in the first backend's pass only.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'

/** Every .js file under `dir`. */
const jsFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? jsFiles(join(dir, entry.name)) : entry.name.endsWith('.js') ? [join(dir, entry.name)] : []))

// The tests run the sources through tsx; `npm run start:built`, the Dockerfile and the bench run
// dist/, where an import still naming a .ts file fails at start (it happened once: a dynamic
// import inside `export default fp(…)` kept its `.ts`).
test('the build (tsconfig.build.json) names no .ts file in any import of dist/', { timeout: 120_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), 'library-build-'))
  try {
    const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', out], { encoding: 'utf8' })
    assert.equal(result.status, 0, result.stdout + result.stderr)
    const files = jsFiles(out)
    assert.ok(files.some((f) => f.endsWith('plugins/tasks.js')), 'the build emitted the plugins')
    const offenders = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:from\s*|import\s*\(\s*)(['"])(\.{1,2}\/[^'"]+\.ts)\1/g)].map((m) => `${file.slice(out.length + 1)}: ${m[2]}`),
    )
    assert.deepEqual(offenders, [])
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
})
