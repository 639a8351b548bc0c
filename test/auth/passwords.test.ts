// No database, no Redis: scripts/test.mjs runs this file in the first backend's pass only.
import assert from 'node:assert/strict'
import { setImmediate as tick } from 'node:timers/promises'
import { test } from 'node:test'
import { PasswordHasher } from '../../src/modules/auth/passwords.ts'

const cheap = { memoryCost: 4096, timeCost: 1 }

test('no more hashes run at once than the hasher allows; the others wait their turn and all finish', async () => {
  const hasher = new PasswordHasher(cheap, 2)
  const stored = await hasher.hash('Sup3r-Secret!')
  const seen: number[] = []
  const all = Promise.all(Array.from({ length: 6 }, (_, i) => hasher.verify(stored, i % 2 === 0 ? 'Sup3r-Secret!' : 'Wrong-Secret!1')))
  await tick()
  for (let i = 0; i < 20 && hasher.load.running + hasher.load.waiting > 0; i++) {
    seen.push(hasher.load.running)
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
  assert.ok(seen.length > 0)
  assert.ok(Math.max(...seen) <= 2, `at most 2 at once, saw ${Math.max(...seen)}`)
  assert.deepEqual(await all, [true, false, true, false, true, false])
  assert.deepEqual(hasher.load, { running: 0, waiting: 0 })
})

test('a malformed hash verifies as false and frees its turn', async () => {
  const hasher = new PasswordHasher(cheap, 1)
  assert.equal(await hasher.verify('not-a-hash', 'whatever'), false)
  assert.deepEqual(hasher.load, { running: 0, waiting: 0 })
  assert.equal(await hasher.verify(await hasher.hash('Sup3r-Secret!'), 'Sup3r-Secret!'), true)
})
