/** Escapes `%`, `_` and `\` for a LIKE pattern written with `escape '\'`. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`)
}
