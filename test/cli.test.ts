import assert from 'node:assert/strict'
import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { connectDatabase } from '../src/db/connect.ts'
import { SCHEMA_TAG, TEST_DATABASE_URL, TEST_DB, TS_LOADER } from './helper.ts'

// The real `library-api` process, as an operator runs it: every error is one line on stderr
// naming what is wrong, exit code 1, no stack.
const REPO = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'library-cli-'))
const schema = `imp_${SCHEMA_TAG}_cli_${process.pid}_${randomBytes(3).toString('hex')}`
const databaseUrl = TEST_DB === 'postgres'
  ? `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`
  : `sqlite:${join(dir, 'library.db')}`
const { DEBUG: _debug, ...inherited } = process.env
const env = {
  ...inherited,
  DATABASE_URL: databaseUrl,
  JWT_SECRET: 'cli-test-secret-cli-test-secret-cli-01',
  IMPORT_ON_START: 'false',
  ARGON2_MEMORY_KIB: '256',
  LOG_LEVEL: 'warn',
}
/** Runs the CLI to its end; several may run at once (each spawn costs about a second of tsx start). */
const cli = (args: string[], extraEnv: Record<string, string> = {}) =>
  new Promise<SpawnSyncReturns<string>>((resolve) => {
    const child = spawn(process.execPath, [...TS_LOADER, 'src/cli.ts', ...args], { cwd: REPO, env: { ...env, ...extraEnv } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    // 'close', not 'exit': 'exit' may come before the last output of stdout and stderr has been read
    child.on('close', (status) => resolve({ status, stdout, stderr } as SpawnSyncReturns<string>))
  })

/** Asserts a refusal: exit code 1, stderr exactly one line without stack frames, matching `expected`. */
function assertOneLineError(result: SpawnSyncReturns<string>, expected: RegExp) {
  assert.equal(result.status, 1, `exit code; stderr: ${result.stderr}`)
  const lines = result.stderr.split('\n').filter((line) => line !== '')
  assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`)
  assert.doesNotMatch(result.stderr, /^\s+at /m)
  assert.doesNotMatch(result.stderr, /\{|\[Object/)
  assert.match(lines[0]!, expected)
}

async function countBooks(): Promise<number> {
  const handle = TEST_DB === 'postgres'
    ? connectDatabase({ dialect: 'postgres', url: TEST_DATABASE_URL }, { searchPath: schema, poolSize: 1 })
    : connectDatabase({ dialect: 'sqlite', path: join(dir, 'library.db') })
  try {
    const { n } = await sql<{ n: number | string }>`select count(*) as n from books`.execute(handle.db).then((r) => r.rows[0]!)
    return Number(n)
  } finally {
    await handle.close()
  }
}

before(async () => {
  if (TEST_DB === 'postgres') {
    const result = spawnSync('psql', [TEST_DATABASE_URL, '-qc', `create schema ${schema}`], { encoding: 'utf8' })
    assert.equal(result.status, 0, result.stderr)
  }
  assert.equal((await cli(['migrate'])).status, 0)
})
// the test runner drops test schemas after the pass (see test/helper.ts)
after(() => rmSync(dir, { recursive: true, force: true }))

describe('library-api import of a broken CSV commits nothing and says why in one line', { concurrency: true }, () => {
  const header = 'book_id,isbn,isbn13,authors,original_publication_year,original_title,title,language_code'
  const rows = Array.from({ length: 1_200 }, (_, i) => `${i + 1},,,Author ${i + 1},2001.0,,Title ${i + 1},eng`)
  const fixtures: [string, string | Buffer, RegExp][] = [
    ['unclosed-quote.csv', `${header}\n${rows.join('\n')}\n1201,,,"Never closed,2001.0,,Last,eng\n`, /: row 1201 \(from line 1202\): a quoted field opened there is never closed$/],
    ['wrong-header.csv', `id,name,writer\n1,Dune,Frank Herbert\n`, /: line 1: the header lacks the column\(s\) title, authors/],
    ['empty.csv', '', /: the file is empty/],
    ['header-only.csv', `${header}\n`, /: no book rows after the header line$/],
    ['binary.csv', randomBytes(8_192), /: line \d+: (not UTF-8 text|a NUL byte) \(is it a binary file\?\)$/],
  ]
  for (const [name, content, expected] of fixtures) {
    test(name, async () => {
      const file = join(dir, name)
      writeFileSync(file, content)
      const result = await cli(['import', file])
      assertOneLineError(result, new RegExp(`^import: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${expected.source}`))
      assert.equal(result.stdout, '')
      assert.equal(await countBooks(), 0)
    })
  }

  test('a missing file', async () => {
    assertOneLineError(await cli(['import', join(dir, 'nope.csv')]), /^import: .*nope\.csv: cannot read: no such file$/)
  })

  test('DEBUG=1 adds the stack after the line', async () => {
    const result = await cli(['import', join(dir, 'nope.csv')], { DEBUG: '1' })
    assert.equal(result.status, 1)
    assert.match(result.stderr, /^import: .*nope\.csv: cannot read: no such file\n/)
    assert.match(result.stderr, /^\s+at /m)
  })

})

test('a parseable file imports its valid rows in one go and reports the rejected ones', async () => {
  const file = join(dir, 'mixed.csv')
  writeFileSync(file, `book_id,isbn,isbn13,authors,original_publication_year,original_title,title,language_code\n1,,,A. Writer,2001.0,,Good one,eng\n2,,,,2001.0,,No author,eng\n3,,,B. Writer,1999,,Good two,en\n`)
  const result = await cli(['import', file])
  assert.equal(result.status, 0, result.stderr)
  assert.match(result.stdout, /^3 rows in [\d.]+ s: 2 imported \(0 repaired\), 0 already in the catalog, 1 rejected$/m)
  assert.match(result.stdout, /^ {2}row 2: authors is empty$/m)
  assert.equal(await countBooks(), 2)
})

describe('create-admin applies the API rules', { concurrency: true }, () => {
  const cases: [string[], RegExp][] = [
    [['-u', 'bad name!'], /^create-admin: username must be 3–32 of A-Z a-z 0-9 _ \. -$/],
    [['-u', 'ab'], /^create-admin: username must be 3–32/],
    [['-u', 'good_name', '-e', 'notanemail'], /^create-admin: email must be an email address/],
    [['-u', 'good_name', '-p', 'alllowercase1!'], /^create-admin: password \(--password\) must contain an upper-case letter/],
    [['-u', 'good_name', '-p', 'Sh0rt!'], /^create-admin: password \(--password\) must be 8 to 128 characters$/],
    [[], /^create-admin: required option '-u, --username <name>' not specified$/],
  ]
  for (const [args, expected] of cases) {
    test(`refuses ${JSON.stringify(args)}`, async () => assertOneLineError(await cli(['create-admin', ...args]), expected))
  }

  test('creates an admin once; the second time is one line', async () => {
    const first = await cli(['create-admin', '-u', 'ops_admin', '-p', 'Ops-Admin-Pass-9'])
    assert.equal(first.status, 0, first.stderr)
    assert.match(first.stdout, /^created admin ops_admin \(id \d+\)$/m)
    assertOneLineError(await cli(['create-admin', '-u', 'ops_admin', '-p', 'Ops-Admin-Pass-9']), /^create-admin: the username ops_admin is taken$/)
    assertOneLineError(await cli(['create-admin', '-u', 'ops_admin2', '-e', 'ops_admin@library.invalid', '-p', 'Ops-Admin-Pass-9']), /^create-admin: the email ops_admin@library\.invalid is already registered$/)
  })
})

describe('operator errors', { concurrency: true }, () => {
  test('an unreachable database names DATABASE_URL with its password masked', async () => {
    const result = await cli(['migrate'], { DATABASE_URL: 'postgres://library:s3cret-pw@127.0.0.1:1/library' })
    assertOneLineError(result, /^migrate: database unreachable: DATABASE_URL=postgres:\/\/library:\*\*\*@127\.0\.0\.1:1\/library: connect ECONNREFUSED/)
    assert.doesNotMatch(result.stderr, /s3cret/)
  })

  test('a port in use is named with PORT/HOST, before anything is done', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen({ port: 0, host: '127.0.0.1' }, resolve))
    const { port } = blocker.address() as { port: number }
    try {
      const result = await new Promise<SpawnSyncReturns<string>>((resolve) => {
        const child = spawn(process.execPath, [...TS_LOADER, 'src/cli.ts', 'serve'], { cwd: REPO, env: { ...env, PORT: String(port) } })
        let stdout = ''
        let stderr = ''
        child.stdout.on('data', (d) => (stdout += d))
        child.stderr.on('data', (d) => (stderr += d))
        // 'close', not 'exit': 'exit' may come before the last output of stdout and stderr has been read
    child.on('close', (status) => resolve({ status, stdout, stderr } as SpawnSyncReturns<string>))
      })
      assertOneLineError(result, new RegExp(`^serve: port ${port} on 127\\.0\\.0\\.1 is in use \\(PORT/HOST\\)$`))
    } finally {
      blocker.close()
    }
  })

  test('a configuration error names the key and the rule, not the value', async () => {
    assertOneLineError(await cli(['migrate'], { PORT: '70000' }), /^migrate: invalid configuration: PORT: an integer from 0 to 65535$/)
    assertOneLineError(await cli(['migrate'], { REDIS_URL: 'http://cache:6379' }), /^migrate: REDIS_URL: a redis:\/\/ or rediss:\/\/ URL/)
    assertOneLineError(await cli(['migrate'], { TRUST_PROXY: '0.0.0.0/0' }), /^migrate: TRUST_PROXY: a \/0 range trusts every client's X-Forwarded-For/)
  })

  test('an unknown command says so; a word is never taken for serve', async () => {
    assertOneLineError(await cli(['frobnicate']), /^library-api: unknown command 'frobnicate'$/)
    assertOneLineError(await cli(['serv']), /^library-api: unknown command 'serv' \(Did you mean serve\?\)$/)
    assertOneLineError(await cli(['--workers', '0']), /^serve: option '-w, --workers <n>' argument '0' is invalid/)
  })

  test('--version prints the package version', async () => {
    const result = await cli(['--version'])
    assert.equal(result.status, 0)
    assert.equal(result.stdout.trim(), JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version)
  })

  test('openapi | head: a reader closing the pipe early is no error', async () => {
    const child = spawn(process.execPath, [...TS_LOADER, 'src/cli.ts', 'openapi'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d))))
    assert.match(first, /^\{/)
    child.stdout.destroy()
    assert.equal(await exited, 0)
    assert.equal(stderr, '')
  })
})

test('started from another directory: finds the shipped catalog, says which database and catalog it uses', async () => {
  const elsewhere = mkdtempSync(join(tmpdir(), 'library-cwd-'))
  // Below Linux's ephemeral range (32768–60999): a port there may be the source port of any outgoing connection.
  const port = 20_000 + Math.floor(Math.random() * 12_000)
  // A fresh database (PostgreSQL: a second schema) so that the catalog is imported on start.
  const startSchema = `${schema}_s`
  if (TEST_DB === 'postgres') assert.equal(spawnSync('psql', [TEST_DATABASE_URL, '-qc', `create schema ${startSchema}`]).status, 0)
  const startUrl = TEST_DB === 'postgres' ? `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${startSchema}`)}` : 'sqlite:relative/library.db'
  const child = spawn(process.execPath, [join(REPO, 'bin', 'library-api.js')], {
    cwd: elsewhere,
    env: { ...env, DATABASE_URL: startUrl, PORT: String(port), IMPORT_ON_START: 'true', LOG_LEVEL: 'info', ADMIN_PASSWORD: 'Cwd-Test-Admin-9!' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  try {
    for (let i = 0; i < 300 && !output.includes('ready at') && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100))
    const storage = output.split('\n').map((line) => (line.startsWith('{') ? JSON.parse(line) : {})).find((entry) => entry.msg?.startsWith('storage:'))
    assert.ok(storage, `no storage line in:\n${output}`)
    assert.equal(storage.catalog, join(REPO, 'data/goodbooks-10k/books.csv'))
    assert.equal(storage.database, TEST_DB === 'postgres' ? startUrl : `sqlite:${join(elsewhere, 'relative/library.db')}`)
    const imported = output.split('\n').map((line) => (line.startsWith('{') ? JSON.parse(line) : {})).find((entry) => entry.msg === 'catalog imported')
    assert.equal(imported?.imported, 10_000, output)
  } finally {
    child.kill('SIGTERM')
    await exited
    rmSync(elsewhere, { recursive: true, force: true })
  }
})

describe('library-api export', () => {
  // A database of its own: the tests above count the books of theirs.
  const exportSchema = `${schema}_x`
  const exportEnv = {
    DATABASE_URL: TEST_DB === 'postgres' ? `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${exportSchema}`)}` : `sqlite:${join(dir, 'export.db')}`,
  }
  const header = 'id,title,author,isbn,publication_year,publisher,language,summary,genres,copies_total'
  const expected = [
    `${header}\r\n`,
    '1,The Iliad,"Homer, Robert Fagles",9780140275360,-750,Penguin,en,"Rage, goddess","[""epic""]",2\r\n',
    '2,Dune,Frank Herbert,9780441172719,1965,,en-US,,"[""sf"",""Classics""]",3\r\n',
    '3,Le Petit Prince,Antoine de Saint-Exupéry,,1943,,fr,,"[""classics""]",1\r\n',
  ]
  const ids = (csv: string) => csv.split('\r\n').slice(1, -1).map((line) => Number(line.split(',')[0]))
  const assertSummaryLine = (stderr: string, books: number) => assert.match(stderr, new RegExp(`^exported ${books} books? \\(\\d+ B\\) in \\d+\\.\\d s\\n$`))
  let seeded: SpawnSyncReturns<string>

  before(async () => {
    if (TEST_DB === 'postgres') assert.equal(spawnSync('psql', [TEST_DATABASE_URL, '-qc', `create schema ${exportSchema}`]).status, 0)
    // Seeded through the CLI from a catalog-form file (ids 7–9 in the file; new ids 1–3).
    const seed = join(dir, 'catalog-form.csv')
    writeFileSync(seed, [
      header,
      '7,The Iliad,"Homer, Robert Fagles",9780140275360,-750,Penguin,en,"Rage, goddess","[""epic""]",2',
      '8,Dune,Frank Herbert,9780441172719,1965,,en-US,,"[""sf"",""Classics""]",3',
      '9,Le Petit Prince,Antoine de Saint-Exupéry,,1943,,fr,,"[""classics""]",1',
    ].join('\n') + '\n')
    seeded = await cli(['import', seed], exportEnv)
    assert.equal(seeded.status, 0, seeded.stderr)
  })

  test('import, stderr not a terminal: one summary line (beside the response-cache note), no bar', () => {
    assert.match(seeded.stdout, /^3 rows in [\d.]+ s: 3 imported \(0 repaired\), 0 already in the catalog, 0 rejected$/m)
    const lines = seeded.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('response cache:'))
    assert.equal(lines.length, 1, seeded.stderr)
    assert.match(lines[0]!, /^imported 3 of 3 rows \(0 already in the catalog, 0 rejected\) in \d+\.\d s$/)
    assert.ok(!seeded.stderr.includes('\r') && !seeded.stderr.includes('\u001b'), 'no carriage return or escape sequence')
  })

  describe('writes', { concurrency: true }, () => {
    test('--out: the file, nothing on stdout, one summary line on stderr, no temporary file left', async () => {
      const out = join(dir, 'catalog.csv')
      const result = await cli(['export', '--out', out], exportEnv)
      assert.equal(result.status, 0, result.stderr)
      assert.equal(result.stdout, '')
      assertSummaryLine(result.stderr, 3)
      assert.equal(readFileSync(out, 'utf8'), expected.join(''))
      assert.deepEqual(readdirSync(dir).filter((name) => name.includes('.partial')), [])
    })

    test('standard output: the CSV itself', async () => {
      const result = await cli(['export'], exportEnv)
      assert.equal(result.status, 0, result.stderr)
      assert.equal(result.stdout, expected.join(''))
      assertSummaryLine(result.stderr, 3)
    })

    const filters: [string[], number[]][] = [
      [['--author', 'HOMER'], [1]],
      [['--genre', 'classics'], [2, 3]],
      [['--language', 'EN-us'], [2]],
      [['--year', '-750'], [1]],
      [['--year=1943', '--language', 'fr'], [3]],
      [['--author', 'nobody'], []],
    ]
    for (const [args, expectedIds] of filters) {
      test(`filter ${args.join(' ')}`, async () => {
        const result = await cli(['export', ...args], exportEnv)
        assert.equal(result.status, 0, result.stderr)
        assert.deepEqual(ids(result.stdout), expectedIds)
        assertSummaryLine(result.stderr, expectedIds.length)
      })
    }
  })

  describe('refusals are one line', { concurrency: true }, () => {
    for (const year of ['abc', '2101', '-5001', '1e3', '042', '']) {
      test(`--year ${JSON.stringify(year)}`, async () => {
        const result = await cli(['export', '--year', year], exportEnv)
        assertOneLineError(result, new RegExp(`^export: option '--year <n>' argument '${year}' is invalid\\. a whole year from -5000 to 2100$`))
        assert.equal(result.stdout, '')
      })
    }

    test('--out in a folder that does not exist', async () => {
      const out = join(dir, 'missing-folder', 'catalog.csv')
      assertOneLineError(await cli(['export', '--out', out], exportEnv), /^export: cannot write .*missing-folder\/catalog\.csv: ENOENT$/)
    })
  })
})
