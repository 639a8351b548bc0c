// No database, no Redis: scripts/test.mjs runs this file in the first backend's pass only.
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { BlockList } from 'node:net'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { ConfigError, describeStorage, loadConfig, maskDatabaseUrl } from '../src/config.ts'

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

const SECRET = { JWT_SECRET: 'x'.repeat(40) }

/** The ConfigError message of `env`, asserting it is one line and echoes none of `env`'s values. */
function configError(env: Record<string, string>): string {
  let message = ''
  assert.throws(() => loadConfig(env), (error: unknown) => {
    assert.ok(error instanceof ConfigError, String(error))
    message = error.message
    return true
  })
  assert.ok(!message.includes('\n'), message)
  for (const [key, value] of Object.entries(env)) {
    if (key !== 'NODE_ENV' && value.length > 3) assert.ok(!message.includes(value), `${key}'s value echoed: ${message}`)
  }
  return message
}

test('every invalid key is named with its rule, from its schema', () => {
  const message = configError({ PORT: '70000', JWT_SECRET: 'tooshort-secret-value', CACHE_ENABLED: 'maybe', LOG_LEVEL: 'loud', ACCESS_TOKEN_TTL: '1.5' })
  assert.equal(message, 'invalid configuration: PORT: an integer from 0 to 65535; JWT_SECRET: at least 32 characters; ' +
    'ACCESS_TOKEN_TTL: an integer of at least 1; CACHE_ENABLED: true or false; LOG_LEVEL: one of fatal, error, warn, info, debug, trace, silent')
  assert.equal(configError({ ...SECRET, PORT: 'http' }), 'invalid configuration: PORT: an integer from 0 to 65535')
  assert.equal(configError({ NODE_ENV: 'production' }), 'JWT_SECRET: required in production (at least 32 characters), unless signing keys are set (JWT_KEYS_FILE or JWT_KEYS)')
  assert.equal(configError({ ...SECRET, DATABASE_URL: 'mysql://root:hunter22@db/x' }), 'DATABASE_URL: sqlite:<path> or postgres://user:password@host:port/database')
})

test('REDIS_URL must be a redis: or rediss: URL', () => {
  for (const url of ['redis://127.0.0.1:6379', 'rediss://user:pw@cache.example:6380/2']) assert.equal(loadConfig({ ...SECRET, REDIS_URL: url }).redisUrl, url)
  for (const url of ['http://cache.example:6379', '127.0.0.1:6379', 'cache.example', 'redis//x']) {
    assert.equal(configError({ ...SECRET, REDIS_URL: url }), 'REDIS_URL: a redis:// or rediss:// URL (redis://host:6379)')
  }
})

test('TRUST_PROXY takes addresses, CIDR ranges and Fastify\'s names; refuses anything else and trust-everyone ranges', () => {
  assert.deepEqual(loadConfig({ ...SECRET, TRUST_PROXY: '10.0.0.1, 172.16.0.0/12,fd00::/8, ::1, loopback,uniquelocal' }).trustProxy,
    ['10.0.0.1', '172.16.0.0/12', 'fd00::/8', '::1', 'loopback', 'uniquelocal'])
  assert.deepEqual(loadConfig({ ...SECRET, TRUST_PROXY: '' }).trustProxy, [])
  for (const value of ['10.0.0.256', 'proxy.internal', '10.0.0.0/33', 'fd00::/129', '10.0.0.0/8/8', '10.0.0.0/x', 'true']) {
    assert.match(configError({ ...SECRET, TRUST_PROXY: value }), /^TRUST_PROXY: comma-separated IP addresses or CIDR ranges/, value)
  }
  assert.match(configError({ ...SECRET, TRUST_PROXY: '10.0.0.1,nginx' }), /^TRUST_PROXY \(entry 2\): /)
  for (const value of ['0.0.0.0/0', '::/0', '10.0.0.1, 0.0.0.0/0']) {
    assert.match(configError({ ...SECRET, TRUST_PROXY: value }), /^TRUST_PROXY( \(entry 2\))?: a \/0 range trusts every client's X-Forwarded-For/, value)
  }
})

test('the shipped catalog is found in the installation; a CATALOG_CSV set is relative to the working directory', () => {
  const root = fileURLToPath(new URL('..', import.meta.url))
  assert.equal(loadConfig(SECRET).catalogCsv, join(root, 'data/goodbooks-10k/books.csv'))
  assert.equal(loadConfig({ ...SECRET, CATALOG_CSV: 'mine.csv' }).catalogCsv, join(process.cwd(), 'mine.csv'))
  assert.equal(loadConfig({ ...SECRET, CATALOG_CSV: '/srv/books.csv' }).catalogCsv, '/srv/books.csv')
})

test('describeStorage masks the database password and makes a SQLite path absolute', () => {
  assert.deepEqual(describeStorage(loadConfig({ ...SECRET, DATABASE_URL: 'postgres://library:s3cret@db:5432/library' })).database, 'postgres://library:***@db:5432/library')
  assert.equal(describeStorage(loadConfig({ ...SECRET, DATABASE_URL: 'sqlite:data/x.db' })).database, `sqlite:${join(process.cwd(), 'data/x.db')}`)
  assert.equal(maskDatabaseUrl('postgres://u@h/db'), 'postgres://u@h/db')
})

test('docker-compose.yml sets TRUST_PROXY to a value loadConfig accepts, inside the compose network, trusting no one else', () => {
  const compose = readFileSync(fileURLToPath(new URL('../docker-compose.yml', import.meta.url)), 'utf8')
  const values = [...compose.matchAll(/^\s+TRUST_PROXY:\s*["']?([^"'#\n]*?)["']?\s*(#.*)?$/gm)].map((m) => m[1]!.trim())
  assert.equal(values.length, 1, 'one TRUST_PROXY in docker-compose.yml')
  const trusted = loadConfig({ ...SECRET, TRUST_PROXY: values[0] }).trustProxy
  assert.ok(trusted.length > 0)
  const subnet = /^\s+- subnet:\s*(\S+)\s*$/m.exec(compose)?.[1]
  assert.ok(subnet, 'the compose network has an explicit subnet')
  const [network = '', prefix = ''] = subnet.split('/')
  const inNetwork = new BlockList()
  inNetwork.addSubnet(network, Number(prefix))
  for (const entry of trusted) {
    const [address = '', bits] = entry.split('/')
    assert.ok(inNetwork.check(address), `${entry} is inside ${subnet}`)
    assert.ok(bits === undefined || Number(bits) >= Number(prefix), `${entry} is no wider than ${subnet}`)
  }
  // nginx, the only proxy, has the trusted fixed address.
  assert.match(compose, new RegExp(`ipv4_address:\\s*${values[0]!.replace(/\./g, '\\.')}\\s`))
})
