import { existsSync } from 'node:fs'
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose'
import { type Static, Type } from 'typebox'
import { Value } from 'typebox/value'

/** The asymmetric JWS algorithms a key set may hold. @see RFC 8037 (EdDSA, Ed25519), RFC 7518 §3.3 (RS256) */
export const SIGNING_ALGORITHMS = ['EdDSA', 'RS256'] as const
/** `EdDSA` (Ed25519) or `RS256` (RSASSA-PKCS1-v1_5, SHA-256, ≥ 2048-bit modulus). */
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number]

/** Smallest RSA modulus accepted, bits (RFC 7518 §3.3: 2048 or larger). */
const MIN_RSA_BITS = 2048
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i
const Base64url = Type.String({ pattern: '^[A-Za-z0-9_-]+$', maxLength: 2048 })
const Timestamp = Type.String({ pattern: RFC3339.source, description: 'RFC 3339 timestamp' })

/**
 * One private signing key as the key set file stores it: a private JWK (RFC 7517) with `kid`,
 * `alg`, `use: "sig"`, plus this service's metadata: `created_at` (the newest active key signs)
 * and, once retired, `retired_at` (it no longer signs; it verifies until `retired_at` + the
 * longest token lifetime). Symmetric keys (`kty: "oct"`, `k`) are not accepted.
 * @see RFC 7517 §4, RFC 8037 §2 (OKP), RFC 7518 §6.3 (RSA)
 */
export const StoredKeySchema = Type.Object({
  kty: Type.Union([Type.Literal('OKP'), Type.Literal('RSA')]),
  kid: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._~-]+$' }),
  alg: Type.Union([Type.Literal('EdDSA'), Type.Literal('RS256')]),
  use: Type.Literal('sig'),
  created_at: Timestamp,
  retired_at: Type.Optional(Timestamp),
  crv: Type.Optional(Type.Literal('Ed25519')),
  x: Type.Optional(Base64url),
  n: Type.Optional(Base64url),
  e: Type.Optional(Base64url),
  d: Base64url,
  p: Type.Optional(Base64url),
  q: Type.Optional(Base64url),
  dp: Type.Optional(Base64url),
  dq: Type.Optional(Base64url),
  qi: Type.Optional(Base64url),
})

/** The key set file: `{"keys": [StoredKey, …]}` (a JWK Set, RFC 7517 §5, with private members). */
export const KeySetSchema = Type.Object({ keys: Type.Array(StoredKeySchema, { maxItems: 100 }) })

/** One private signing key with its metadata; see {@link StoredKeySchema}. */
export type StoredKey = Static<typeof StoredKeySchema>
/** A key set as stored in the file or in `JWT_KEYS`. */
export type KeySet = Static<typeof KeySetSchema>

/**
 * The public part of a key as `GET /.well-known/jwks.json` publishes it: `kty`, `crv`/`x`
 * (Ed25519) or `n`/`e` (RSA), `kid`, `alg`, `use` — never `d`, `p`, `q`, `dp`, `dq`, `qi`, `k`.
 * @see RFC 7517 §4, RFC 8037 §2
 */
export interface PublicJwk {
  kty: 'OKP' | 'RSA'
  crv?: 'Ed25519'
  x?: string
  n?: string
  e?: string
  kid: string
  alg: SigningAlgorithm
  use: 'sig'
}

/** A key set that cannot be read or used, or a key operation that is refused; the message names the source, never key material. */
export class KeySetError extends Error {
  override name = 'KeySetError'
}

/**
 * Parses and checks a key set: JSON of {@link KeySetSchema}, unique `kid`s, the members each
 * key type needs (Ed25519: `crv`, `x`, `d`; RSA: `n`, `e`, `d`, `p`, `q`, `dp`, `dq`, `qi`
 * with a modulus of at least 2048 bits) and an `alg` that matches the key type. Whether the
 * material is a valid key is checked when it is imported (`KeyRing`).
 * @param text the JSON text
 * @param source what to name in errors (`JWT_KEYS`, a file path)
 * @throws KeySetError naming the source and the rule broken (never a value)
 */
export function parseKeySet(text: string, source: string): KeySet {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new KeySetError(`${source}: not valid JSON (a JWK Set {"keys": [...]})`)
  }
  if (!Value.Check(KeySetSchema, json)) {
    const first = [...Value.Errors(KeySetSchema, json)][0]
    throw new KeySetError(`${source}: not a key set of this service (${first ? `${first.instancePath || '/'} ${first.message}` : 'invalid'}); create one with \`library-api keys generate\``)
  }
  const kids = new Set<string>()
  for (const [i, key] of json.keys.entries()) {
    const where = `${source}: key ${i + 1}`
    if (kids.has(key.kid)) throw new KeySetError(`${where}: duplicate kid`)
    kids.add(key.kid)
    if (key.kty === 'OKP') {
      if (key.alg !== 'EdDSA' || key.crv !== 'Ed25519' || !key.x) throw new KeySetError(`${where}: an OKP key is Ed25519 with alg EdDSA and needs crv, x and d`)
    } else {
      if (key.alg !== 'RS256' || !key.n || !key.e || !key.p || !key.q || !key.dp || !key.dq || !key.qi) throw new KeySetError(`${where}: an RSA key has alg RS256 and needs n, e, d, p, q, dp, dq and qi`)
      if (Buffer.from(key.n, 'base64url').length * 8 < MIN_RSA_BITS) throw new KeySetError(`${where}: an RSA modulus of at least ${MIN_RSA_BITS} bits`)
    }
    if (key.retired_at !== undefined && Date.parse(key.retired_at) < Date.parse(key.created_at)) throw new KeySetError(`${where}: retired_at before created_at`)
  }
  return json
}

/**
 * Generates a new private signing key: Ed25519 for `EdDSA`, a 2048-bit RSA key for `RS256`.
 * Its `kid` is its RFC 7638 JWK thumbprint (SHA-256, base64url).
 * @param now its `created_at`
 * @see https://github.com/panva/jose/blob/main/docs/key/generate_key_pair/functions/generateKeyPair.md
 */
export async function generateKey(alg: SigningAlgorithm, now: Date): Promise<StoredKey> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: MIN_RSA_BITS } : {}) })
  const jwk = await exportJWK(privateKey)
  const kid = await calculateJwkThumbprint(jwk, 'sha256')
  return { ...(jwk as Omit<StoredKey, 'kid' | 'alg' | 'use' | 'created_at'>), kid, alg, use: 'sig', created_at: now.toISOString() }
}

/** Whether a key still signs (it is not retired). */
export function isActive(key: StoredKey): boolean {
  return key.retired_at === undefined
}

/**
 * Until when a key verifies tokens, seconds since the epoch: forever while active; once retired,
 * `retired_at` + `lifetimeSeconds` (the longest token lifetime plus the reload interval), when
 * the last token it signed has expired.
 */
export function verifiesUntil(key: StoredKey, lifetimeSeconds: number): number {
  return key.retired_at === undefined ? Number.POSITIVE_INFINITY : Math.floor(Date.parse(key.retired_at) / 1000) + lifetimeSeconds
}

/** The key that signs: the newest (`created_at`, then position in the file) active key, or undefined. */
export function signingKeyOf(set: KeySet): StoredKey | undefined {
  let newest: StoredKey | undefined
  for (const key of set.keys) {
    if (isActive(key) && (!newest || Date.parse(key.created_at) >= Date.parse(newest.created_at))) newest = key
  }
  return newest
}

/** Adds a new key, which becomes the signing key (rotation): the earlier ones keep verifying. */
export function addKey(set: KeySet, key: StoredKey): KeySet {
  return { keys: [...set.keys, key] }
}

/**
 * Retires a key: it stops signing at once and verifies until `retired_at` + the longest token
 * lifetime.
 * @throws KeySetError when no key has this kid, it is retired already, or it is the only active
 *   key (rotate first, so that another key signs)
 */
export function retireKey(set: KeySet, kid: string, now: Date): KeySet {
  const key = set.keys.find((k) => k.kid === kid)
  if (!key) throw new KeySetError(`no key with kid ${JSON.stringify(kid.slice(0, 128))} in the key set`)
  if (!isActive(key)) throw new KeySetError(`key ${kid} is retired already (since ${key.retired_at})`)
  if (!set.keys.some((k) => k !== key && isActive(k))) throw new KeySetError(`key ${kid} is the only active key: run \`library-api keys rotate\` first, so that another key signs`)
  return { keys: set.keys.map((k) => (k === key ? { ...k, retired_at: now.toISOString() } : k)) }
}

/** The public JWK of a stored key: only the members of {@link PublicJwk}. @see RFC 7517 §4 */
export function publicJwkOf(key: StoredKey): PublicJwk {
  const material = key.kty === 'OKP' ? { crv: key.crv, x: key.x } : { n: key.n, e: key.e }
  return { kty: key.kty, ...material, kid: key.kid, alg: key.alg, use: 'sig' }
}

/**
 * Reads and parses a key set file.
 * @throws KeySetError when the file is missing, unreadable or not a valid key set
 */
export async function readKeySetFile(path: string): Promise<KeySet> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (cause) {
    throw new KeySetError(`${path}: cannot read the key set (${(cause as NodeJS.ErrnoException).code ?? 'error'}); create it with \`library-api keys generate\``, { cause })
  }
  return parseKeySet(text, path)
}

/**
 * Writes a key set file atomically (a temporary file in the same folder, renamed into place),
 * readable by its owner only (mode 0600; its folder is created 0700), so that a server
 * re-reading it never sees half a file.
 * @throws KeySetError when the folder or file cannot be written
 */
export async function writeKeySetFile(path: string, set: KeySet): Promise<void> {
  const temporary = `${path}.${process.pid}.partial`
  try {
    if (!existsSync(dirname(path))) await mkdir(dirname(path), { recursive: true, mode: 0o700 })
    const file = await open(temporary, 'w', 0o600)
    try {
      await file.writeFile(JSON.stringify(set, null, 2) + '\n')
      await file.sync()
    } finally {
      await file.close()
    }
    await chmod(temporary, 0o600)
    await rename(temporary, path)
  } catch (cause) {
    await rm(temporary, { force: true })
    throw new KeySetError(`${path}: cannot write the key set (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, { cause })
  }
}
