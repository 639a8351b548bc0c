import { RateLimiterRes } from 'rate-limiter-flexible'
import { policyHeader, type RateLimitPolicy, type RateLimitWindow } from './policy.ts'
import type { CounterStore, WindowCounter } from './store.ts'

/** Where a degraded store reports its state changes (a pino logger fits). */
export interface HealthLog {
  warn(object: object, message: string): void
  info(message: string): void
}

/**
 * Whether the shared store (Redis) is answering, as seen by the counters: flips to degraded on
 * the first failure and back on the first success, logging each change once — a warning when
 * the fallback starts, an info line when Redis answers again — never once per request.
 */
export class StoreHealth {
  /** true between a failed and the next successful call of the shared store */
  degraded = false

  private readonly log: HealthLog

  constructor(log: HealthLog) {
    this.log = log
  }

  /** A call to the shared store failed. */
  failed(error: unknown): void {
    if (this.degraded) return
    this.degraded = true
    this.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'rate limits: Redis unreachable; counting in this instance\'s memory, /auth/* as configured by RATE_LIMIT_REDIS_DOWN_AUTH')
  }

  /** A call to the shared store succeeded. */
  recovered(): void {
    if (!this.degraded) return
    this.degraded = false
    this.log.info('rate limits: Redis reachable again; counting there')
  }
}

/**
 * The outcome of counting one request against one policy, filled by {@link PreparedPolicy.consume}
 * (or {@link PreparedPolicy.inspect}). One object per request; it also names the caller, so
 * later hooks and `GET /api/v1/rate-limit` know who was counted.
 *
 * The reported window is the one closest to exhaustion: the fewest requests remaining, and of
 * those the one that resets last — the window whose `RateLimit-*` fields a client must obey.
 */
export class Verdict {
  /** false when a window is over its limit (answer 429) */
  allowed = true
  /** true when a shared counter failed and this process's memory counted instead */
  degraded = false
  /** `RateLimit-Limit`: the reported window's limit */
  limit = 0
  /** `RateLimit-Remaining`: requests left in the reported window after this one */
  remaining = 0
  /** `RateLimit-Reset`: seconds until the reported window starts afresh */
  resetSeconds = 0
  /** `Retry-After` when not allowed: seconds until every window that refused allows again (≥ 1) */
  retryAfterSeconds = 0
  /** each window's state, when read by {@link PreparedPolicy.inspect} instead of counted */
  windows: WindowState[] | null = null

  readonly policy: PreparedPolicy
  readonly key: string
  readonly keyType: 'user' | 'ip'

  /**
   * @param policy the policy counted
   * @param key the caller's key in it (user id, client IP, IP and username)
   * @param keyType what the key stands for
   */
  constructor(
    policy: PreparedPolicy,
    key: string,
    keyType: 'user' | 'ip',
  ) {
    this.policy = policy
    this.key = key
    this.keyType = keyType
  }

  /** Whether this verdict's reported window is closer to exhaustion than `other`'s. */
  closerThan(other: Verdict): boolean {
    return this.remaining < other.remaining || (this.remaining === other.remaining && this.resetSeconds > other.resetSeconds)
  }
}

/** What is left of one window, as `GET /api/v1/rate-limit` reports it. */
export interface WindowState {
  /** the policy's name (`anonymous`, `member`, …) */
  name: string
  limit: number
  /** seconds */
  window_seconds: number
  remaining: number
  /** seconds until the window starts afresh (its full length when no window is open) */
  reset_seconds: number
}

const REJECTED = Symbol('rejected')

/** A `consume` over the limit, told apart from a success without wrapping the common case. */
interface Rejection {
  [REJECTED]: true
  res: RateLimiterRes
}

function isRejection(value: RateLimiterRes | Rejection): value is Rejection {
  return (value as Partial<Rejection>)[REJECTED] === true
}

const ceilSeconds = (ms: number): number => (ms > 0 ? Math.ceil(ms / 1000) : 0)
const ignore = (): void => {}

/**
 * One window of a prepared policy: the store's counter and, in front of a shared store, a
 * memory counter that takes over while the store fails (what rate-limiter-flexible's
 * `insuranceLimiter` does — done here so the caller learns that it happened and `/auth/*` can
 * refuse instead).
 * @see https://github.com/animir/node-rate-limiter-flexible/wiki/Insurance-Strategy
 */
class PreparedWindow {
  readonly window: RateLimitWindow
  private readonly primary: WindowCounter
  private readonly fallback: WindowCounter | null
  private readonly health: StoreHealth

  constructor(
    window: RateLimitWindow,
    primary: WindowCounter,
    fallback: WindowCounter | null,
    health: StoreHealth,
  ) {
    this.window = window
    this.primary = primary
    this.fallback = fallback
    this.health = health
  }

  /** Counts one request; a store failure falls back to memory and marks the verdict degraded. */
  async consume(key: string, verdict: Verdict): Promise<RateLimiterRes | Rejection> {
    try {
      const res = await this.primary.consume(key)
      if (this.health.degraded) this.health.recovered()
      return res
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        if (this.health.degraded) this.health.recovered()
        return { [REJECTED]: true, res: error }
      }
      if (!this.fallback) throw error
      this.health.failed(error)
      verdict.degraded = true
      try {
        return await this.fallback.consume(key)
      } catch (fallbackError) {
        if (fallbackError instanceof RateLimiterRes) return { [REJECTED]: true, res: fallbackError }
        throw fallbackError
      }
    }
  }

  /** Gives back one request where it was counted: the store, or memory when the store fails. */
  refund(key: string): void {
    const fallback = this.fallback
    this.primary.reward(key).catch(fallback ? () => fallback.reward(key).catch(ignore) : ignore)
  }

  /** Reads the window without counting; falls back to memory while the store fails. */
  async get(key: string, verdict: Verdict): Promise<RateLimiterRes | null> {
    try {
      return await this.primary.get(key)
    } catch (error) {
      if (!this.fallback) throw error
      this.health.failed(error)
      verdict.degraded = true
      return this.fallback.get(key)
    }
  }
}

/**
 * A policy made ready for the hot path: its windows' counters built once, its
 * `RateLimit-Policy` value formatted once.
 */
export class PreparedPolicy {
  /** `RateLimit-Policy` field value, e.g. `60;w=60, 2000;w=86400` */
  readonly header: string
  private readonly windows: PreparedWindow[]

  readonly name: string
  readonly policy: RateLimitPolicy

  /**
   * @param name the policy's name, part of every storage key (`anonymous`, `login`, …)
   * @param policy its windows
   * @param store where the counters live
   * @param fallback memory counters taking over while a shared `store` fails; null: failures propagate
   * @param health the shared store's state, shared by every policy on it
   */
  constructor(
    name: string,
    policy: RateLimitPolicy,
    store: CounterStore,
    fallback: CounterStore | null,
    health: StoreHealth,
  ) {
    this.name = name
    this.policy = policy
    this.header = policyHeader(policy)
    this.windows = policy.map((window) => {
      const id = `${name}:${window.seconds}`
      return new PreparedWindow(window, store.counter(id, window), fallback?.counter(id, window) ?? null, health)
    })
  }

  /**
   * Counts one request for `key` in every window and fills `verdict`. A request that one window
   * refuses is given back to the windows that had counted it, so a 429 does not eat into, say,
   * the daily quota.
   * @returns `verdict`, filled
   * @throws Error only when the store fails and there is no fallback
   */
  async consume(key: string, verdict: Verdict): Promise<Verdict> {
    const windows = this.windows
    if (windows.length === 1) {
      const outcome = await windows[0]!.consume(key, verdict)
      this.report(verdict, outcome, 0)
      return verdict
    }
    const pending: Promise<RateLimiterRes | Rejection>[] = new Array(windows.length)
    for (let i = 0; i < windows.length; i++) pending[i] = windows[i]!.consume(key, verdict)
    const outcomes = await Promise.all(pending)
    let rejected = false
    for (const outcome of outcomes) if (isRejection(outcome)) rejected = true
    for (let i = 0; i < outcomes.length; i++) {
      const outcome = outcomes[i]!
      if (rejected && !isRejection(outcome)) windows[i]!.refund(key)
      this.report(verdict, outcome, i, rejected)
    }
    return verdict
  }

  /** Folds one window's outcome into the verdict (the first window initialises it). */
  private report(verdict: Verdict, outcome: RateLimiterRes | Rejection, index: number, refunded = false): void {
    const window = this.windows[index]!.window
    let remaining: number
    let resetSeconds: number
    if (isRejection(outcome)) {
      remaining = 0
      resetSeconds = Math.max(ceilSeconds(outcome.res.msBeforeNext), 1)
      verdict.allowed = false
      if (resetSeconds > verdict.retryAfterSeconds) verdict.retryAfterSeconds = resetSeconds
    } else {
      remaining = Math.min(outcome.remainingPoints + (refunded ? 1 : 0), window.limit)
      resetSeconds = ceilSeconds(outcome.msBeforeNext)
    }
    if (index === 0 || remaining < verdict.remaining || (remaining === verdict.remaining && resetSeconds > verdict.resetSeconds)) {
      verdict.limit = window.limit
      verdict.remaining = remaining
      verdict.resetSeconds = resetSeconds
    }
  }

  /**
   * Reads every window for `key` without counting and fills `verdict`: the reported window (never
   * refused) and `windows`, the state of each.
   * @returns `verdict.windows`
   * @throws Error only when the store fails and there is no fallback
   */
  async inspect(key: string, verdict: Verdict): Promise<WindowState[]> {
    const results = await Promise.all(this.windows.map((w) => w.get(key, verdict)))
    return (verdict.windows = results.map((res, i) => {
      const window = this.windows[i]!.window
      const open = res !== null && res.msBeforeNext > 0
      const state: WindowState = {
        name: this.name,
        limit: window.limit,
        window_seconds: window.seconds,
        remaining: open ? Math.max(window.limit - res.consumedPoints, 0) : window.limit,
        reset_seconds: open ? ceilSeconds(res.msBeforeNext) : window.seconds,
      }
      if (i === 0 || state.remaining < verdict.remaining || (state.remaining === verdict.remaining && state.reset_seconds > verdict.resetSeconds)) {
        verdict.limit = state.limit
        verdict.remaining = state.remaining
        verdict.resetSeconds = state.reset_seconds
      }
      return state
    }))
  }
}
