/** The tokens of one login session: a short-lived access JWT and its single-use refresh JWT. */
export interface TokenPair {
  accessToken: string
  refreshToken: string
}

/**
 * Where the client keeps its tokens between calls (memory by default; a caller may persist them,
 * e.g. to a file or a keychain). `set(undefined)` forgets them (logout, a revoked session).
 * Either method may be synchronous or return a promise.
 */
export interface TokenStorage {
  get(): TokenPair | undefined | Promise<TokenPair | undefined>
  set(tokens: TokenPair | undefined): void | Promise<void>
}

/** A {@link TokenStorage} in process memory, the default. */
export function memoryTokenStorage(initial?: TokenPair): TokenStorage {
  let current = initial
  return {
    get: () => current,
    set: (tokens) => {
      current = tokens
    },
  }
}
