import { z } from 'zod'
import { validText } from '../platform/input'
import { TRANSACTION_MODES } from '../listings/schemas'
import { ORGANISATION_TYPES } from '../identity/schemas'

// What a search takes, one schema for the JSON API (GET /api/v1/search, which
// refuses a bad value with 400) and the /search page (which ignores a bad value
// in a shared URL rather than failing: readSearchParams). Also the synonym
// group form of /admin/synonyms and the rule its terms follow.

export const DOC_TYPES = ['achievement', 'need', 'organisation'] as const
export const PRICE_BANDS = ['negotiable', 'lt50', '50to200', '200to500', 'gte500'] as const
export const SORTS = ['relevance', 'newest', 'price_asc', 'price_desc'] as const
export const FILTER_KEYS = ['industry', 'trl', 'mode', 'division', 'priceBand', 'orgType'] as const
export type FilterKey = (typeof FILTER_KEYS)[number]

export const SEARCH_MAX_PAGE_SIZE = 50
export const SEARCH_DEFAULT_PAGE_SIZE = 20
/** Results per page on /search. */
export const SEARCH_PAGE_SIZE = 10
export const SEARCH_MAX_QUERY = 100

const oneOf = <T extends readonly [string, ...string[]]>(values: T, message: string) => z.enum(values, { errorMap: () => ({ message }) })

export const SearchQuerySchema = z.object({
  q: z.string().trim().max(SEARCH_MAX_QUERY, `search.errors.q|max=${SEARCH_MAX_QUERY}`).refine(...validText).default(''),
  type: oneOf(DOC_TYPES, 'search.errors.type').optional(),
  industry: z.string().trim().regex(/^[a-z][a-z0-9_.-]{0,59}$/, 'search.errors.industry').optional(),
  trl: z.coerce.number({ invalid_type_error: 'errors.trl' }).int('errors.trl').min(1, 'errors.trl').max(9, 'errors.trl').optional(),
  mode: oneOf(TRANSACTION_MODES, 'errors.mode').optional(),
  division: z.string().trim().regex(/^[0-9A-Z]{6}$/, 'errors.division').optional(),
  priceBand: oneOf(PRICE_BANDS, 'search.errors.priceBand').optional(),
  orgType: oneOf(ORGANISATION_TYPES, 'search.errors.orgType').optional(),
  sort: oneOf(SORTS, 'search.errors.sort').default('relevance'),
  page: z.coerce.number({ invalid_type_error: 'api.errors.page' }).int('api.errors.page').min(1, 'api.errors.page').max(1000, 'search.errors.page').default(1),
  pageSize: z.coerce
    .number({ invalid_type_error: 'search.errors.pageSize' })
    .int('search.errors.pageSize')
    .min(1, 'search.errors.pageSize')
    .max(SEARCH_MAX_PAGE_SIZE, 'search.errors.pageSize')
    .default(SEARCH_DEFAULT_PAGE_SIZE),
  facets: oneOf(['0', '1', 'true', 'false'], 'search.errors.facets')
    .optional()
    .transform((v) => v === '1' || v === 'true'),
})
export type SearchQueryInput = z.output<typeof SearchQuerySchema>

export const SuggestQuerySchema = z.object({
  q: z.string().trim().max(SEARCH_MAX_QUERY, `search.errors.q|max=${SEARCH_MAX_QUERY}`).refine(...validText).default(''),
  limit: z.coerce.number({ invalid_type_error: 'search.errors.limit' }).int('search.errors.limit').min(1, 'search.errors.limit').max(10, 'search.errors.limit').default(8),
})

/** The /search page's parameters: each bad value is dropped on its own, the rest still apply. */
export function readSearchParams(params: URLSearchParams): SearchQueryInput {
  const shape = SearchQuerySchema.shape
  const out: Record<string, unknown> = {}
  for (const key of ['q', 'type', ...FILTER_KEYS, 'sort', 'page'] as const) {
    const raw = params.get(key)
    if (raw === null || raw === '') continue
    const parsed = shape[key].safeParse(key === 'q' ? raw.slice(0, SEARCH_MAX_QUERY) : raw)
    if (parsed.success) out[key] = parsed.data
  }
  return SearchQuerySchema.parse({ ...out, pageSize: SEARCH_PAGE_SIZE, facets: '1' })
}

/** The page's own query string for a search, empty and default values left out (shareable URLs). */
export function searchHref(p: Partial<Pick<SearchQueryInput, 'q' | 'type' | 'sort' | 'page' | FilterKey>>) {
  const qs = new URLSearchParams()
  if (p.q) qs.set('q', p.q)
  if (p.type) qs.set('type', p.type)
  for (const k of FILTER_KEYS) if (p[k] !== undefined && p[k] !== null && p[k] !== '') qs.set(k, String(p[k]))
  if (p.sort && p.sort !== 'relevance') qs.set('sort', p.sort)
  if (p.page && p.page > 1) qs.set('page', String(p.page))
  const s = qs.toString()
  return s ? `/search?${s}` : '/search'
}

// ── Synonym groups (/admin/synonyms) ────────────────────────────────────────

export const SYNONYM_TERM_MAX = 20
export const SYNONYM_GROUP_MAX = 20

/** Terms as typed: separated by commas (, ，), 顿号 (、), semicolons or new lines; blanks and repeats dropped. */
export function splitTerms(raw: string): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const piece of raw.split(/[,，、;；\n\r]+/)) {
    const term = piece.normalize('NFKC').replace(/\s+/g, ' ').trim()
    const key = term.toLowerCase()
    if (!term || seen.has(key)) continue
    seen.add(key)
    out.push(term)
  }
  return out
}

/** Why a group of terms cannot be saved (a catalog key, maybe with parameters), or null. */
export function synonymTermsProblem(terms: string[]): string | null {
  const long = terms.find((t) => [...t].length > SYNONYM_TERM_MAX)
  if (long) return `search.synonyms.errors.termTooLong|term=${long}&max=${SYNONYM_TERM_MAX}`
  if (terms.length < 2) return 'search.synonyms.errors.tooFew'
  if (terms.length > SYNONYM_GROUP_MAX) return `search.synonyms.errors.tooMany|max=${SYNONYM_GROUP_MAX}`
  return null
}

const terms = z
  .string({ required_error: 'errors.required' })
  .trim()
  .min(1, 'errors.required')
  .max(600, 'errors.maxLength|max=600')
  .transform((raw, ctx) => {
    const list = splitTerms(raw)
    const problem = synonymTermsProblem(list)
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem })
    return list
  })

/** A synonym group's id: a PostgreSQL integer (a larger number would reach SQL and fail there). */
const MAX_GROUP_ID = 2_147_483_647

export const SynonymSaveSchema = z.object({
  intent: z.literal('save'),
  id: z.coerce.number().int().positive().max(MAX_GROUP_ID, 'errors.notFound').optional(),
  terms,
})
export const SynonymDeleteSchema = z.object({
  intent: z.literal('delete'),
  id: z.coerce.number({ required_error: 'errors.required' }).int().positive().max(MAX_GROUP_ID, 'errors.notFound'),
})
export const SynonymActionSchema = z.discriminatedUnion('intent', [SynonymSaveSchema, SynonymDeleteSchema])
