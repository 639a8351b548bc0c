import { isValidIsbn10, isValidIsbn13, isbn10To13 } from '../isbn.ts'

/**
 * One CSV row turned into a catalog book, ready to insert (timestamps and `copies_available`
 * are added by the importer). Field names are the `books` columns. What a goodbooks-10k row
 * gives is described on each field; a catalog-form row (`readCatalogRow`) gives the API's values.
 */
export interface ImportedBook {
  title: string
  /** goodbooks: every author of the row, primary author first, joined with `', '` */
  author: string
  /** compact ISBN-13, or null when the row has no trustworthy ISBN */
  isbn: string | null
  /** proleptic year, negative before the common era (`-750` for the Iliad) */
  publication_year: number | null
  /** goodbooks: ISO 639-1 code when one exists (`'en'`), else the lowercase ISO 639-2 code (`'fil'`) */
  language: string | null
  /** goodbooks: always null */
  publisher: string | null
  /** goodbooks: always null */
  summary: string | null
  /** goodbooks: always `[]` (the CSV has no genres) */
  genres: string[]
  copies_total: number
}

/**
 * What {@link repairRow} may change in a row, one name per kind of change. A row counts as
 * repaired only when a stored value differs from what the row says read at face value: a value
 * fixed, derived from another column, or dropped (a {@link NoteKind} is parsing, not a repair):
 * - `title_whitespace`: title trimmed, runs of whitespace collapsed to one space
 * - `title_from_original_title`: `title` empty, `original_title` used
 * - `authors_split`: the comma-separated author list re-joined with `', '` after trimming and
 *   dropping empty or repeated names (only when that changed the text)
 * - `isbn_leading_zeros`: `isbn` left-padded with zeros to 10 characters (a spreadsheet had
 *   read it as a number)
 * - `isbn13_from_isbn10`: `isbn13` held 13 digits of another ISBN (or digits disagreeing with
 *   `isbn`); the ISBN-13 of the valid ISBN-10 was stored instead
 * - `isbn13_from_truncated_isbn`: `isbn` held the last 10 digits of an ISBN-13 (its `978`
 *   dropped); restored because the result is a valid ISBN-13 that agrees with `isbn13`
 * - `isbn_invalid`: `isbn` has a wrong check digit or shape and was dropped
 * - `isbn13_unusable`: `isbn13` (float notation, digits lost) was dropped and no ISBN kept
 * - `publication_year_invalid`: not an integral year between -9999 and 9999; stored as null
 * - `language_invalid`: `language_code` is no language code; stored as null
 */
export type RepairKind =
  | 'title_whitespace'
  | 'title_from_original_title'
  | 'authors_split'
  | 'isbn_leading_zeros'
  | 'isbn13_from_isbn10'
  | 'isbn13_from_truncated_isbn'
  | 'isbn_invalid'
  | 'isbn13_unusable'
  | 'publication_year_invalid'
  | 'language_invalid'

/**
 * How {@link repairRow} (or, for a catalog export, `readCatalogRow`) read a well-formed value
 * into the catalog's form — parsing, not a repair (the stored value means what the cell says):
 * - `isbn_as_isbn13`: a valid ISBN-10 stored as its ISBN-13 (ISO 2108), `isbn13` agreeing or
 *   empty or rounded by float notation; in a catalog export, an ISBN-10 or a hyphenated ISBN
 *   stored as its compact ISBN-13
 * - `publication_year_float`: `2008.0` stored as `2008`
 * - `publication_year_negative`: a year before the common era, kept as a negative integer
 * - `language_code`: an ISO 639-2 code or a language tag stored as its ISO 639-1 primary
 *   language (`eng`, `en-US` → `en`; `fre` → `fr`)
 * - `text_trimmed` (catalog export only): title, author or publisher stored trimmed of
 *   surrounding white space, as `POST /api/v1/books` stores them
 */
export type NoteKind = 'isbn_as_isbn13' | 'publication_year_float' | 'publication_year_negative' | 'language_code' | 'text_trimmed'

/**
 * The outcome of {@link repairRow}: a book, what was repaired to get it and how it was read,
 * or why it is no book.
 */
export type RepairResult =
  | { ok: true; book: ImportedBook; repairs: RepairKind[]; notes: NoteKind[] }
  | { ok: false; reason: string }

/** ISO 639-2 (bibliographic and terminology) codes to ISO 639-1, for the languages likely here. */
const ISO_639_2_TO_1: Record<string, string> = {
  ara: 'ar', cat: 'ca', ces: 'cs', chi: 'zh', cze: 'cs', dan: 'da', deu: 'de', dut: 'nl',
  ell: 'el', eng: 'en', fas: 'fa', fin: 'fi', fra: 'fr', fre: 'fr', ger: 'de', gre: 'el',
  heb: 'he', hin: 'hi', hun: 'hu', ind: 'id', ita: 'it', jpn: 'ja', kor: 'ko', lat: 'la',
  nld: 'nl', nor: 'no', per: 'fa', pol: 'pl', por: 'pt', ron: 'ro', rum: 'ro', rus: 'ru',
  spa: 'es', swe: 'sv', tha: 'th', tur: 'tr', ukr: 'uk', vie: 'vi', zho: 'zh',
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim()

/**
 * Repairs one data row of goodbooks-10k `books.csv` (columns as in its header: `book_id`,
 * `isbn`, `isbn13`, `authors`, `original_publication_year`, `original_title`, `title`,
 * `language_code`, …; missing columns read as empty). The known damage of that file and what is
 * done about it is listed under {@link RepairKind}; `isbn13` is never trusted beyond the digits it
 * really carries (13 significant digits), because float notation lost its last ones.
 *
 * `copies_total` is `1 + (book_id mod 5)` (1–5 copies, deterministic so that two imports agree),
 * or `1 + (rowNumber mod 5)` when `book_id` is not a positive integer.
 *
 * A row is rejected only when it cannot be a book: no title (neither `title` nor
 * `original_title`) or no author. Duplicates across rows are {@link createDuplicateCheck}'s job.
 * @param raw the row as csv-parse gives it with `columns: true` (header name → text)
 * @param rowNumber the 1-based data row number (header is row 0)
 * @returns `{ ok: true, book, repairs, notes }` (`repairs` empty when nothing was changed) or
 *   `{ ok: false, reason }`; never throws
 * @see ISO 2108 (ISBN), ISO 639 and RFC 5646 §2.2.1 (primary language subtag)
 */
export function repairRow(raw: Record<string, string>, rowNumber: number): RepairResult {
  const repairs: RepairKind[] = []
  const notes: NoteKind[] = []
  const field = (name: string) => raw[name] ?? ''

  let title = collapse(field('title'))
  if (title === '') {
    title = collapse(field('original_title'))
    if (title === '') return { ok: false, reason: 'title and original_title are empty' }
    repairs.push('title_from_original_title')
  } else if (title !== field('title')) {
    repairs.push('title_whitespace')
  }

  const author = repairAuthors(field('authors'))
  if (author === '') return { ok: false, reason: 'authors is empty' }
  if (author !== field('authors')) repairs.push('authors_split')

  const isbn = repairIsbn(field('isbn'), field('isbn13'), repairs, notes)
  const publicationYear = repairYear(field('original_publication_year'), repairs, notes)
  const language = repairLanguage(field('language_code'), repairs, notes)

  const bookId = Number(field('book_id'))
  const seed = Number.isSafeInteger(bookId) && bookId > 0 ? bookId : rowNumber
  return {
    ok: true,
    repairs,
    notes,
    book: {
      title,
      author,
      isbn,
      publication_year: publicationYear,
      language,
      publisher: null,
      summary: null,
      genres: [],
      copies_total: 1 + (seed % 5),
    },
  }
}

function repairAuthors(text: string): string {
  const seen = new Set<string>()
  const names: string[] = []
  for (const part of text.split(',')) {
    const name = collapse(part)
    const key = name.toLowerCase()
    if (name === '' || seen.has(key)) continue
    seen.add(key)
    names.push(name)
  }
  return names.join(', ')
}

function repairIsbn(isbnText: string, isbn13Text: string, repairs: RepairKind[], notes: NoteKind[]): string | null {
  const given = isbnText.trim().toUpperCase()
  const exact13 = exactIsbn13(isbn13Text)
  if (given !== '') {
    const padded = /^\d{0,9}[\dX]$/.test(given) ? given.padStart(10, '0') : given
    if (isValidIsbn10(padded)) {
      const isbn = isbn10To13(padded)
      if (padded !== given) repairs.push('isbn_leading_zeros')
      // isbn13 agreeing as far as its digits go (or empty) says the same: parsing, not a repair.
      const agrees = isbn13Text.trim() === '' || isbn === exact13 || (exact13 === undefined && agreesWithIsbn13Column(isbn, isbn13Text))
      if (agrees) notes.push('isbn_as_isbn13')
      else repairs.push('isbn13_from_isbn10')
      return isbn
    }
    const restored = `978${given}`
    if (isValidIsbn13(restored) && agreesWithIsbn13Column(restored, isbn13Text)) {
      repairs.push('isbn13_from_truncated_isbn')
      return restored
    }
    repairs.push('isbn_invalid')
  }
  if (exact13 !== undefined && isValidIsbn13(exact13)) return exact13
  if (isbn13Text.trim() !== '') repairs.push('isbn13_unusable')
  return null
}

/**
 * The 13 digits of an `isbn13` cell when it really carries all of them: plain digits
 * (`9780439023481`, `9780439023481.0`) or float notation with 13 significant digits
 * (`9.780439023481e+12`). `9.78043902348e+12` carries 12 and gives undefined.
 */
function exactIsbn13(text: string): string | undefined {
  const t = text.trim()
  const plain = /^(\d{13})(?:\.0*)?$/.exec(t)
  if (plain) return plain[1]
  const float = /^(\d)\.(\d{12})e\+?12$/i.exec(t)
  return float ? `${float[1]}${float[2]}` : undefined
}

/**
 * Whether `isbn13` is consistent with the leading digits an `isbn13` cell still carries, read
 * as rounded (float notation) or truncated (`97893806587.0`); at least 9 digits must be there.
 */
function agreesWithIsbn13Column(isbn13: string, cell: string): boolean {
  const t = cell.trim()
  const float = /^(\d)\.(\d+)e\+?12$/i.exec(t)
  const plain = /^(\d+)(?:\.0*)?$/.exec(t)
  const digits = float ? `${float[1]}${float[2]}` : plain?.[1]
  if (digits === undefined || digits.length < 9 || digits.length > 13) return false
  const rounded = String(Math.round(Number(isbn13) / 10 ** (13 - digits.length)))
  return isbn13.startsWith(digits) || rounded === digits
}

function repairYear(text: string, repairs: RepairKind[], notes: NoteKind[]): number | null {
  const t = text.trim()
  if (t === '') return null
  const year = Number(t)
  if (!/^-?\d+(\.0*)?$/.test(t) || Math.abs(year) > 9999) {
    repairs.push('publication_year_invalid')
    return null
  }
  if (t.includes('.')) notes.push('publication_year_float')
  if (year < 0) notes.push('publication_year_negative')
  return year
}

function repairLanguage(text: string, repairs: RepairKind[], notes: NoteKind[]): string | null {
  const t = text.trim()
  if (t === '') return null
  const primary = (t.split(/[-_]/)[0] ?? '').toLowerCase()
  const code = /^[a-z]{2,3}$/.test(primary) ? (ISO_639_2_TO_1[primary] ?? primary) : null
  if (code === null) repairs.push('language_invalid')
  else if (code !== t) notes.push('language_code')
  return code
}

/**
 * Finds repeats within one file, in row order: the same ISBN-13, or — for books without ISBN —
 * the same title and author, compared case-insensitively (JavaScript `toLowerCase`).
 * @returns `check(book, rowNumber)`: the reject reason for a repeat
 *   (`'duplicate isbn 9780439023481 (row 1)'`, naming the first row), else undefined after
 *   remembering the book
 */
export function createDuplicateCheck(): (book: ImportedBook, rowNumber: number) => string | undefined {
  const byIsbn = new Map<string, number>()
  const byTitleAuthor = new Map<string, number>()
  return (book, rowNumber) => {
    if (book.isbn !== null) {
      const first = byIsbn.get(book.isbn)
      if (first !== undefined) return `duplicate isbn ${book.isbn} (row ${first})`
      byIsbn.set(book.isbn, rowNumber)
      return undefined
    }
    const key = titleAuthorKey(book.title, book.author)
    const first = byTitleAuthor.get(key)
    if (first !== undefined) return `duplicate title and author without isbn (row ${first})`
    byTitleAuthor.set(key, rowNumber)
    return undefined
  }
}

/** The identity of a book without ISBN: lowercased title and author. */
export function titleAuthorKey(title: string, author: string): string {
  return `${title.toLowerCase()}\u0000${author.toLowerCase()}`
}
