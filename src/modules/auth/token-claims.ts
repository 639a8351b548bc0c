import { type Static, Type } from 'typebox'
import { Value } from 'typebox/value'
import { ROLES } from '../../shared/permissions.ts'

/** The largest id a PostgreSQL `integer` column holds (2^31 - 1). */
const MAX_ID = 2_147_483_647

/** 31 Dec 9999 23:59:59 UTC in seconds: beyond any token's `iat` or `exp`, still an exact integer. */
const MAX_EPOCH_SECONDS = 253_402_300_799

/** A session id or token id as `randomUUID()` writes it (RFC 9562 text form, lower case). */
const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' })

/** A user id as the `sub` claim carries it: canonical decimal, no sign, no leading zero (range checked apart). */
const Subject = Type.String({ pattern: '^[1-9][0-9]{0,9}$' })

const EpochSeconds = Type.Integer({ minimum: 0, maximum: MAX_EPOCH_SECONDS })

/** `iss` and `aud` are compared with the configuration by jose; here only their JSON type is pinned. */
const registered = {
  iss: Type.String({ maxLength: 2048 }),
  aud: Type.String({ maxLength: 2048 }),
  sub: Subject,
  jti: Uuid,
  sid: Uuid,
  iat: EpochSeconds,
  exp: EpochSeconds,
}

/**
 * The payload of an access token exactly as {@link TokenService.signPair} writes it: nothing
 * more (no extra member), nothing of another JSON type.
 * @see RFC 7519 §4.1 (registered claims)
 */
export const AccessClaimsSchema = Type.Object(
  {
    ...registered,
    type: Type.Literal('access'),
    roles: Type.Array(Type.Union(ROLES.map((role) => Type.Literal(role))), { maxItems: ROLES.length, uniqueItems: true }),
  },
  { additionalProperties: false },
)

/** The payload of a refresh token exactly as {@link TokenService.signPair} writes it. */
export const RefreshClaimsSchema = Type.Object({ ...registered, type: Type.Literal('refresh') }, { additionalProperties: false })

/** Claims of an access token. `sid` is the login session (refresh-token family); `iat`/`exp` in seconds since the epoch. */
export type AccessClaims = Static<typeof AccessClaimsSchema>
/** Claims of a refresh token; `iat`/`exp` in seconds since the epoch. */
export type RefreshClaims = Static<typeof RefreshClaimsSchema>

/**
 * Whether a verified JWT payload has the shape this service issues for tokens of `type`, so that
 * nothing else of it (an object where an id belongs, NUL, an id beyond 2^31 - 1) ever reaches a
 * query. Signature and registered claims must have been checked by jose before.
 * @param payload the payload jose returned
 * @param type the token type expected
 */
export function hasIssuedShape(payload: unknown, type: 'access' | 'refresh'): boolean {
  const schema = type === 'access' ? AccessClaimsSchema : RefreshClaimsSchema
  return Value.Check(schema, payload) && Number((payload as { sub: string }).sub) <= MAX_ID
}
