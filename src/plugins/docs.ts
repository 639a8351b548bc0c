import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { problemAnchor, PROBLEMS } from '../errors.ts'
import { refreshCookie } from '../modules/auth/refresh-cookie.ts'
import { DOCS_CACHE_CONTROL } from './cache.ts'
import { transformDocument, transformRoute } from './openapi-transform.ts'

/** What the bearer schemes say about their tokens (checked by test/auth/jwt-attacks.test.ts). */
const JWT_PRACTICES =
  'Tokens follow RFC8725 (JSON Web Token Best Current Practices): the algorithm is pinned by the server (never taken from the token; `none` refused), ' +
  '`iss`, `aud`, `exp` and the token type are always checked, and an access token is never accepted where a refresh token is expected or the other way round.'

function problemsPage(): string {
  const rows = Object.entries(PROBLEMS)
    .map(([code, p]) => `<tr id="${problemAnchor(code)}"><td><code>${code}</code></td><td>${p.status}</td><td>${p.title}</td></tr>`)
    .join('\n')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Library API problems</title></head><body>
<h1>Problem types</h1><p>Every error is an RFC 9457 problem (<code>application/problem+json</code>) whose <code>type</code> points here and whose <code>code</code> is one of:</p>
<table><thead><tr><th>code</th><th>status</th><th>title</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`
}

/**
 * The OpenAPI 3.1 document generated from the route schemas (@fastify/swagger), served at
 * `/openapi.json`; Swagger UI from the package's own assets at `/docs` (no CDN); the problem
 * catalog at `/docs/problems`. The document-wide rules (problem media type and examples, response
 * descriptions, common response headers, security from `config.auth`, optional defaulted query
 * parameters) live in `openapi-transform.ts`. Every route here declares `config.cacheControl`
 * {@link DOCS_CACHE_CONTROL}: this plugin's own in their options, Swagger UI's (which the package
 * registers itself) through an onRoute hook of the encapsulated context that registers it.
 * @see https://github.com/fastify/fastify-swagger
 */
export default fp(
  async function docsPlugin(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Library API',
          version: '1.0.0',
          description:
            'REST API of a lending library: catalog, members and roles, loans, news posts. Errors are RFC 9457 problems; ' +
            'see [the problem catalog](/docs/problems). Offset-paginated lists answer with an RFC 8288 `Link` header.\n\n' +
            '**Input rules on every operation.** No string — body field, query or path parameter, header — may contain U+0000 or an unpaired ' +
            'surrogate: 422 `validation_error` naming the field (`must not contain NUL or unpaired surrogate characters`; on login, 401 ' +
            '`invalid_credentials`). JSON bodies are UTF-8: bytes that are not valid UTF-8, or a `\\ud800`–`\\udfff` escape without its pair, are ' +
            '400 `invalid_json`; a `charset` other than `utf-8` is 415; a leading byte order mark is ignored. Query strings and path parameters ' +
            'have one spelling: integers in canonical decimal (`42`, never `042`, `+42`, `42.0`, `0x2a`, `4.2e1`), booleans `true`/`false`; a query ' +
            'parameter the operation does not declare, or one that is not valid percent-encoded UTF-8, is 422. Text is stored as sent (no Unicode ' +
            'normalisation); single-line fields such as titles are stored without leading and trailing white space.',
          license: { name: 'MIT', identifier: 'MIT' },
          contact: { name: 'Library API maintainers' },
        },
        // `x-internal: false`: a public API (the OWASP ruleset asks every server to say its audience).
        servers: [{ url: '/', description: 'the deployment serving this document (local, staging or production alike)', ...{ 'x-internal': false } }],
        tags: [
          { name: 'auth', description: 'tokens: register, login, refresh, logout' },
          { name: 'users', description: 'accounts and profiles' },
          { name: 'admin', description: 'administration' },
          { name: 'books', description: 'the catalog' },
          { name: 'loans', description: 'borrowing and returning' },
          { name: 'posts', description: 'news and reviews' },
          { name: 'tasks', description: 'background tasks: import, export, scans' },
          { name: 'operations', description: 'health and documents' },
        ],
        components: {
          securitySchemes: {
            bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: `access token from POST /api/v1/auth/login. ${JWT_PRACTICES}` },
            refreshToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: `refresh token (POST /api/v1/auth/refresh only). ${JWT_PRACTICES}` },
            refreshCookie: {
              type: 'apiKey',
              in: 'cookie',
              name: refreshCookie(app.config.browserSession.cookieSecure, '/api/v1/auth', 0).name,
              description: 'browser mode: the refresh token in an HttpOnly cookie set by POST /api/v1/auth/login with `{"cookie": true}`; refresh and logout by it need `X-CSRF-Token`',
            },
            metricsToken: { type: 'http', scheme: 'bearer', description: '`METRICS_TOKEN` (GET /metrics only, when set)' },
          },
        },
      },
      transform: transformRoute,
      transformObject: transformDocument,
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
      },
    })
    // Its own context: the hook reaches Swagger UI's routes (and @fastify/static's under them), no other.
    await app.register(async function swaggerUiScope(scope) {
      scope.addHook('onRoute', (route) => {
        route.config = { ...route.config, cacheControl: DOCS_CACHE_CONTROL }
      })
      await scope.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { deepLinking: true } })
    })

    app.get('/openapi.json', { schema: { hide: true }, config: { cacheControl: DOCS_CACHE_CONTROL } }, async () => app.swagger())
    app.get('/docs/problems', { schema: { hide: true }, config: { cacheControl: DOCS_CACHE_CONTROL } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(problemsPage()),
    )
  },
  { name: 'docs' },
)
