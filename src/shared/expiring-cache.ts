/**
 * A bounded map whose entries expire at a time given per entry (seconds since the epoch). It
 * keeps what verifying an access token found, keyed by the exact token string, until the token
 * expires: verifying a JWT costs ~0.1 ms (jose, HS256), a lookup under a microsecond, and a
 * signed-in client sends the same token on every request. When full, the oldest entry makes room.
 * @typeParam V what is kept per key
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; exp: number }>()

  private readonly capacity: number

  /** @param capacity most entries kept (≥ 1) */
  constructor(capacity: number) {
    this.capacity = capacity
  }

  /**
   * The value stored for `key`, if its token has not expired.
   * @param nowSeconds the clock, seconds since the epoch
   */
  get(key: string, nowSeconds: number): V | undefined {
    const entry = this.entries.get(key)
    if (entry === undefined) return undefined
    if (entry.exp > nowSeconds) return entry.value
    this.entries.delete(key)
    return undefined
  }

  /**
   * Keeps `value` for `key` until `exp`.
   * @param exp when the entry expires (a token's `exp` claim), seconds since the epoch
   */
  set(key: string, value: V, exp: number): void {
    if (this.entries.size >= this.capacity && !this.entries.has(key)) {
      const oldest = this.entries.keys().next()
      if (!oldest.done) this.entries.delete(oldest.value)
    }
    this.entries.set(key, { value, exp })
  }

  /** Number of entries (expired ones included until looked up or pushed out). */
  get size(): number {
    return this.entries.size
  }
}
