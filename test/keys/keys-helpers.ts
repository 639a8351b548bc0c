import { randomUUID, type webcrypto } from 'node:crypto'
import { decodeJwt, decodeProtectedHeader, importJWK, type JWK, SignJWT } from 'jose'
import { generateKey, type KeySet, type SigningAlgorithm, type StoredKey } from '../../src/modules/keys/key-set.ts'
import type { TestClock } from '../helper.ts'

/** A key set of new keys, one per algorithm, created a second apart on the test clock (the last one signs). */
export async function makeKeySet(clock: TestClock, ...algs: SigningAlgorithm[]): Promise<KeySet> {
  const keys: StoredKey[] = []
  for (const [i, alg] of algs.entries()) keys.push(await generateKey(alg, new Date(clock.now().getTime() + i * 1000)))
  return { keys }
}

/** The `JWT_KEYS` override of a key set. */
export const keysEnv = (set: KeySet) => ({ JWT_KEYS: JSON.stringify(set) })

/** The protected header of a JWS. */
export const headerOf = (token: string) => decodeProtectedHeader(token)

/**
 * An access token with the claims of `genuine` (a real one) and the given header, signed with
 * `key` — what an attacker holding (or pretending to hold) that key would send.
 * @param header at least `alg`; `typ` is added
 */
export async function forge(genuine: string, header: Record<string, unknown>, key: webcrypto.CryptoKey | Uint8Array, claims: Record<string, unknown> = {}): Promise<string> {
  const { sub, sid, roles, iss, aud, iat, exp } = decodeJwt(genuine)
  return new SignJWT({ sid, roles, type: 'access', ...claims })
    .setProtectedHeader({ typ: 'JWT', ...header } as unknown as { alg: string })
    .setSubject(String(sub))
    .setJti(randomUUID())
    .setIssuedAt(Number(iat))
    .setExpirationTime(Number(claims.exp ?? exp))
    .setIssuer(String(iss))
    .setAudience(String(aud))
    .sign(key)
}

/** The private `webcrypto.CryptoKey` of a stored key. */
export async function privateKeyOf(key: StoredKey): Promise<webcrypto.CryptoKey> {
  return (await importJWK(key as unknown as JWK, key.alg)) as webcrypto.CryptoKey
}
