import { AppError } from '../errors.ts'

/** The representation versions of the API. @see api-contract §4 */
export type ApiVersion = 1 | 2
export const API_VERSIONS: readonly ApiVersion[] = [1, 2]

const VENDOR_MEDIA_TYPE = /application\/vnd\.library\.v(\d+)\+json/i

/**
 * The version a request asks for by header on the version-neutral paths (`/api/books…`):
 * `Accept: application/vnd.library.v2+json` or `X-API-Version: 2`; v1 when neither is sent.
 * @throws AppError `unsupported_version` (406) for a version that does not exist
 * @see api-contract §4, RFC 6838 (vendor media types)
 */
export function resolveApiVersion(headers: Record<string, string | string[] | undefined>): ApiVersion {
  const explicit = headers['x-api-version']
  const accept = headers.accept
  const fromAccept = typeof accept === 'string' ? VENDOR_MEDIA_TYPE.exec(accept)?.[1] : undefined
  const asked = typeof explicit === 'string' && explicit.trim() !== '' ? explicit.trim() : fromAccept
  if (asked === undefined) return 1
  const version = Number(asked)
  if (!API_VERSIONS.includes(version as ApiVersion)) {
    throw new AppError('unsupported_version', `API version ${asked.slice(0, 20)} does not exist; use one of ${API_VERSIONS.join(', ')}`)
  }
  return version as ApiVersion
}
