import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { Validator } from '@seriousme/openapi-schema-validator'
import spectralCore, { type ISpectralDiagnostic } from '@stoplight/spectral-core'
import spectralParsers from '@stoplight/spectral-parsers'
import spectralRulesets from '@stoplight/spectral-rulesets'
import owaspModule from '@stoplight/spectral-owasp-ruleset'
import { buildTestApp, type TestContext } from './helper.ts'

// The CI checks of the served document (issue 11): it is valid OpenAPI 3.1, Spectral's
// `spectral:oas` finds nothing, and the OWASP ruleset finds only what the allow-list explains.
// Everything runs offline: the official 3.1 schema ships inside the validator package.

let t: TestContext
let documentText: string
before(async () => {
  t = await buildTestApp()
  const response = await t.inject({ method: 'GET', url: '/openapi.json' })
  assert.equal(response.statusCode, 200)
  documentText = response.body
})
after(async () => t.close())

// CommonJS packages: their named exports are read from the default export.
const { Spectral, Document } = spectralCore
const { Json } = spectralParsers
const { oas } = spectralRulesets
const owasp = (owaspModule as unknown as { default?: typeof owaspModule }).default ?? owaspModule
const SEVERITY = ['error', 'warning', 'info', 'hint']

async function lint(ruleset: unknown): Promise<ISpectralDiagnostic[]> {
  const spectral = new Spectral()
  spectral.setRuleset(ruleset as Parameters<typeof spectral.setRuleset>[0])
  return spectral.run(new Document(documentText, Json))
}

const describe = (d: ISpectralDiagnostic) => `${SEVERITY[d.severity]} ${d.code} at ${d.path.join('.')}: ${d.message}`

test('the served document validates against the official OpenAPI 3.1 JSON Schema', async () => {
  const result = await new Validator().validate(JSON.parse(documentText))
  assert.equal(result.errors, undefined, JSON.stringify(result.errors, null, 2))
  assert.equal(result.valid, true)
})

test("Spectral's spectral:oas ruleset reports no error and no warning", async () => {
  const findings = (await lint(oas)).filter((d) => d.severity <= 1)
  assert.deepEqual(findings.map(describe), [])
})

/**
 * The OWASP API Security Top 10 (2023) findings that remain, each a design choice. A finding that
 * matches no entry fails the test, and so does an entry that matches nothing (it is stale).
 * `path` is matched against the finding's JSON path joined with dots.
 */
const OWASP_ALLOWED: Array<{ rule: string; path: RegExp; why: string }> = [
  {
    rule: 'owasp:api1:2023-no-numeric-ids',
    path: /^paths\..*\.parameters\.\d+\.schema$/,
    why: 'Ids are sequential integers by contract (api-contract preamble: "ids are integers"); every object is authorized per caller (404 for what the caller may not see), so a guessed id reveals nothing.',
  },
  {
    rule: 'owasp:api2:2023-read-restricted',
    path: /^paths\.\/health(\/ready)?\.get$/,
    why: 'Liveness and readiness probes are anonymous by design (load balancers, orchestrators) and tell nothing but up/down.',
  },
  {
    rule: 'owasp:api2:2023-read-restricted',
    path: /^paths\.\/(metrics|\.well-known\/jwks\.json)\.get$/,
    why: 'The JWK Set holds public keys only, for anyone who verifies tokens (RFC 7517); /metrics takes METRICS_TOKEN when the operator sets it (its security then names it) and the shipped nginx does not expose it.',
  },
  {
    rule: 'owasp:api8:2023-define-error-responses-401',
    path: /^paths\.\/\.well-known\/jwks\.json\.get\.responses$/,
    why: 'The JWK Set takes no credentials, so it never answers 401.',
  },
  {
    rule: 'owasp:api4:2023-string-limit',
    path: /^paths\.\/api\/v1\/auth\/(refresh|logout)\.(post|delete)\.parameters\.\d+\.schema$/,
    why: 'X-CSRF-Token: any value that is not the session\'s token is 403 csrf_invalid (api-contract §2), whatever its length; a maxLength would turn a long forged token into 422. Bounded by the header-size limit (431).',
  },
  {
    rule: 'owasp:api2:2023-write-restricted',
    path: /^paths\.\/api\/v1\/auth\/(register|login)\.post$/,
    why: 'Registering and logging in are how a caller gets a token; they are guarded by their own rate limits (api-contract §8).',
  },
  {
    rule: 'owasp:api8:2023-define-error-responses-401',
    path: /^paths\.(\/health(\/ready)?\.get|\/api\/v1\/auth\/register\.post)\.responses$/,
    why: 'These operations take no credentials, so they never answer 401; documenting one would be untrue.',
  },
  {
    rule: 'owasp:api4:2023-rate-limit-responses-429',
    path: /^paths\.\/api\/v1\/rate-limit\.get\.responses$/,
    why: 'GET /api/v1/rate-limit inspects the caller\'s windows without counting (config.rateLimit = inspect), so it never answers 429.',
  },
  {
    rule: 'owasp:api5:2023-admin-security-unique',
    path: /^paths\.\/api\/v1\/admin\/.*\.security\.0$/,
    why: 'Admin operations take the same access token as every other; the admin role (a permission checked per route, 403) is what guards them, not a separate scheme.',
  },
  {
    rule: 'owasp:api8:2023-define-cors-origin',
    path: /^(paths\..*\.responses\.\d+\.headers|components\.headers)$/,
    why: 'CORS is off unless CORS_ORIGINS is configured, and then answers only those origins; a document shared by every deployment cannot promise Access-Control-Allow-Origin.',
  },
  {
    rule: 'owasp:api4:2023-string-limit',
    path: /^paths\.[^.]+\.(put|patch|delete)\.parameters\.\d+\.schema$/,
    why: 'The If-Match header is a list of entity tags of any count; it is bounded by the header-size limit (431 headers_too_large), not a length of its own.',
  },
  {
    rule: 'owasp:api4:2023-string-limit',
    path: /^paths\.\/api\/v1\/(books\/import|tasks)\.post\.requestBody\./,
    why: 'A CSV upload is bounded in bytes by the import body limit (413 payload_too_large), which a JSON Schema string length cannot express.',
  },
  {
    rule: 'owasp:api4:2023-string-limit',
    path: /^(paths\..*\.responses\.|components\.)/,
    why: 'Response schemas describe data the server produced and stored under the input limits; a bound there would promise clients nothing true.',
  },
  {
    rule: 'owasp:api4:2023-string-restricted',
    path: /^(paths|components)\./,
    why: 'Free text (titles, summaries, names, details) has no format or pattern by nature; lengths are bounded where input is taken.',
  },
  {
    rule: 'owasp:api4:2023-integer-format',
    path: /^(paths|components)\./,
    why: 'JSON integers carry minimum/maximum where they are input; the OAS int32/int64 formats would add nothing the bounds do not already say, and response integers are the server\'s own counts and ids.',
  },
  {
    rule: 'owasp:api4:2023-integer-limit',
    path: /^(paths|components)\./,
    why: 'Request integers are bounded (ids ≤ 2^31-1, page, per_page, limit, year); the findings are on response integers (counts, ids) the server computes.',
  },
  {
    rule: 'owasp:api4:2023-array-limit',
    path: /^(paths|components)\./,
    why: 'Request arrays are bounded (roles ≤ 4, genres); the findings are on response arrays, whose length is bounded by pagination (per_page ≤ 100, limit ≤ 100).',
  },
]

test('the OWASP ruleset finds nothing beyond the explained design choices', async () => {
  const findings = await lint(owasp)
  const used = new Set<number>()
  const unexplained: string[] = []
  for (const finding of findings) {
    if (finding.severity > 1) continue
    const path = finding.path.join('.')
    const index = OWASP_ALLOWED.findIndex((entry) => entry.rule === finding.code && entry.path.test(path))
    if (index === -1) unexplained.push(describe(finding))
    else used.add(index)
  }
  assert.deepEqual(unexplained, [], 'OWASP findings that are no design choice: fix the document (or explain them in OWASP_ALLOWED)')
  const stale = OWASP_ALLOWED.filter((_, i) => !used.has(i)).map((entry) => `${entry.rule} ${entry.path}`)
  assert.deepEqual(stale, [], 'allow-list entries that match no finding any more: remove them')
})
