/**
 * The search box syntax, parsed once in TypeScript so that no character of user input ever
 * reaches a full-text query language raw. It follows PostgreSQL's `websearch_to_tsquery`:
 * words are ANDed, `"…"` is a phrase, a leading `-` excludes a word or phrase, and a bare
 * `or` between two terms makes them alternatives. Everything that is not a letter, a digit or a
 * combining mark separates words — `*`, `:`, `^`, `(`, `NEAR(`, a lone `"` are never syntax.
 * @see https://www.postgresql.org/docs/15/textsearch-controls.html#TEXTSEARCH-PARSING-QUERIES
 */

/** A word or phrase: the words it is made of, lower-cased (one word: a phrase of one). */
export type SearchPhrase = string[]

/** A parsed query: every group must match (AND) — one of the group's phrases (OR) — and no exclusion may. */
export interface ParsedSearch {
  groups: SearchPhrase[][]
  excluded: SearchPhrase[]
}

type Item = { kind: 'or' } | { kind: 'term'; phrase: SearchPhrase; negated: boolean }

const WORD = /[\p{L}\p{N}\p{M}]+/gu

function words(text: string): SearchPhrase {
  return text.normalize('NFKC').toLowerCase().match(WORD) ?? []
}

function scan(input: string): Item[] {
  const items: Item[] = []
  const s = input
  let i = 0
  while (i < s.length) {
    if (/\s/u.test(s[i]!)) {
      i++
      continue
    }
    let negated = false
    if (s[i] === '-') {
      negated = true
      i++
    }
    let text: string
    if (s[i] === '"') {
      const end = s.indexOf('"', i + 1)
      text = s.slice(i + 1, end === -1 ? s.length : end)
      i = end === -1 ? s.length : end + 1
    } else {
      let j = i
      while (j < s.length && s[j] !== '"' && !/\s/u.test(s[j]!)) j++
      text = s.slice(i, j)
      i = j
      if (!negated && text.toLowerCase() === 'or') {
        items.push({ kind: 'or' })
        continue
      }
    }
    const phrase = words(text)
    if (phrase.length > 0) items.push({ kind: 'term', phrase, negated })
  }
  return items
}

/**
 * Parses the search text. Never throws: anything unparseable is read as separators.
 * @param input the `q` parameter as the client sent it
 */
export function parseSearch(input: string): ParsedSearch {
  const groups: SearchPhrase[][] = []
  const excluded: SearchPhrase[] = []
  let pendingOr = false
  let lastWasPositive = false
  for (const item of scan(input)) {
    if (item.kind === 'or') {
      pendingOr = lastWasPositive
      continue
    }
    if (item.negated) {
      excluded.push(item.phrase)
      lastWasPositive = false
      pendingOr = false
      continue
    }
    if (pendingOr && groups.length > 0) groups.at(-1)!.push(item.phrase)
    else groups.push([item.phrase])
    pendingOr = false
    lastWasPositive = true
  }
  return { groups, excluded }
}

/** Whether a query can match anything at all: it needs at least one word that is not excluded. */
export function isSearchable(input: string): boolean {
  return parseSearch(input).groups.length > 0
}

/** An FTS5 string: double quotes doubled (the words hold none, but the rule costs nothing). */
function fts5String(phrase: SearchPhrase): string {
  return `"${phrase.join(' ').replaceAll('"', '""')}"`
}

/**
 * The FTS5 `MATCH` expression of a parsed query, built only from quoted strings and the
 * operators this function writes. A phrase of several words is an FTS5 phrase (adjacent, in
 * order), as `J.R.R.` is indexed as `j r r`.
 * @returns undefined when there is nothing to look for (only exclusions, or no words)
 * @see https://www.sqlite.org/fts5.html#full_text_query_syntax
 */
export function toFts5Match(parsed: ParsedSearch): string | undefined {
  if (parsed.groups.length === 0) return undefined
  const required = parsed.groups
    .map((group) => (group.length === 1 ? fts5String(group[0]!) : `(${group.map(fts5String).join(' OR ')})`))
    .join(' AND ')
  return parsed.excluded.reduce((expression, phrase) => `(${expression}) NOT ${fts5String(phrase)}`, `(${required})`)
}
