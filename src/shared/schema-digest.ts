import { createHash } from 'node:crypto'
import stringify from 'safe-stable-stringify'

/**
 * A key for a JSON Schema (or any JSON value): SHA-256, base64url, of its canonical JSON
 * (members sorted by `safe-stable-stringify`), so that two equal schemas built apart share one
 * compiled validator or serializer.
 * @see https://github.com/BridgeAR/safe-stable-stringify
 */
export const schemaDigest = (value: unknown): string => createHash('sha256').update(stringify(value) ?? '').digest('base64url')
