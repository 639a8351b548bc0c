/**
 * A bounded map from an `Authorization` header value to what verifying its access token found,
 * kept until the token expires. Verifying a JWT costs ~0.1 ms (jose, HS256); a lookup costs
 * under a microsecond, and a signed-in client sends the same header on every request.
 *
 * Only tokens that verified are stored, keyed by the exact header string, so a forged or
 * altered token can never hit an entry. When full, the oldest entry makes room.
 * @typeParam V what is kept per token
 */
export class CallerCache<V> {
  private readonly entries = new Map<string, { value: V; exp: number }>()

  /** @param capacity most entries kept (≥ 1) */
  constructor(private readonly capacity: number) {}

  /**
   * The value stored for `header`, if its token has not expired.
   * @param nowSeconds the clock, seconds since the epoch
   */
  get(header: string, nowSeconds: number): V | undefined {
    const entry = this.entries.get(header)
    if (entry === undefined) return undefined
    if (entry.exp > nowSeconds) return entry.value
    this.entries.delete(header)
    return undefined
  }

  /**
   * Keeps `value` for `header` until `exp`.
   * @param exp the token's `exp` claim, seconds since the epoch
   */
  set(header: string, value: V, exp: number): void {
    if (this.entries.size >= this.capacity && !this.entries.has(header)) {
      const oldest = this.entries.keys().next()
      if (!oldest.done) this.entries.delete(oldest.value)
    }
    this.entries.set(header, { value, exp })
  }

  /** Number of entries (expired ones included until looked up or pushed out). */
  get size(): number {
    return this.entries.size
  }
}
