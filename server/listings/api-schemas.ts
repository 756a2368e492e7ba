import { z } from 'zod'
import { validText } from '../platform/input'
import { CONTRIBUTOR_KINDS, IP_KINDS, IP_STATUSES, PRICE_KINDS, TRANSACTION_MODES } from './schemas'
import { DOC_TYPES } from '../engagement/search-schemas'

// The JSON API's own schemas: query strings, the token form, and the shapes of
// what the API answers. Request bodies are NOT here: POST bodies are the
// listing schemas themselves (AchievementSchema, NeedSchema), so the forms,
// the import and the API validate alike and /api/openapi.json is generated
// from them (app/utils/openapi.server.ts).

export const MAX_PAGE_SIZE = 100
export const DEFAULT_PAGE_SIZE = 20

const page = z.coerce.number({ invalid_type_error: 'api.errors.page' }).int('api.errors.page').min(1, 'api.errors.page').max(100_000, 'api.errors.page').default(1)
const pageSize = z.coerce
  .number({ invalid_type_error: 'api.errors.pageSize' })
  .int('api.errors.pageSize')
  .min(1, 'api.errors.pageSize')
  .max(MAX_PAGE_SIZE, 'api.errors.pageSize')
  .default(DEFAULT_PAGE_SIZE)
const industry = z.string().trim().max(60, 'errors.industry').refine(...validText).optional()

export const AchievementListQuery = z.object({
  page,
  pageSize,
  industry,
  trl: z.coerce.number({ invalid_type_error: 'errors.trl' }).int('errors.trl').min(1, 'errors.trl').max(9, 'errors.trl').optional(),
  mode: z.enum(TRANSACTION_MODES, { errorMap: () => ({ message: 'errors.mode' }) }).optional(),
})

export const NeedListQuery = z.object({
  page,
  pageSize,
  industry,
  division: z.string().trim().regex(/^[0-9A-Z]{6}$/, 'errors.division').optional(),
})

// ── The token form on /orgs/:orgId/tokens ──────────────────────────────────

export const ApiTokenCreateSchema = z.object({
  intent: z.literal('create'),
  name: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(60, 'errors.maxLength|max=60').refine(...validText),
})
export const ApiTokenRevokeSchema = z.object({
  intent: z.literal('revoke'),
  tokenId: z.string({ required_error: 'errors.required' }).uuid('errors.invalid'),
})
export const ApiTokenActionSchema = z.discriminatedUnion('intent', [ApiTokenCreateSchema, ApiTokenRevokeSchema])

// ── What the API answers ───────────────────────────────────────────────────

const fen = z.number().int().nullable()
const dateTime = z.string().datetime({ offset: true })

export const IndustryOut = z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), parentCode: z.string().nullable() })
export const DivisionOut = z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() })
const IndustryRef = IndustryOut.omit({ parentCode: true })
const OrganisationRef = z.object({ id: z.string().uuid(), name: z.string() })
const Status = z.enum(['draft', 'submitted', 'returned', 'published', 'taken_down', 'withdrawn'])

export const AchievementSummaryOut = z.object({
  id: z.string().uuid(),
  title: z.string(),
  summary: z.string(),
  /** Null only while a draft or returned listing has none yet. */
  industry: IndustryRef.nullable(),
  trl: z.number().int().min(1).max(9).nullable(),
  transactionModes: z.array(z.enum(TRANSACTION_MODES)),
  price: z.object({ kind: z.enum(PRICE_KINDS), minFen: fen, maxFen: fen }),
  keywords: z.array(z.string()),
  organisation: OrganisationRef,
  divisionCode: z.string(),
  status: Status,
  live: z.boolean(),
  publishedAt: dateTime.nullable(),
  expiresAt: dateTime.nullable(),
  url: z.string().url(),
})

export const AchievementOut = AchievementSummaryOut.extend({
  benefit: z.string(),
  ipRights: z.array(z.object({ kind: z.enum(IP_KINDS), number: z.string(), status: z.enum(IP_STATUSES), territory: z.string() })),
  contributors: z.array(z.object({ name: z.string(), kind: z.enum(CONTRIBUTOR_KINDS), share: z.string() })),
  hasConfidentialDetails: z.boolean(),
  updatedAt: dateTime,
})

export const NeedSummaryOut = z.object({
  id: z.string().uuid(),
  title: z.string(),
  problem: z.string(),
  industry: IndustryRef.nullable(),
  budget: z.object({ kind: z.enum(['range', 'negotiable']), minFen: fen, maxFen: fen }),
  deadline: z.string().date().nullable(),
  preferredModes: z.array(z.enum(TRANSACTION_MODES)),
  division: DivisionOut,
  organisation: OrganisationRef,
  status: Status,
  live: z.boolean(),
  publishedAt: dateTime.nullable(),
  expiresAt: dateTime.nullable(),
  url: z.string().url(),
})

export const NeedOut = NeedSummaryOut.extend({
  desiredOutcome: z.string(),
  keywords: z.array(z.string()),
  updatedAt: dateTime,
})

const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    next: z.string().nullable(),
  })
export const AchievementPageOut = pageOf(AchievementSummaryOut)
export const NeedPageOut = pageOf(NeedSummaryOut)

export const SubmittedOut = z.object({ id: z.string().uuid(), status: z.literal('submitted') })

export const FieldErrorOut = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
})
export const ErrorOut = z.object({
  error: z.object({
    code: z.enum(['invalid', 'invalid_json', 'unsupported_media_type', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'method_not_allowed']),
    message: z.string(),
    fields: z.array(FieldErrorOut).optional(),
  }),
})

export type AchievementSummaryDto = z.infer<typeof AchievementSummaryOut>
export type AchievementDto = z.infer<typeof AchievementOut>
export type NeedSummaryDto = z.infer<typeof NeedSummaryOut>
export type NeedDto = z.infer<typeof NeedOut>
export type FieldErrorDto = z.infer<typeof FieldErrorOut>

// ── Search (GET /api/v1/search, /api/v1/search/suggest) ─────────────────────
// The query string is SearchQuerySchema (server/engagement/search-schemas.ts), shared with the /search page.

const Counts = z.record(z.string(), z.number().int())
export const SearchFacetsOut = z.object({
  type: Counts.optional(),
  industry: Counts.optional(),
  trl: Counts.optional(),
  mode: Counts.optional(),
  division: Counts.optional(),
  priceBand: Counts.optional(),
  orgType: Counts.optional(),
})
export const SearchHitOut = z.object({
  type: z.enum(DOC_TYPES),
  id: z.string().uuid(),
  title: z.string(),
  titleHtml: z.string(),
  summaryHtml: z.string(),
  url: z.string().url(),
  orgName: z.string().nullable(),
  industryCode: z.string().nullable(),
  trl: z.number().int().min(1).max(9).nullable(),
  modes: z.array(z.enum(TRANSACTION_MODES)),
  divisionCode: z.string().nullable(),
  priceMinFen: fen,
  priceMaxFen: fen,
  publishedAt: dateTime.nullable(),
  score: z.number(),
})
export const SearchResultOut = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  relaxed: z.boolean(),
  facets: SearchFacetsOut,
  hits: z.array(SearchHitOut),
})
export const SuggestOut = z.object({ q: z.string(), suggestions: z.array(z.string()) })
export type SearchResultDto = z.infer<typeof SearchResultOut>
