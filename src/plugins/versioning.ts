import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { type ApiVersion, resolveApiVersion } from '../shared/api-version.ts'

/** How a route chooses its representation version: fixed by its path, or negotiated by header. */
export type VersionMode = ApiVersion | 'negotiated'

/** Maps a route of an old version to the same resource in its successor version (path prefixes). */
export interface SuccessorMapping {
  /** the route's own prefix, e.g. `/api/v1/books` */
  from: string
  /** the successor's prefix, e.g. `/api/v2/books` */
  to: string
}

declare module 'fastify' {
  interface FastifyRequest {
    /** the representation version the request is answered with; null on routes without versions */
    apiVersion: ApiVersion | null
  }
  interface FastifyContextConfig {
    /** set by {@link servesApiVersion}: the version the route serves, or `negotiated` */
    apiVersion?: VersionMode
    /** set by {@link servesApiVersion}: where v1 answers point with `rel="successor-version"` */
    successor?: SuccessorMapping
  }
}

/** Options of the versioning plugin: the v1 retirement headers (see `Config.apiV1`). */
export interface VersioningOptions {
  /** RFC 9745 `Deprecation` value, e.g. `@1798761600` */
  deprecation: string
  /** RFC 8594 `Sunset` HTTP-date; no header when undefined */
  sunset: string | undefined
}

/** The vendor media type of a version: `application/vnd.library.v2+json`. @see RFC 6838 §3.2 */
export function vendorMediaType(version: ApiVersion): string {
  return `application/vnd.library.v${version}+json`
}

/**
 * Whether an `Accept` header names a media type (parameters and case ignored). A client that
 * asked for the vendor type gets it back as the `Content-Type`; everyone else gets
 * `application/json`.
 * @see RFC 9110 §12.5.1
 */
export function acceptNames(accept: string | undefined, mediaType: string): boolean {
  if (!accept) return false
  return accept.split(',').some((range) => range.split(';')[0]!.trim().toLowerCase() === mediaType)
}

/** Adds names to the `Vary` header, keeping what other plugins put there (CORS adds `Origin`). */
export function addVary(reply: FastifyReply, ...names: string[]): void {
  const current = reply.getHeader('vary')
  const list = String(current ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  for (const name of names) if (!list.some((v) => v.toLowerCase() === name.toLowerCase() || v === '*')) list.push(name)
  reply.header('vary', list.join(', '))
}

/** Appends one link-value to the `Link` header, after those already set (pagination). @see RFC 8288 §3 */
export function appendLink(reply: FastifyReply, linkValue: string): void {
  const current = reply.getHeader('link')
  reply.header('link', current ? `${String(current)}, ${linkValue}` : linkValue)
}

const successorTemplates = new WeakMap<SuccessorMapping, Map<string, { parts: string[]; names: string[] } | null>>()

/**
 * The successor-version path of the matched route: its template with the params filled in, the
 * prefix mapped. The template is split once per route.
 */
function successorPath(request: FastifyRequest, mapping: SuccessorMapping): string | undefined {
  const url = request.routeOptions.url ?? ''
  let templates = successorTemplates.get(mapping)
  if (!templates) successorTemplates.set(mapping, (templates = new Map()))
  let template = templates.get(url)
  if (template === undefined) {
    template = url.startsWith(mapping.from) ? splitTemplate(mapping.to + url.slice(mapping.from.length)) : null
    templates.set(url, template)
  }
  if (template === null) return undefined
  if (template.names.length === 0) return template.parts[0]
  const params = (request.params ?? {}) as Record<string, unknown>
  let path = template.parts[0]!
  for (let i = 0; i < template.names.length; i++) path += encodeURIComponent(String(params[template.names[i]!] ?? '')) + template.parts[i + 1]!
  return path
}

/** `/api/v2/books/:id` → parts `['/api/v2/books/', '']`, names `['id']`. */
function splitTemplate(path: string): { parts: string[]; names: string[] } {
  const parts: string[] = []
  const names: string[] = []
  let last = 0
  for (const match of path.matchAll(/:(\w+)/g)) {
    parts.push(path.slice(last, match.index))
    names.push(match[1]!)
    last = match.index + match[0].length
  }
  parts.push(path.slice(last))
  return { parts, names }
}

const HEADER_DOCS = {
  apiVersion: { type: 'string', enum: ['1', '2'], description: 'the representation version of this answer (absent on 406 `unsupported_version`)' },
  vary: { type: 'string', description: '`Accept, X-API-Version`: the answer depends on them', examples: ['Accept, X-API-Version'] },
  deprecation: { type: 'string', description: 'RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only', examples: ['@1798761600'] },
  sunset: { type: 'string', description: 'RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured', examples: ['Fri, 01 Jan 2028 00:00:00 GMT'] },
  link: {
    type: 'string',
    description: 'RFC 8288: on v1 reads, `rel="successor-version"` naming the same resource in v2, after any pagination links (`first`, `prev`, `next`, `last`)',
    examples: ['</api/v1/books?page=2>; rel="next", </api/v2/books>; rel="successor-version"'],
  },
} as const

/** Adds the version headers to the OpenAPI description of every response of the route. */
function documentHeaders(route: RouteOptions, mode: VersionMode): void {
  const response = route.schema?.response as Record<string, Record<string, unknown>> | undefined
  if (!response) return
  const headers: Record<string, unknown> = { 'API-Version': HEADER_DOCS.apiVersion }
  if (mode === 'negotiated') headers.Vary = HEADER_DOCS.vary
  if (mode !== 2) Object.assign(headers, { Deprecation: HEADER_DOCS.deprecation, Sunset: HEADER_DOCS.sunset })
  for (const [status, schema] of Object.entries(response)) {
    const statusHeaders = { ...headers }
    if (mode !== 2 && (status.startsWith('2') || status === '304')) statusHeaders.Link = HEADER_DOCS.link
    // A new object: response schemas such as `BookPage` are shared by several routes.
    response[status] = { ...schema, headers: { ...(schema.headers as object | undefined), ...statusHeaders } }
  }
}

/**
 * Declares that every route registered after this call in `app`'s encapsulation context
 * serves API `version` — or, with `negotiated`, the version the request asks for by
 * `Accept: application/vnd.library.v2+json` / `X-API-Version` (default 1; unknown → 406
 * `unsupported_version`). The versioning plugin then sets, on every answer of those routes:
 * `API-Version`; `Vary: Accept, X-API-Version` (negotiated); for v1, `Deprecation` (RFC 9745),
 * `Sunset` (RFC 8594, when configured) and — on successful reads — `Link: <…>;
 * rel="successor-version"` mapped by `options.successor`. It also documents those headers.
 * @throws Error when the versioning plugin is not registered (the headers would silently be missing)
 * @see api-contract §4
 */
export function servesApiVersion(app: FastifyInstance, version: VersionMode, options: { successor?: SuccessorMapping } = {}): void {
  if (!app.hasRequestDecorator('apiVersion')) throw new Error('servesApiVersion() needs the versioning plugin registered first')
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, apiVersion: version, ...(options.successor ? { successor: options.successor } : {}) }
    documentHeaders(route, version)
  })
}

/**
 * API versions: resolves the version of each request on routes marked by
 * {@link servesApiVersion} (`request.apiVersion`), answers 406 `unsupported_version` for an
 * unknown one, and writes the version headers. A v2 (or negotiated) answer is sent as
 * `application/vnd.library.v<n>+json` when the `Accept` header names that type, else as
 * `application/json` — so a client asking for the vendor type always gets an acceptable one.
 * @see RFC 9745 (Deprecation), RFC 8594 (Sunset), RFC 8288 (Link), RFC 9110 §12.5.5 (Vary)
 */
export default fp(
  async function versioningPlugin(app: FastifyInstance, opts: VersioningOptions) {
    app.decorateRequest('apiVersion', null)

    app.addHook('onRequest', (request, reply, done) => {
      const mode = request.routeOptions.config.apiVersion
      if (mode === undefined) return done()
      let version: ApiVersion
      if (mode === 'negotiated') {
        // Before resolving: the 406 depends on these headers as much as a 200 does.
        addVary(reply, 'Accept', 'X-API-Version')
        try {
          version = resolveApiVersion(request.headers)
        } catch (error) {
          return done(error as Error)
        }
      } else {
        version = mode
      }
      request.apiVersion = version
      reply.header('api-version', String(version))
      if (version === 1) {
        reply.header('deprecation', opts.deprecation)
        if (opts.sunset) reply.header('sunset', opts.sunset)
      }
      // The vendor type only where the route documents it (v2 and negotiated routes).
      if (mode !== 1 && acceptNames(request.headers.accept, vendorMediaType(version))) {
        reply.type(`${vendorMediaType(version)}; charset=utf-8`)
      }
      done()
    })

    app.addHook('onSend', (request, reply, payload, done) => {
      const successor = request.routeOptions.config.successor
      if (request.apiVersion === 1 && successor && (request.method === 'GET' || request.method === 'HEAD') && reply.statusCode < 400) {
        const path = successorPath(request, successor)
        if (path) appendLink(reply, `<${path}>; rel="successor-version"`)
      }
      done(null, payload)
    })
  },
  { name: 'versioning' },
)
