import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'
import type { Static, TSchema } from 'typebox'
import { Value } from 'typebox/value'
import { AppError } from '../../../errors.ts'

/** HKDF `info` label: cursor keys can never collide with any other use of the same secret. */
const KEY_LABEL = 'library-api/v2 cursor signing/v1'
const SIGNATURE_BYTES = 32
const BASE64URL = /^[A-Za-z0-9_-]+$/

function invalid(detail = 'The cursor is not one this API issued for this query'): AppError {
  return new AppError('invalid_cursor', detail)
}

/**
 * Signs and verifies opaque pagination cursors: `base64url(JSON payload) "." base64url(HMAC)`,
 * the HMAC-SHA256 over the encoded payload under a key derived (HKDF-SHA256) from the
 * application secret with a label of its own. The payload is readable by anyone who decodes
 * it — it holds only what the client sent and the position of a row it was shown — but cannot
 * be changed or forged without the key. Rotating the secret invalidates outstanding cursors,
 * which is harmless: a client starts again from the first page.
 * @see RFC 2104 (HMAC), RFC 5869 (HKDF), RFC 4648 §5 (base64url)
 */
export class CursorCodec {
  private readonly key: Buffer

  /** @param secret the application secret (`config.jwt.secret`); never used as the key itself */
  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, '', KEY_LABEL, 32))
  }

  private sign(encodedPayload: string): Buffer {
    return createHmac('sha256', this.key).update(encodedPayload).digest()
  }

  /** Encodes and signs a JSON-serializable payload. @returns the opaque cursor string */
  encode(payload: unknown): string {
    const encoded = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')
    return `${encoded}.${this.sign(encoded).toString('base64url')}`
  }

  /**
   * Verifies a cursor's signature (constant-time), then checks its payload against `schema`: a
   * valid signature proves this API wrote the cursor, not that every value in it still has the
   * type and range a query can take (the secret may have signed another format, or leaked).
   * @param schema the payloads the caller issues (TypeBox, checked with `Value.Check`)
   * @returns the payload, of the schema's type
   * @throws AppError `invalid_cursor` (400) for anything malformed, truncated, tampered with or
   *   not of the schema
   */
  decode<T extends TSchema>(cursor: string, schema: T): Static<T> {
    const parts = cursor.split('.')
    if (parts.length !== 2) throw invalid()
    const [encoded, signature] = parts as [string, string]
    if (!BASE64URL.test(encoded) || !BASE64URL.test(signature)) throw invalid()
    const given = Buffer.from(signature, 'base64url')
    // Canonical form only: base64url ignores the unused low bits of the last character, and a
    // changed character must never pass for the same signature.
    if (given.length !== SIGNATURE_BYTES || given.toString('base64url') !== signature) throw invalid()
    if (!timingSafeEqual(given, this.sign(encoded))) throw invalid()
    let payload: unknown
    try {
      payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'))
    } catch {
      throw invalid()
    }
    if (!Value.Check(schema, payload)) throw invalid()
    return payload
  }
}
