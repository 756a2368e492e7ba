import { sql, type RawBuilder } from 'kysely'

// What the public lists (/achievements, /needs) and the moderation page share:
// a keyword filter and the sort orders.

/** Sort orders of the public lists; `price_*` is the price of an achievement or the budget of a need. */
export type ListingSort = 'newest' | 'updated' | 'price_asc' | 'price_desc' | 'expiring'

/** Splits a query into at most 8 words (whitespace, full-width space and common punctuation separate them). */
export function keywordWords(q: string | undefined) {
  return (q ?? '')
    .split(/[\s\u3000,，、;；]+/u)
    .map((w) => w.trim())
    .filter(Boolean)
    .slice(0, 8)
}

function likePattern(word: string) {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * Every word occurs somewhere in the given text columns (case-insensitive), in
 * any order: the all-words-anywhere rule /search falls back to.
 */
export function allWordsIn(words: string[], haystack: RawBuilder<string>) {
  return sql<boolean>`(${sql.join(
    words.map((w) => sql`${haystack} ilike ${likePattern(w)}`),
    sql` and `,
  )})`
}
