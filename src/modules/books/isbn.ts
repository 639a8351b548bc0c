/**
 * ISBN check digits and conversion, as defined by ISO 2108 (the ISBN standard) and the
 * International ISBN Agency's "ISBN Users' Manual" (7th ed., §5 and §8). Pure functions.
 * @see https://www.isbn-international.org/content/isbn-users-manual
 */

const ISBN10_SHAPE = /^\d{9}[\dX]$/
const ISBN13_SHAPE = /^97[89]\d{10}$/

/**
 * Whether `s` is a compact ISBN-10 (10 characters, no separators) with a valid check digit:
 * the sum of each digit times its weight 10…1 is a multiple of 11; the last character may be
 * `X` (meaning 10), uppercase only.
 * @param s e.g. `'0439023483'`, `'080442957X'`
 * @see ISO 2108, ISBN Users' Manual §5 (ISBN-10 check digit, modulus 11)
 */
export function isValidIsbn10(s: string): boolean {
  if (!ISBN10_SHAPE.test(s)) return false
  let sum = 0
  for (let i = 0; i < 10; i++) {
    const c = s[i] as string
    sum += (10 - i) * (c === 'X' ? 10 : Number(c))
  }
  return sum % 11 === 0
}

/**
 * The EAN-13 check digit (weights 1, 3, 1, 3, … over the first 12 digits, modulus 10) of a
 * 12-digit string.
 */
function ean13CheckDigit(first12: string): string {
  let sum = 0
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3)
  return String((10 - (sum % 10)) % 10)
}

/**
 * Whether `s` is a compact ISBN-13: 13 digits, prefix `978` or `979` (other EAN-13 prefixes
 * are not books), and a valid EAN-13 check digit.
 * @param s e.g. `'9780439023481'`
 * @see ISO 2108, ISBN Users' Manual §5 (ISBN-13 check digit, modulus 10)
 */
export function isValidIsbn13(s: string): boolean {
  return ISBN13_SHAPE.test(s) && ean13CheckDigit(s.slice(0, 12)) === s[12]
}

/**
 * Converts a valid compact ISBN-10 to its ISBN-13: prefix `978`, the first nine digits, and a
 * recomputed check digit (the ISBN-10 check digit is dropped).
 * @param isbn10 e.g. `'0439023483'`
 * @returns e.g. `'9780439023481'`
 * @throws RangeError when `isbn10` is not a valid compact ISBN-10 ({@link isValidIsbn10})
 * @see ISBN Users' Manual §8 (converting ISBN-10 to ISBN-13)
 */
export function isbn10To13(isbn10: string): string {
  if (!isValidIsbn10(isbn10)) throw new RangeError('not a valid ISBN-10')
  const first12 = `978${isbn10.slice(0, 9)}`
  return first12 + ean13CheckDigit(first12)
}

/**
 * Normalizes user input to the stored form, an ISBN-13. Hyphens and spaces are ignored and a
 * lowercase `x` is read as `X`.
 * @param input an ISBN-10 or ISBN-13, e.g. `'0-439-02348-3'`, `'978 0 439 02348 1'`
 * @returns the compact ISBN-13 (`'9780439023481'`), or `undefined` when the input is not an
 *   ISBN-10 or ISBN-13 with a valid check digit; never throws
 * @see {@link isValidIsbn10}, {@link isValidIsbn13}, {@link isbn10To13}
 */
export function normalizeIsbn(input: string): string | undefined {
  const compact = input.replace(/[\s-]/g, '').toUpperCase()
  if (isValidIsbn10(compact)) return isbn10To13(compact)
  if (isValidIsbn13(compact)) return compact
  return undefined
}
