import { availableParallelism } from 'node:os'
import { hash, verify } from '@node-rs/argon2'
import pLimit, { type LimitFunction } from 'p-limit'
import type { Config } from '../../config.ts'
import { PASSWORD_PATTERN } from '../../shared/password-rule.ts'

const PASSWORD_RULE = new RegExp(PASSWORD_PATTERN, 'u')

/** `Algorithm.Argon2id` of @node-rs/argon2 (a const enum, which isolated modules cannot import). */
const ARGON2ID = 2

/**
 * argon2id hashing (OWASP's first choice) through `@node-rs/argon2`, with the configured memory
 * (KiB) and time cost, parallelism 1.
 *
 * At most one hash at a time per CPU this process may run on (`os.availableParallelism()`, which
 * honours CPU affinity): more would not finish sooner, and each one in flight holds
 * `memoryCost` KiB (19 MiB by default) in a libuv worker thread, memory the allocator keeps after.
 * The others wait their turn in order.
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html
 */
export class PasswordHasher {
  private dummy: Promise<string> | undefined
  private readonly turns: LimitFunction

  private readonly params: Config['argon2']

  /** @param concurrency hashes run at once (default: the CPUs available to the process) */
  constructor(params: Config['argon2'], concurrency = availableParallelism()) {
    this.params = params
    this.turns = pLimit(Math.max(1, concurrency))
  }

  /** @returns a PHC string `$argon2id$v=19$m=…` */
  hash(password: string): Promise<string> {
    return this.turns(() => hash(password, { algorithm: ARGON2ID, memoryCost: this.params.memoryCost, timeCost: this.params.timeCost, parallelism: 1 }))
  }

  /** Constant-time verification; false for a malformed hash. */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await this.turns(() => verify(passwordHash, password))
    } catch {
      return false
    }
  }

  /** Hashes and verifications running now, and waiting for their turn (for tests and diagnostics). */
  get load(): { running: number; waiting: number } {
    return { running: this.turns.activeCount, waiting: this.turns.pendingCount }
  }

  /** Spends the same time as a real verification, for unknown usernames (no user enumeration by timing). */
  async verifyDummy(password: string): Promise<false> {
    this.dummy ??= this.hash('dummy password never matches')
    await this.verify(await this.dummy, password)
    return false
  }
}

/**
 * The password rule: 8–128 characters (code points, as JSON Schema `maxLength` counts) with an
 * upper-case letter, a lower-case letter, a digit and a symbol — {@link PASSWORD_PATTERN}, the
 * `pattern` of the request schema.
 * @returns the problem message, or undefined when the password is acceptable
 */
export function passwordWeakness(password: string): string | undefined {
  const length = [...password].length
  if (length < 8 || length > 128) return 'must be 8 to 128 characters'
  if (!PASSWORD_RULE.test(password)) return 'must contain an upper-case letter, a lower-case letter, a digit and a symbol'
  return undefined
}
