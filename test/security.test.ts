import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { test } from 'node:test'
import { buildTestApp, STRONG_PASSWORD } from './helper.ts'

test('logs at trace level carry no password, token or hash', async () => {
  let logs = ''
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logs += chunk.toString()
      done()
    },
  })
  const t = await buildTestApp({}, { logStream: stream })
  try {
    const user = await t.makeUser('member')
    await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: user.auth })
    await t.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { authorization: `Bearer ${user.refresh}` } })
    await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: 'Wrong-Passw0rd!' } })
    const access = logs.split('\n').filter(Boolean).map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request completed')
    assert.equal(access.length, 4, 'one access-log line per request (the login of makeUser included)')
    const me = access.find((entry) => entry.req.url === '/api/v1/auth/me')
    assert.equal(me.req.method, 'GET')
    assert.equal(me.res.statusCode, 200)
    assert.equal(typeof me.responseTime, 'number')
    assert.equal(typeof me.reqId, 'string')
    for (const secret of [STRONG_PASSWORD, 'Wrong-Passw0rd!', user.access, user.refresh, user.access.split('.')[2]!, '$argon2id$']) {
      assert.ok(!logs.includes(secret), `the logs contain ${secret.slice(0, 12)}…`)
    }
  } finally {
    await t.close()
  }
})

test('CORS answers configured origins only', async () => {
  const t = await buildTestApp({ CORS_ORIGINS: 'https://app.example' })
  try {
    // a CORS preflight is not an API operation, so it is not checked against the OpenAPI document
    const allowed = await t.app.inject({ method: 'OPTIONS', url: '/api/v1/books', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } })
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://app.example')
    const denied = await t.inject({ method: 'GET', url: '/api/v1/books', headers: { origin: 'https://evil.example' } })
    assert.equal(denied.headers['access-control-allow-origin'], undefined)
  } finally {
    await t.close()
  }
})

test('without CORS_ORIGINS no CORS headers are sent', async () => {
  const t = await buildTestApp()
  try {
    const response = await t.inject({ method: 'GET', url: '/api/v1/books', headers: { origin: 'https://app.example' } })
    assert.equal(response.headers['access-control-allow-origin'], undefined)
  } finally {
    await t.close()
  }
})

test('HSTS is sent when the request came over TLS through a trusted proxy', async () => {
  const t = await buildTestApp({ TRUST_PROXY: '127.0.0.1' })
  try {
    const tls = await t.inject({ method: 'GET', url: '/health', headers: { 'x-forwarded-proto': 'https' }, remoteAddress: '127.0.0.1' })
    assert.match(String(tls.headers['strict-transport-security']), /^max-age=\d+/)
    const spoofed = await t.inject({ method: 'GET', url: '/health', headers: { 'x-forwarded-proto': 'https' }, remoteAddress: '10.9.9.9' })
    assert.equal(spoofed.headers['strict-transport-security'], undefined)
  } finally {
    await t.close()
  }
})
