type WellFormed = string & { isWellFormed(): boolean }

/**
 * Whether a string can be stored as text on every database: no U+0000 and no unpaired
 * surrogate (`String.prototype.isWellFormed`, ES2024, Node ≥ 20).
 */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && (value as WellFormed).isWellFormed()
}

/**
 * A copy of `input` with the named single-line text fields trimmed of leading and trailing
 * white space (`String.prototype.trim`: Unicode white space and line terminators). Nothing
 * else is changed — no Unicode normalisation (NFC or other): what a client sends is what it
 * reads back, apart from that surrounding white space. Absent and `null` fields stay as they are.
 * @example trimLines({ title: '  Dune  ', summary: ' x ' }, ['title']) // { title: 'Dune', summary: ' x ' }
 * @see https://tc39.es/ecma262/#sec-string.prototype.trim
 */
export function trimLines<T extends object>(input: T, fields: readonly (keyof T)[]): T {
  const out = { ...input }
  for (const field of fields) {
    const value = out[field]
    if (typeof value === 'string') out[field] = value.trim() as T[keyof T]
  }
  return out
}
