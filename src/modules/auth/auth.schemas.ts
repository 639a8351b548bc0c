import { Type } from 'typebox'
import { ref } from '../../shared/schemas.ts'
import { TEXT_PROBLEM, type TextProblem } from '../../shared/validation.ts'
import { Email, Password, Username, UserSchema } from '../users/users.schemas.ts'

/** The `detail` of a login's 401 `invalid_credentials`, as auth.service.ts words a wrong password (a test holds them equal). */
export const WRONG_CREDENTIALS = 'Wrong username or password'

export const RegisterBody = Type.Object({ username: Username, email: Email, password: Password }, { additionalProperties: false })

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 254, description: 'username or email', examples: ['ada_l'] }),
    password: Type.String({ minLength: 1, maxLength: 128, examples: ['Correct-Horse-9'] }),
    cookie: Type.Optional(Type.Boolean({ default: false, description: 'browser mode: the refresh token goes into an `HttpOnly; Secure; SameSite=Strict` cookie (Path=/api/v1/auth), and the answer carries `csrf_token` instead of `refresh_token`' })),
  },
  // No stored username or password holds NUL or a lone surrogate: such credentials are wrong ones (401), not a 422.
  { additionalProperties: false, [TEXT_PROBLEM]: { code: 'invalid_credentials', detail: WRONG_CREDENTIALS } satisfies TextProblem },
)

export const RefreshBody = Type.Object({ refresh_token: Type.Optional(Type.String({ maxLength: 4096 })) }, { additionalProperties: false })

const pairProperties = {
  access_token: Type.String({ description: 'JWT, HS256; send as `Authorization: Bearer …`' }),
  refresh_token: Type.String({ description: 'JWT; single use, rotated by POST /auth/refresh' }),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'seconds until the access token expires' }),
}

export const TokenPairSchema = Type.Object(pairProperties, { $id: 'TokenPair', additionalProperties: false })

export const LoginResponse = Type.Object({ ...pairProperties, user: ref(UserSchema) }, { $id: 'LoginResponse', additionalProperties: false })

const { refresh_token: _inCookie, ...accessProperties } = pairProperties
const cookieProperties = {
  ...accessProperties,
  csrf_token: Type.String({ description: 'send as `X-CSRF-Token` on POST /auth/refresh and /auth/logout by cookie; the same for the whole login session' }),
}

/** The browser-mode answer of POST /auth/refresh: the refresh token is in `Set-Cookie` only. */
export const CookieTokensSchema = Type.Object(cookieProperties, { $id: 'CookieTokens', additionalProperties: false })

/** The browser-mode answer of POST /auth/login (`{"cookie": true}`). */
export const CookieLoginResponse = Type.Object({ ...cookieProperties, user: ref(UserSchema) }, { $id: 'CookieLoginResponse', additionalProperties: false })

/** The request headers of the routes that take the refresh cookie. */
export const CsrfHeaders = Type.Object({
  'x-csrf-token': Type.Optional(Type.String({ description: 'the `csrf_token` of the login answer; required when the refresh token comes by cookie (403 `csrf_invalid` otherwise)' })),
})
