import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { ConfigError, loadConfig } from '../src/config.ts'

test('defaults follow the contract', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'))
  try {
    const config = loadConfig({}, { dataDir: dir })
    assert.equal(config.port, 3000)
    assert.equal(config.host, '127.0.0.1')
    assert.deepEqual(config.database, { dialect: 'sqlite', path: 'data/library.db' })
    assert.equal(config.jwt.accessTtl, 900)
    assert.equal(config.jwt.refreshTtl, 30 * 86400)
    assert.equal(config.cacheEnabled, true)
    assert.equal(config.env, 'development')
    // the development secret is generated once and kept
    assert.equal(config.jwt.secret, readFileSync(join(dir, 'jwt-secret'), 'utf8').trim())
    assert.ok(config.jwt.secret.length >= 32)
    assert.equal(loadConfig({}, { dataDir: dir }).jwt.secret, config.jwt.secret)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('production refuses to start without JWT_SECRET', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), (error: unknown) => error instanceof ConfigError && /JWT_SECRET/.test(error.message))
})

test('production refuses a short admin password', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ADMIN_PASSWORD: 'short' }), /ADMIN_PASSWORD/)
})

test('an invalid value is named by key, never echoed', () => {
  assert.throws(
    () => loadConfig({ PORT: 'not-a-port', JWT_SECRET: 'tooshort-secret-value' }),
    (error: unknown) => error instanceof ConfigError && /PORT/.test(error.message) && /JWT_SECRET/.test(error.message) && !/tooshort/.test(error.message),
  )
})

test('DATABASE_URL picks the dialect', () => {
  const secret = { JWT_SECRET: 'x'.repeat(40) }
  assert.deepEqual(loadConfig({ ...secret, DATABASE_URL: 'postgres://u@h/db' }).database, { dialect: 'postgres', url: 'postgres://u@h/db' })
  assert.deepEqual(loadConfig({ ...secret, DATABASE_URL: 'sqlite:/tmp/a.db' }).database, { dialect: 'sqlite', path: '/tmp/a.db' })
  assert.throws(() => loadConfig({ ...secret, DATABASE_URL: 'mysql://x' }), ConfigError)
})

test('lists and booleans are parsed', () => {
  const config = loadConfig({ JWT_SECRET: 'x'.repeat(40), CORS_ORIGINS: 'https://a.example, https://b.example', CACHE_ENABLED: 'false', TRUST_PROXY: '127.0.0.1' })
  assert.deepEqual(config.corsOrigins, ['https://a.example', 'https://b.example'])
  assert.equal(config.cacheEnabled, false)
  assert.deepEqual(config.trustProxy, ['127.0.0.1'])
})
