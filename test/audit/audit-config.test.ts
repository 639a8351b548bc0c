// No database, no Redis: scripts/test.mjs runs this file in the first backend's pass only.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConfigError } from '../../src/config.ts'
import { testConfig } from '../helper.ts'

test('AUDIT_RETENTION_DAYS: 365 by default, 0 keeps forever, anything else but whole days refused by name', () => {
  assert.equal(testConfig().audit.retentionDays, 365)
  assert.equal(testConfig({ AUDIT_RETENTION_DAYS: '0' }).audit.retentionDays, 0)
  assert.equal(testConfig({ AUDIT_RETENTION_DAYS: '30' }).audit.retentionDays, 30)
  for (const value of ['-1', '1.5', 'forever', '36501']) {
    assert.throws(() => testConfig({ AUDIT_RETENTION_DAYS: value }), (error: unknown) => error instanceof ConfigError && /AUDIT_RETENTION_DAYS/.test(error.message) && !error.message.includes(value), value)
  }
})

test('AUDIT_LOG: on by default, false accepted outside production, refused in production by name', () => {
  assert.equal(testConfig().audit.enabled, true)
  assert.equal(testConfig({ AUDIT_LOG: 'false' }).audit.enabled, false)
  assert.equal(testConfig({ AUDIT_LOG: 'false', NODE_ENV: 'development' }).audit.enabled, false)
  assert.equal(testConfig({ NODE_ENV: 'production' }).audit.enabled, true, 'production starts with the default')
  assert.equal(testConfig({ NODE_ENV: 'production', AUDIT_LOG: 'true' }).audit.enabled, true)
  assert.throws(() => testConfig({ NODE_ENV: 'production', AUDIT_LOG: 'false' }), (error: unknown) => error instanceof ConfigError && /^AUDIT_LOG: .*production refuses it/.test(error.message))
  assert.throws(() => testConfig({ AUDIT_LOG: 'maybe' }), (error: unknown) => error instanceof ConfigError && /AUDIT_LOG/.test(error.message))
})
