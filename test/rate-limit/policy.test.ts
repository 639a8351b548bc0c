// No database, no Redis: scripts/test.mjs runs this file in the first backend's pass only.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ConfigError, loadConfig } from '../../src/config.ts'
import { clientKey } from '../../src/infra/rate-limit/client-key.ts'
import { parsePolicy, PolicySyntaxError, policyHeader } from '../../src/infra/rate-limit/policy.ts'
import { ExpiringCache } from '../../src/shared/expiring-cache.ts'

const SECRET = { JWT_SECRET: 'x'.repeat(40) }

describe('policy strings', () => {
  test('windows are parsed, sorted shortest first and formatted as RateLimit-Policy', () => {
    const policy = parsePolicy('2000/day; 60/min')
    assert.deepEqual(policy, [{ limit: 60, seconds: 60 }, { limit: 2000, seconds: 86_400 }])
    assert.equal(policyHeader(policy), '60;w=60, 2000;w=86400')
    assert.deepEqual(parsePolicy('5/sec;7/hour'), [{ limit: 5, seconds: 1 }, { limit: 7, seconds: 3600 }])
    assert.ok(Object.isFrozen(policy) && Object.isFrozen(policy[0]))
  })

  test('malformed strings are refused without echoing them', () => {
    for (const bad of ['', ';', '60', '60/minute', '0/min', '-1/min', '1.5/min', '60/min;70/min', 'sixty/min', '60/min;', '99999999999/min', '2000000000/day']) {
      assert.throws(() => parsePolicy(bad), (error: unknown) => error instanceof PolicySyntaxError && (bad.length < 3 || !error.message.includes(bad)), bad)
    }
  })
})

describe('configuration', () => {
  test('defaults follow the contract', () => {
    const { rateLimit } = loadConfig(SECRET)
    assert.deepEqual(rateLimit.policies, {
      anonymous: [{ limit: 60, seconds: 60 }, { limit: 2000, seconds: 86_400 }],
      member: [{ limit: 120, seconds: 60 }],
      premium: [{ limit: 600, seconds: 60 }],
      staff: [{ limit: 3000, seconds: 60 }],
      login: [{ limit: 5, seconds: 60 }, { limit: 20, seconds: 3600 }],
      register: [{ limit: 10, seconds: 3600 }],
    })
    assert.equal(rateLimit.redisDownAuth, 'closed')
    assert.equal(rateLimit.retryAfter, 5)
  })

  test('every variable is read', () => {
    const { rateLimit } = loadConfig({
      ...SECRET,
      RATE_LIMIT_ANONYMOUS: '1/sec',
      RATE_LIMIT_MEMBER: '2/sec',
      RATE_LIMIT_PREMIUM: '3/sec',
      RATE_LIMIT_STAFF: '4/sec',
      RATE_LIMIT_LOGIN: '5/sec',
      RATE_LIMIT_REGISTER: '6/sec',
      RATE_LIMIT_REDIS_DOWN_AUTH: 'open',
      RATE_LIMIT_RETRY_AFTER: '9',
    })
    assert.deepEqual(Object.values(rateLimit.policies).map((p) => p[0]!.limit), [1, 2, 3, 4, 5, 6])
    assert.equal(rateLimit.redisDownAuth, 'open')
    assert.equal(rateLimit.retryAfter, 9)
  })

  test('a bad policy is a ConfigError naming every bad key, never the value', () => {
    assert.throws(
      () => loadConfig({ ...SECRET, RATE_LIMIT_MEMBER: '120/fortnight', RATE_LIMIT_LOGIN: 'lots' }),
      (error: unknown) =>
        error instanceof ConfigError && /RATE_LIMIT_MEMBER/.test(error.message) && /RATE_LIMIT_LOGIN/.test(error.message) &&
        !/fortnight|lots/.test(error.message) && !/RATE_LIMIT_ANONYMOUS/.test(error.message),
    )
    assert.throws(() => loadConfig({ ...SECRET, RATE_LIMIT_REDIS_DOWN_AUTH: 'sometimes' }), (e: unknown) => e instanceof ConfigError && /RATE_LIMIT_REDIS_DOWN_AUTH/.test(e.message) && !/sometimes/.test(e.message))
    assert.throws(() => loadConfig({ ...SECRET, RATE_LIMIT_RETRY_AFTER: '0' }), (e: unknown) => e instanceof ConfigError && /RATE_LIMIT_RETRY_AFTER/.test(e.message))
  })
})

describe('client keys', () => {
  test('IPv4 as is, IPv4-mapped IPv6 as IPv4', () => {
    assert.equal(clientKey('203.0.113.5'), '203.0.113.5')
    assert.equal(clientKey('::ffff:203.0.113.5'), '203.0.113.5')
  })

  test('IPv6 by its /64 network', () => {
    assert.equal(clientKey('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64')
    assert.equal(clientKey('2001:0DB8:0001:0002::ff'), '2001:db8:1:2::/64')
    assert.equal(clientKey('2001:db8::1'), '2001:db8:0:0::/64')
    assert.equal(clientKey('2001:db8::2'), clientKey('2001:db8::1'))
    assert.notEqual(clientKey('2001:db8:0:1::1'), clientKey('2001:db8::1'))
    assert.equal(clientKey('::1'), '0:0:0:0::/64')
    assert.equal(clientKey('fe80::1%eth0'), 'fe80:0:0:0::/64')
    assert.equal(clientKey('::ffff:1.2.3.4:5'), '::ffff:1.2.3.4:5', 'not an address: unchanged')
  })
})

describe('verified-caller cache', () => {
  test('keeps entries until their token expires, and at most its capacity', () => {
    const cache = new ExpiringCache<string>(2)
    cache.set('Bearer a', 'A', 100)
    assert.equal(cache.get('Bearer a', 99), 'A')
    assert.equal(cache.get('Bearer a', 100), undefined, 'expired at exp')
    assert.equal(cache.size, 0)
    cache.set('Bearer a', 'A', 100)
    cache.set('Bearer b', 'B', 100)
    cache.set('Bearer c', 'C', 100)
    assert.equal(cache.size, 2)
    assert.equal(cache.get('Bearer a', 1), undefined, 'the oldest made room')
    assert.equal(cache.get('Bearer c', 1), 'C')
  })
})
