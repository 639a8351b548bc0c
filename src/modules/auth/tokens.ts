import { webcrypto } from 'node:crypto'
import { errors as joseErrors, type JWSHeaderParameters, jwtVerify, SignJWT } from 'jose'
import type { Config } from '../../config.ts'
import { AppError } from '../../errors.ts'
import { ExpiringCache } from '../../shared/expiring-cache.ts'
import { type KeyRing, refuseForeignKeyHeaders } from '../keys/key-ring.ts'
import { type AccessClaims, hasIssuedShape, type RefreshClaims } from './token-claims.ts'

export type { AccessClaims, RefreshClaims } from './token-claims.ts'

/** One issued pair, as stored: enough to sign it again, identically, inside the grace window. */
export interface PairSpec {
  userId: number
  roles: string[]
  sessionId: string
  accessJti: string
  refreshJti: string
  /** seconds since the epoch */
  issuedAt: number
}

/** What the HTTP layer answers on login and refresh. */
export interface TokenPair {
  access_token: string
  refresh_token: string
  token_type: 'Bearer'
  /** seconds until the access token expires */
  expires_in: number
}

/**
 * Signs and verifies this API's JWTs (with `iss`, `aud`, `exp` and a `type` claim) with `jose`:
 * HS256 with the secret, or — when a {@link KeyRing} is given — EdDSA/RS256 with the ring's
 * newest key, its `kid` in the header; then a token verifies only with the key its `kid` names,
 * under that key's algorithm (HS256 tokens are refused). Signing is deterministic (HMAC,
 * Ed25519 and RSASSA-PKCS1-v1_5 all are), so the same {@link PairSpec} gives the same strings
 * while the signing key stays the same.
 * @see RFC 7519, RFC 8725, https://github.com/panva/jose
 */
export class TokenService {
  /** imported once: handing jose raw bytes would import the key again on every sign and verify */
  private readonly secretKey: Promise<webcrypto.CryptoKey> | undefined
  private readonly jwt: Config['jwt']
  private readonly ring: KeyRing | undefined
  /**
   * Access tokens that verified, by token string, until they expire or their key stops verifying
   * (the limiter and auth both ask); started again when the key ring changes, so that a key
   * taken out of the file stops verifying at once.
   */
  private verifiedAccess = new ExpiringCache<AccessClaims>(10_000)
  private ringGeneration = 0

  /**
   * @param jwt the token settings (`secret` is used only without a key ring)
   * @param ring the asymmetric keys, when configured
   */
  constructor(jwt: Config['jwt'], ring?: KeyRing) {
    this.jwt = jwt
    this.ring = ring
    this.secretKey = ring ? undefined : webcrypto.subtle.importKey('raw', new TextEncoder().encode(jwt.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])
  }

  private async signingKey(): Promise<{ header: { alg: string; typ: 'JWT'; kid?: string }; key: webcrypto.CryptoKey }> {
    if (!this.ring) return { header: { alg: 'HS256', typ: 'JWT' }, key: await this.secretKey! }
    const { kid, alg, key } = this.ring.signingKey()
    return { header: { alg, typ: 'JWT', kid }, key }
  }

  /** The key jose verifies a token with, from its protected header (a foreign-key header is refused in both modes). */
  private async verificationKey(header: JWSHeaderParameters, nowSeconds: number): Promise<webcrypto.CryptoKey> {
    if (this.ring) return this.ring.verificationKey(header, nowSeconds)
    refuseForeignKeyHeaders(header)
    return this.secretKey!
  }

  /** Signs the access and refresh token of a pair. */
  async signPair(spec: PairSpec): Promise<TokenPair> {
    const { issuer, audience, accessTtl, refreshTtl } = this.jwt
    const { header, key } = await this.signingKey()
    const access = await new SignJWT({ roles: spec.roles, sid: spec.sessionId, type: 'access' })
      .setProtectedHeader(header)
      .setSubject(String(spec.userId))
      .setJti(spec.accessJti)
      .setIssuedAt(spec.issuedAt)
      .setExpirationTime(spec.issuedAt + accessTtl)
      .setIssuer(issuer)
      .setAudience(audience)
      .sign(key)
    const refresh = await new SignJWT({ sid: spec.sessionId, type: 'refresh' })
      .setProtectedHeader(header)
      .setSubject(String(spec.userId))
      .setJti(spec.refreshJti)
      .setIssuedAt(spec.issuedAt)
      .setExpirationTime(spec.issuedAt + refreshTtl)
      .setIssuer(issuer)
      .setAudience(audience)
      .sign(key)
    return { access_token: access, refresh_token: refresh, token_type: 'Bearer', expires_in: accessTtl }
  }

  /**
   * Verifies signature, algorithm, `iss`, `aud`, `exp` and the token type, then the shape of
   * every claim ({@link hasIssuedShape}: `sub` a user id within 1..2^31-1, `sid`/`jti` UUIDs,
   * known roles, integer times, no other member). With a key ring the `kid` picks the key and
   * pins the algorithm; a header with `jku`, `jwk`, `x5u`, `x5c`, `x5t` or `crit` is refused.
   * @param nowSeconds the clock, seconds since the epoch
   * @throws AppError `token_expired` or `token_invalid` (401, with `WWW-Authenticate`)
   */
  async verify<T extends 'access' | 'refresh'>(token: string, type: T, nowSeconds: number): Promise<T extends 'access' ? AccessClaims : RefreshClaims> {
    if (this.ring && this.ring.generation !== this.ringGeneration) {
      this.verifiedAccess = new ExpiringCache<AccessClaims>(10_000)
      this.ringGeneration = this.ring.generation
    }
    if (type === 'access') {
      const known = this.verifiedAccess.get(token, nowSeconds)
      if (known) return known as never
    }
    let payload: Record<string, unknown>
    let kid: string | undefined
    try {
      ;({ payload, protectedHeader: { kid } } = await jwtVerify(token, (header) => this.verificationKey(header, nowSeconds), {
        algorithms: this.ring ? this.ring.algorithms() : ['HS256'],
        issuer: this.jwt.issuer,
        audience: this.jwt.audience,
        currentDate: new Date(nowSeconds * 1000),
        requiredClaims: ['sub', 'jti', 'iat', 'exp', 'sid'],
      }))
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw tokenError('token_expired', 'The token has expired')
      throw tokenError('token_invalid', 'The token is malformed or its signature, issuer or audience is wrong')
    }
    if (payload.type !== type) throw tokenError('token_invalid', `Expected a ${type} token`)
    // A valid signature proves who wrote the token, not that every claim has the type and range
    // a query can take: nothing of it is read before it has the shape signPair writes.
    if (!hasIssuedShape(payload, type)) throw tokenError('token_invalid', 'The token claims are not of the form this API issues')
    if (type === 'access') {
      const until = this.ring ? Math.min(payload.exp as number, this.ring.verifiesUntil(kid)) : (payload.exp as number)
      this.verifiedAccess.set(token, payload as unknown as AccessClaims, until)
    }
    return payload as never
  }
}

/**
 * A 401 token problem with its RFC 6750 `WWW-Authenticate` challenge.
 * @see RFC 6750 §3
 */
export function tokenError(code: 'token_missing' | 'token_invalid' | 'token_expired' | 'token_revoked', detail: string): AppError {
  const challenge = code === 'token_missing' ? 'Bearer realm="library-api"' : `Bearer realm="library-api", error="invalid_token", error_description="${detail}"`
  return new AppError(code, detail, {}, { 'www-authenticate': challenge })
}

/** The bearer token of an `Authorization` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header)
  return match?.[1]
}
