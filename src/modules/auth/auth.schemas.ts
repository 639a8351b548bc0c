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
