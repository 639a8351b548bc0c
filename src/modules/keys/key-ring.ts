import type { webcrypto } from 'node:crypto'
import type { Stats } from 'node:fs'
import { stat } from 'node:fs/promises'
import { importJWK, type JWSHeaderParameters } from 'jose'
import { type KeySet, KeySetError, SIGNING_ALGORITHMS, publicJwkOf, type PublicJwk, readKeySetFile, type SigningAlgorithm, signingKeyOf, type StoredKey, verifiesUntil } from './key-set.ts'

/** Where the asymmetric keys come from: a key set file (re-read when it changes) or a JWK Set given in the environment. */
export type KeySource = { file: string } | { set: KeySet; name: string }

/** Key-ring settings, from the config. */
export interface KeyRingOptions {
  /** how long a retired key still verifies, seconds: the longest token lifetime plus the reload interval */
  retiredLifetime: number
  /** told when a changed key file cannot be used (the ring keeps its keys); the message names the file, never key material */
  onReloadError?: (error: Error) => void
}

/** One imported key. Private material stays inside the `CryptoKey` objects. */
interface LiveKey {
  stored: StoredKey
  alg: SigningAlgorithm
  /** the private key (signs) */
  signing: webcrypto.CryptoKey
  /** the public key (verifies) */
  verifying: webcrypto.CryptoKey
  /** seconds since the epoch; Infinity while active */
  verifiesUntil: number
}

/** Protected-header members that point at key material outside our key set: never honoured, always refused. @see RFC 7515 §4.1, RFC 8725 §3.10 */
const FOREIGN_KEY_HEADERS = ['jku', 'jwk', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'crit'] as const

/** A token whose header names no key of ours (or a foreign one); the caller answers 401 `token_invalid`. */
export class UnknownKeyError extends Error {
  override name = 'UnknownKeyError'
}

/**
 * Refuses a protected header that carries its own key or a pointer to one (`jku`, `jwk`,
 * `x5u`, `x5c`, `x5t`, `crit`): keys are only ever taken from the configuration.
 * @throws UnknownKeyError
 * @see RFC 8725 §3.10
 */
export function refuseForeignKeyHeaders(header: JWSHeaderParameters): void {
  for (const name of FOREIGN_KEY_HEADERS) if (name in header) throw new UnknownKeyError(`the token header carries ${name}`)
}

async function importKeys(set: KeySet, options: KeyRingOptions, source: string): Promise<Map<string, LiveKey>> {
  const keys = new Map<string, LiveKey>()
  for (const stored of set.keys) {
    const { kid, alg } = stored
    try {
      const signing = (await importJWK({ ...stored, ext: false }, alg)) as webcrypto.CryptoKey
      const publicJwk = publicJwkOf(stored)
      const verifying = (await importJWK({ ...publicJwk }, alg)) as webcrypto.CryptoKey
      keys.set(kid, { stored, alg, signing, verifying, verifiesUntil: verifiesUntil(stored, options.retiredLifetime) })
    } catch (cause) {
      throw new KeySetError(`${source}: key ${kid} is not a valid ${alg} private key`, { cause })
    }
  }
  return keys
}

/**
 * The live asymmetric keys: the newest active key signs; every key that is active, or retired
 * less than `retiredLifetime` seconds ago, verifies — picked by the token's `kid`, with the
 * algorithm pinned to that key's `alg`. A file source is re-read when it changes
 * ({@link KeyRing.reloadIfChanged}: on a timer, and when a token names a kid not known yet, so
 * that a key another instance already signs with is found at once).
 * @see RFC 7517 (JWK), RFC 7515 §4.1.4 (`kid`), https://github.com/panva/jose
 */
export class KeyRing {
  private readonly source: KeySource
  private readonly options: KeyRingOptions
  private keys: Map<string, LiveKey>
  private signer: LiveKey
  private fileStamp: string | undefined
  private reloading: Promise<boolean> | undefined
  /** counts the reloads that changed the ring, so that a cache of verified tokens knows to start again */
  generation = 0

  private constructor(
    source: KeySource,
    options: KeyRingOptions,
    keys: Map<string, LiveKey>,
    signer: LiveKey,
    fileStamp: string | undefined,
  ) {
    this.source = source
    this.options = options
    this.keys = keys
    this.signer = signer
    this.fileStamp = fileStamp
  }

  /**
   * Reads (a file source) and imports the key set.
   * @throws KeySetError when it cannot be read, is invalid, or has no active key to sign with
   */
  static async load(source: KeySource, options: KeyRingOptions): Promise<KeyRing> {
    const stamp = 'file' in source ? await fileStampOf(source.file).catch(() => undefined) : undefined
    const { keys, signer } = await KeyRing.build(source, options)
    return new KeyRing(source, options, keys, signer, stamp)
  }

  private static async build(source: KeySource, options: KeyRingOptions): Promise<{ keys: Map<string, LiveKey>; signer: LiveKey }> {
    const name = 'file' in source ? source.file : source.name
    const set = 'file' in source ? await readKeySetFile(source.file) : source.set
    const keys = await importKeys(set, options, name)
    const newest = signingKeyOf(set)
    const signer = newest && keys.get(newest.kid)
    if (!signer) throw new KeySetError(`${name}: no active key to sign with; add one with \`library-api keys rotate\``)
    return { keys, signer }
  }

  /**
   * The algorithms a token may name (jose's `algorithms` allow-list): every asymmetric one, since
   * a key of another type may be added by a rotation not yet read; HS256 never. Each token is
   * then held to its own key's `alg` by {@link KeyRing.verificationKey}.
   */
  algorithms(): SigningAlgorithm[] {
    return [...SIGNING_ALGORITHMS]
  }

  /** The signing key: the newest active one. */
  signingKey(): { kid: string; alg: SigningAlgorithm; key: webcrypto.CryptoKey } {
    return { kid: this.signer.stored.kid, alg: this.signer.alg, key: this.signer.signing }
  }

  /**
   * The public key that verifies a token with this protected header, for jose's `jwtVerify`.
   * A `kid` not in the ring makes a file source be re-read first (if the file changed).
   * @param nowSeconds the clock, seconds since the epoch
   * @throws UnknownKeyError for a foreign-key header, a missing or unknown `kid`, a key retired
   *   past its verification window, or an `alg` other than the key's
   */
  async verificationKey(header: JWSHeaderParameters, nowSeconds: number): Promise<webcrypto.CryptoKey> {
    refuseForeignKeyHeaders(header)
    const kid = header.kid
    if (typeof kid !== 'string') throw new UnknownKeyError('the token names no kid')
    let key = this.keys.get(kid)
    // Twice: the first call may join a reload that began before the file was last written.
    for (let attempt = 0; !key && attempt < 2; attempt++) {
      await this.reloadIfChanged()
      key = this.keys.get(kid)
    }
    if (!key || nowSeconds >= key.verifiesUntil) throw new UnknownKeyError('the token names no key of this service')
    if (header.alg !== key.alg) throw new UnknownKeyError('the token algorithm is not its key’s')
    return key.verifying
  }

  /** Until when the key `kid` verifies, seconds since the epoch (Infinity while active; 0 for a kid not in the ring). */
  verifiesUntil(kid: string | undefined): number {
    return (kid !== undefined && this.keys.get(kid)?.verifiesUntil) || 0
  }

  /** The public JWKs of every key that still verifies at `nowSeconds`, newest first. */
  publicKeys(nowSeconds: number): PublicJwk[] {
    return [...this.keys.values()]
      .filter((key) => nowSeconds < key.verifiesUntil)
      .sort((a, b) => Date.parse(b.stored.created_at) - Date.parse(a.stored.created_at))
      .map((key) => publicJwkOf(key.stored))
  }

  /**
   * Re-reads a file source when its inode, size or modification time changed (a rotation
   * writes a new file and renames it into place); concurrent calls share one reload. A file
   * that is now invalid leaves the ring as it was, is reported once to `onReloadError` and is
   * not read again until it changes.
   * @returns whether the ring changed; never rejects
   */
  reloadIfChanged(): Promise<boolean> {
    if (!('file' in this.source)) return Promise.resolve(false)
    this.reloading ??= this.reload(this.source.file).finally(() => (this.reloading = undefined))
    return this.reloading
  }

  private async reload(file: string): Promise<boolean> {
    const stamp = await fileStampOf(file).catch(() => undefined)
    if (stamp === undefined || stamp === this.fileStamp) return false
    this.fileStamp = stamp
    try {
      const { keys, signer } = await KeyRing.build(this.source, this.options)
      this.keys = keys
      this.signer = signer
      this.generation++
      return true
    } catch (error) {
      this.options.onReloadError?.(error as Error)
      return false
    }
  }
}

async function fileStampOf(file: string): Promise<string> {
  const info: Stats = await stat(file)
  return `${info.ino}:${info.size}:${info.mtimeMs}`
}
