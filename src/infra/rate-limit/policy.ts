/**
 * Rate-limit policies as operators write them: `N/unit` windows joined by `;`, for example
 * `60/min;2000/day`. Parsed once, at configuration load.
 * @see ../../../shared/docs/api-contract.md §8
 */

/** Length of each accepted window unit, in seconds. */
export const WINDOW_UNITS = { sec: 1, min: 60, hour: 3600, day: 86_400 } as const

/** A window unit of a policy string. */
export type WindowUnit = keyof typeof WINDOW_UNITS

/** One fixed window of a policy: at most `limit` requests per `seconds`. */
export interface RateLimitWindow {
  /** requests allowed per window (≥ 1) */
  readonly limit: number
  /** window length, seconds */
  readonly seconds: number
}

/** A policy: one or more windows, shortest first, each of a different length; all must allow a request. */
export type RateLimitPolicy = readonly RateLimitWindow[]

/** The largest accepted `N` of a window (keeps the counters far from any integer limit). */
export const MAX_WINDOW_LIMIT = 1_000_000_000

/**
 * Thrown by {@link parsePolicy} for a malformed policy string. The message describes the expected
 * syntax and never repeats the input (a configuration error names the key, never the value).
 */
export class PolicySyntaxError extends Error {
  override name = 'PolicySyntaxError'
}

const WINDOW = /^([0-9]{1,10})\s*\/\s*(sec|min|hour|day)$/

/**
 * Parses a policy string such as `60/min;2000/day` (whitespace around the parts is ignored).
 * @returns the windows, frozen, sorted shortest first
 * @throws PolicySyntaxError when the string is empty, a part is not `N/sec|min|hour|day` with
 *   1 ≤ N ≤ {@link MAX_WINDOW_LIMIT}, or two parts use the same unit
 */
export function parsePolicy(text: string): RateLimitPolicy {
  const windows: RateLimitWindow[] = []
  for (const part of text.split(';')) {
    const match = WINDOW.exec(part.trim())
    if (!match) throw new PolicySyntaxError('expected windows of the form N/sec|min|hour|day joined by ";"')
    const limit = Number(match[1])
    if (limit < 1 || limit > MAX_WINDOW_LIMIT) throw new PolicySyntaxError(`a window limit must be between 1 and ${MAX_WINDOW_LIMIT}`)
    const seconds = WINDOW_UNITS[match[2] as WindowUnit]
    if (windows.some((w) => w.seconds === seconds)) throw new PolicySyntaxError('each unit may appear once per policy')
    windows.push(Object.freeze({ limit, seconds }))
  }
  windows.sort((a, b) => a.seconds - b.seconds)
  return Object.freeze(windows)
}

/**
 * The `RateLimit-Policy` field value of a policy: `limit;w=seconds` items joined by `, `,
 * for example `60;w=60, 2000;w=86400`.
 * @see draft-ietf-httpapi-ratelimit-headers-06 §5.1 (RateLimit-Policy)
 */
export function policyHeader(policy: RateLimitPolicy): string {
  return policy.map((w) => `${w.limit};w=${w.seconds}`).join(', ')
}
