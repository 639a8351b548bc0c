import { Value } from 'typebox/value'
import { passwordWeakness } from '../modules/auth/passwords.ts'
import { Email, Username } from '../modules/users/users.schemas.ts'

/** The account `create-admin` is asked to create. */
export interface AdminInput {
  username: string
  email: string
  password: string
  /** where the password came from, named in a refusal: `--password`, `ADMIN_PASSWORD` or generated */
  passwordSource: string
}

/**
 * Applies the API's rules of a new account (api-contract §2: the `Username`, `Email` and
 * `Password` schemas of the users module — the first two checked with TypeBox `Value.Check`, the password by
 * `passwordWeakness`, its `pattern` in words) to the input of `create-admin`.
 * @returns the first broken rule in words (`username must be 3–32 of A-Z a-z 0-9 _ . -`), or
 *   undefined when the account may be created
 * @see https://github.com/sinclairzx81/typebox (Value.Check)
 */
export function adminInputProblem(input: AdminInput): string | undefined {
  if (!Value.Check(Username, input.username)) return 'username must be 3–32 of A-Z a-z 0-9 _ . -'
  if (!Value.Check(Email, input.email)) return 'email must be an email address (name@domain) of at most 254 characters'
  // passwordWeakness is the Password schema's rule (its pattern) in words: length first, then the kinds of character.
  const weakness = passwordWeakness(input.password)
  return weakness ? `password (${input.passwordSource}) ${weakness}` : undefined
}
