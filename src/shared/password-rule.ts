/**
 * The password rule of api-contract §2 as one ECMA-262 regular expression (compile it with the
 * `u` flag, as Ajv and OpenAPI 3.1 do, so lengths count code points like `minLength`): 8–128
 * characters holding an upper-case letter, a lower-case letter, a digit and a symbol (anything
 * else). The request schema's `pattern` and the service's check both use it.
 * @see https://spec.openapis.org/oas/v3.1.0#data-types (ECMA-262 patterns), RFC 8259
 */
export const PASSWORD_PATTERN = '^(?=[\\s\\S]*[a-z])(?=[\\s\\S]*[A-Z])(?=[\\s\\S]*[0-9])(?=[\\s\\S]*[^A-Za-z0-9])[\\s\\S]{8,128}$'
