// Schema-driven fuzz test (issue 8, "Tests and proof"): every operation of the served OpenAPI
// document, as every role, with hostile values for every parameter, header and body shape.
// FUZZ_SEED (default random, printed) and FUZZ_RUNS (default 10,000) reproduce or widen a run.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { buildTestApp, TEST_DB, type TestContext } from '../helper.ts'
import { type CampaignResult, report, runCampaign } from './campaign.ts'

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31)
const runs = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 10_000

let t: TestContext
let result: CampaignResult

before(async () => {
  console.log(`fuzz on ${TEST_DB}: FUZZ_SEED=${seed} FUZZ_RUNS=${runs}`)
  // Response caching stays on (it is part of what is fuzzed); request logging is already silent.
  t = await buildTestApp()
  result = await runCampaign(t, { seed, runs })
  const statuses = [...result.statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`).join(' ')
  const reached = [...result.perOperation.entries()].map(([id, c]) => `${id} ${c.ok}/${c.cases}`).join(', ')
  console.log(`fuzz on ${TEST_DB}: ${runs} cases in ${(result.milliseconds / 1000).toFixed(1)} s (${Math.round(runs / (result.milliseconds / 1000))}/s), seed ${seed}; statuses ${statuses}; users replaced ${result.replacedUsers}`)
  console.log(`fuzz on ${TEST_DB}: answers below 400 per operation: ${reached}`)
})
after(async () => t?.close())

const expectNone = (check: Parameters<typeof report>[1]) => () => {
  const text = report(result, check)
  if (text) assert.fail(text)
}

test('fuzz: every request is answered', expectNone('answered'))
test('fuzz: no input produces a 5xx', expectNone('no-5xx'))
test('fuzz: every 4xx/5xx is an RFC 9457 problem with a catalog code and the request id', expectNone('problem-shape'))
test('fuzz: no body names internals (Fastify codes, stack frames, SQL errors, source paths)', expectNone('no-leak'))
test('fuzz: header values carry no CR/LF, every answer has X-Request-ID, Link has only known relations', expectNone('headers'))

test('fuzz: every operation and role was exercised, and the fixture tokens stayed valid', () => {
  assert.ok(result.runs >= 1, 'no cases were run')
  const floor = Math.floor(result.runs / result.operations.length)
  for (const [id, counters] of result.perOperation) assert.ok(counters.cases >= floor, `${id}: only ${counters.cases} cases`)
  // A case sent with its role's own access token must almost never meet a 401: otherwise the
  // fuzz would be testing only the authentication wall.
  assert.ok(result.ownToken.cases > result.runs / 3, `only ${result.ownToken.cases} cases carried a valid token`)
  assert.ok(result.ownToken.unauthorized <= result.ownToken.cases * 0.02, `${result.ownToken.unauthorized} of ${result.ownToken.cases} cases with a valid token got 401`)
  // The fuzz must reach the routes' logic, not only their validation.
  const reached = [...result.perOperation.values()].filter((c) => c.ok > 0).length
  assert.ok(reached >= result.operations.length * 0.8, `only ${reached} of ${result.operations.length} operations ever answered below 400`)
})

// Kept apart from the checks above: a status missing from the document is the document not
// telling the truth, not a broken answer.
test('the document tells the truth: every status the fuzz saw is documented for its operation', expectNone('documented-status'))
