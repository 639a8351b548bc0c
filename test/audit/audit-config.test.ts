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
