/** The query members of offset pagination. */
export interface OffsetQuery {
  /** 1-based page number */
  page: number
  /** items per page (1–100) */
  per_page: number
}

/** The `limit`/`offset` of a page for a repository. */
export function pageWindow(query: OffsetQuery): { limit: number; offset: number } {
  return { limit: query.per_page, offset: (query.page - 1) * query.per_page }
}

/**
 * The envelope of an offset-paginated list: `{items, page, per_page, total, total_pages}`.
 * @see api-contract §4
 */
export function offsetPage<T>(items: T[], total: number, query: OffsetQuery) {
  return { items, page: query.page, per_page: query.per_page, total, total_pages: Math.ceil(total / query.per_page) }
}
