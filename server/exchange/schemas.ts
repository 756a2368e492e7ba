import { z } from 'zod'

// Filters of the exports and of the partner API. Messages are catalog keys.

const year = z.coerce
  .number({ invalid_type_error: 'exchange.errors.year' })
  .int('exchange.errors.year')
  .min(2000, 'exchange.errors.year')
  .max(2100, 'exchange.errors.year')
const county = z.string().regex(/^4502[0-9A-Z]{2}$/, 'exchange.errors.county')
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v)

export const ExportFilterSchema = z.object({
  year: z.preprocess(blankToUndefined, year.optional()),
  county: z.preprocess(blankToUndefined, county.optional()),
})
export type ExportFilter = z.infer<typeof ExportFilterSchema>

export const API_MAX_LIMIT = 500

export const ExchangeApiQuery = z.object({
  year: year.optional(),
  county: county.optional(),
  updated_since: z
    .string()
    .refine((v) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)), 'exchange.errors.updatedSince')
    .optional(),
  cursor: z.string().max(200, 'exchange.errors.cursor').optional(),
  limit: z.coerce
    .number({ invalid_type_error: 'api.errors.pageSize' })
    .int('api.errors.pageSize')
    .min(1, 'api.errors.pageSize')
    .max(API_MAX_LIMIT, 'api.errors.pageSize')
    .default(100),
})
export type ExchangeApiQueryT = z.infer<typeof ExchangeApiQuery>

export const ExchangeUploadSchema = z.object({
  file: z
    .instanceof(File, { message: 'exchange.errors.noFile' })
    .refine((f) => f.size > 0 && f.name !== '', 'exchange.errors.noFile'),
})

export const ProposeSchema = z.object({
  importedId: z.string({ required_error: 'errors.notFound' }).uuid('errors.notFound'),
  reason: z
    .string({ required_error: 'exchange.propose.reason' })
    .trim()
    .min(2, 'exchange.propose.reason')
    .max(500, 'exchange.propose.reason'),
})
