/**
 * Seconds to wait according to a `Retry-After` header: delay-seconds or an HTTP-date
 * (RFC 9110 §10.2.3). Undefined when the header is absent or unreadable; never negative.
 * @param now the current time, epoch milliseconds
 * @see RFC 9110 §10.2.3
 */
export function retryAfterSeconds(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  // An HTTP-date is an IMF-fixdate in GMT; Date.parse alone would also take "-3" as a year.
  const date = trimmed.endsWith('GMT') ? Date.parse(trimmed) : Number.NaN
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000))
}
