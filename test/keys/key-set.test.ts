// No database, no Redis: scripts/test.mjs runs this file in the first backend's pass only.
import assert from 'node:assert/strict'
import { spawn, type SpawnSyncReturns } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../../src/app.ts'
import { ConfigError, loadConfig } from '../../src/config.ts'
import { KeyRing } from '../../src/modules/keys/key-ring.ts'
import { addKey, generateKey, type KeySet, KeySetError, parseKeySet, readKeySetFile, retireKey, writeKeySetFile } from '../../src/modules/keys/key-set.ts'
import { testConfig, TS_LOADER } from '../helper.ts'

const dir = mkdtempSync(join(tmpdir(), 'library-keyset-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const now = new Date('2026-11-21T10:00:00Z')

describe('key set files', () => {
  test('a key set is refused when it is not one of this service, naming the source and never the key', async () => {
    const ed = await generateKey('EdDSA', now)
    const cases: [string, RegExp][] = [
      ['not json', /not valid JSON/],
      ['{"keys": [{"kty": "oct", "k": "c2VjcmV0", "kid": "a", "alg": "HS256", "use": "sig", "created_at": "2026-11-21T10:00:00Z"}]}', /not a key set/],
      [JSON.stringify({ keys: [ed, ed] }), /duplicate kid/],
      [JSON.stringify({ keys: [{ ...ed, alg: 'RS256' }] }), /OKP key is Ed25519/],
      [JSON.stringify({ keys: [{ ...ed, use: 'enc' }] }), /not a key set/],
      [JSON.stringify({ keys: [{ ...ed, retired_at: '2020-01-01T00:00:00Z' }] }), /retired_at before created_at/],
    ]
    for (const [text, message] of cases) {
      assert.throws(() => parseKeySet(text, 'SOURCE'), (error: Error) => {
        assert.ok(error instanceof KeySetError)
        assert.match(error.message, /^SOURCE/)
        assert.match(error.message, message)
        assert.ok(!error.message.includes(ed.d))
        return true
      })
    }
  })

  test('an RSA modulus under 2048 bits is refused', async () => {
    const rsa = await generateKey('RS256', now)
    const short = { ...rsa, n: Buffer.from(rsa.n!, 'base64url').subarray(0, 128).toString('base64url') }
    assert.throws(() => parseKeySet(JSON.stringify({ keys: [short] }), 'f'), /at least 2048 bits/)
  })

  test('retire refuses an unknown kid, a retired key and the only active key', async () => {
    const one = { keys: [await generateKey('EdDSA', now)] }
    const kid = one.keys[0]!.kid
    assert.throws(() => retireKey(one, kid, now), /only active key.*keys rotate/)
    assert.throws(() => retireKey(one, 'nope', now), /no key with kid/)
    const two = addKey(one, await generateKey('EdDSA', now))
    const retired = retireKey(two, kid, now)
    assert.equal(retired.keys[0]!.retired_at, now.toISOString())
    assert.throws(() => retireKey(retired, kid, now), /retired already/)
  })

  test('the file is written with mode 0600 and read back', async () => {
    const file = join(dir, 'sub', 'jwks.json')
    const set: KeySet = { keys: [await generateKey('EdDSA', now)] }
    await writeKeySetFile(file, set)
    assert.equal(statSync(file).mode & 0o777, 0o600)
    assert.deepEqual(await readKeySetFile(file), set)
    await assert.rejects(readKeySetFile(join(dir, 'missing.json')), (error: Error) => error instanceof KeySetError && /cannot read.*keys generate/.test(error.message))
  })

  test('a ring needs an active key, and valid key material', async () => {
    const key = await generateKey('EdDSA', now)
    await assert.rejects(KeyRing.load({ set: { keys: [{ ...key, retired_at: now.toISOString() }] }, name: 'JWT_KEYS' }, { retiredLifetime: 60 }), /no active key/)
    const other = await generateKey('EdDSA', now)
    const broken = { ...key, d: Buffer.alloc(7).toString('base64url'), x: other.x }
    await assert.rejects(KeyRing.load({ set: { keys: [broken] }, name: 'JWT_KEYS' }, { retiredLifetime: 60 }), (error: Error) => error instanceof KeySetError && /not a valid EdDSA private key/.test(error.message))
  })
})

describe('configuration of signing keys', () => {
  const env = { NODE_ENV: 'production', ADMIN_PASSWORD: 'a-long-admin-password' }

  test('production refuses to start with neither a secret nor keys', () => {
    assert.throws(() => loadConfig(env, { dataDir: dir }), (error: Error) => error instanceof ConfigError && /^JWT_SECRET: required in production .*unless signing keys are set \(JWT_KEYS_FILE or JWT_KEYS\)/.test(error.message))
  })

  test('production starts with keys only', async () => {
    const set = JSON.stringify({ keys: [await generateKey('EdDSA', now)] })
    const config = loadConfig({ ...env, JWT_KEYS: set }, { dataDir: dir })
    assert.ok(config.jwt.keys && 'set' in config.jwt.keys)
    assert.ok(loadConfig({ ...env, JWT_KEYS_FILE: 'data/keys/jwks.json' }, { dataDir: dir }).jwt.keys)
  })

  test('JWT_KEYS and JWT_KEYS_FILE together, or an invalid JWT_KEYS, are refused naming the key and never the value', async () => {
    const key = await generateKey('EdDSA', now)
    assert.throws(() => loadConfig({ JWT_KEYS: JSON.stringify({ keys: [key] }), JWT_KEYS_FILE: 'x.json' }, { dataDir: dir }), /JWT_KEYS_FILE and JWT_KEYS/)
    assert.throws(() => loadConfig({ JWT_KEYS: JSON.stringify({ keys: [{ ...key, alg: 'HS256' }] }) }, { dataDir: dir }), (error: Error) => {
      assert.ok(error instanceof ConfigError)
      assert.match(error.message, /^JWT_KEYS:/)
      assert.ok(!error.message.includes(key.d))
      return true
    })
    assert.throws(() => loadConfig({ JWT_KEYS_RELOAD_INTERVAL: '0' }, { dataDir: dir }), /JWT_KEYS_RELOAD_INTERVAL/)
  })

  test('an app whose key file is missing or invalid does not start', async () => {
    await assert.rejects(buildApp(testConfig({ JWT_KEYS_FILE: join(dir, 'none.json') }), { logger: false }), /cannot read the key set/)
    const invalid = join(dir, 'invalid.json')
    writeFileSync(invalid, '{"keys": []}')
    await assert.rejects(buildApp(testConfig({ JWT_KEYS_FILE: invalid }), { logger: false }), /no active key/)
  })
})

describe('library-api keys', () => {
  const REPO = fileURLToPath(new URL('../..', import.meta.url))
  const cli = (args: string[], env: Record<string, string> = {}) =>
    new Promise<SpawnSyncReturns<string>>((resolve) => {
      const { JWT_KEYS: _k, JWT_KEYS_FILE: _f, ...inherited } = process.env
      const child = spawn(process.execPath, [...TS_LOADER, 'src/cli.ts', 'keys', ...args], { cwd: REPO, env: { ...inherited, ...env } })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d) => (stdout += d))
      child.stderr.on('data', (d) => (stderr += d))
      child.on('close', (status) => resolve({ status, stdout, stderr } as SpawnSyncReturns<string>))
    })

  test('generate, rotate, retire and list a key file; errors are one line and exit 1', async () => {
    const file = join(dir, 'cli', 'jwks.json')
    const generated = await cli(['generate', '--file', file])
    assert.equal(generated.status, 0, generated.stderr)
    assert.equal(statSync(file).mode & 0o777, 0o600)
    const [first] = (await readKeySetFile(file)).keys
    assert.equal(first!.alg, 'EdDSA')
    const twice = await cli(['generate', '--file', file])
    assert.equal(twice.status, 1)
    assert.match(twice.stderr, /exists already.*keys rotate/)

    const rotated = await cli(['rotate', '--alg', 'RS256'], { JWT_KEYS_FILE: file })
    assert.equal(rotated.status, 0, rotated.stderr)
    const [, second] = (await readKeySetFile(file)).keys
    assert.equal(second!.alg, 'RS256')

    const [retired, list, unknown] = await Promise.all([cli(['retire', '--file', file, '--', first!.kid]), cli(['list', '--file', file]), cli(['retire', 'nope', '--file', file])])
    assert.equal(retired.status, 0, retired.stderr)
    assert.equal(unknown.status, 1)
    assert.match(unknown.stderr, /^keys: no key with kid "nope"/)
    assert.match(list.stdout, new RegExp(`${second!.kid}  RS256 .* signing`))
    assert.ok(!list.stdout.includes(first!.d))
    const after = (await readKeySetFile(file)).keys
    assert.ok(after[0]!.retired_at)
  })

  test('--print prints a key set for a secret store and writes nothing; a JWT_KEYS set is rotated only with --print', async () => {
    const printed = await cli(['generate', '--print', '--file', join(dir, 'never.json')])
    assert.equal(printed.status, 0, printed.stderr)
    const set = parseKeySet(printed.stdout, 'stdout')
    assert.equal(set.keys.length, 1)
    assert.throws(() => statSync(join(dir, 'never.json')))
    const refused = await cli(['rotate'], { JWT_KEYS: printed.stdout.trim() })
    assert.equal(refused.status, 1)
    assert.match(refused.stderr, /JWT_KEYS: add --print/)
    const rotated = await cli(['rotate', '--print'], { JWT_KEYS: printed.stdout.trim() })
    assert.equal(rotated.status, 0, rotated.stderr)
    assert.deepEqual(parseKeySet(rotated.stdout, 'stdout').keys.map((k) => k.kid).slice(0, 1), [set.keys[0]!.kid])
    assert.equal(parseKeySet(rotated.stdout, 'stdout').keys.length, 2)
  })
})
