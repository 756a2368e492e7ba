import { z } from 'zod'
import { SUBSIDY_KINDS } from './policy'

// The partner API for subsidy claims (GET /api/v1/subsidy-claims), documented in
// /api/openapi.json. Amounts in fen, rates in parts per million, dates
// YYYY-MM-DD (Beijing), times ISO 8601 UTC. A bad filter is a 400 naming it.

const STATUSES = ['pending', 'approved', 'paid', 'reversed', 'recovery_due', 'recovered'] as const
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'subsidy.errors.date').refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'subsidy.errors.date')

export const SubsidyClaimQuery = z.object({
  status: z.enum(STATUSES).optional(),
  kind: z.enum(SUBSIDY_KINDS).optional(),
  county: z.string().regex(/^\d{6}$/, 'errors.division').optional(),
  from: day.optional(),
  to: day.optional(),
  page: z.coerce.number({ invalid_type_error: 'api.errors.page' }).int('api.errors.page').min(1, 'api.errors.page').max(100_000, 'api.errors.page').default(1),
  pageSize: z.coerce.number({ invalid_type_error: 'api.errors.pageSize' }).int('api.errors.pageSize').min(1, 'api.errors.pageSize').max(100, 'api.errors.pageSize').default(20),
})

export const SubsidyClaimOut = z.object({
  id: z.string().uuid(),
  number: z.string(),
  kind: z.enum(SUBSIDY_KINDS),
  status: z.enum(STATUSES),
  beneficiaryOrgId: z.string().uuid(),
  beneficiaryName: z.string(),
  beneficiaryCreditCode: z.string(),
  beneficiaryDivision: z.string(),
  registrationNumber: z.string().nullable(),
  registeredOn: z.string(),
  schemeVersion: z.string(),
  baseFen: z.number().int(),
  ratePpm: z.number().int(),
  computedFen: z.number().int(),
  amountFen: z.number().int(),
  capped: z.boolean(),
  capKind: z.enum(['claim', 'annual']).nullable(),
  paidFen: z.number().int().nullable(),
  paidOn: z.string().nullable(),
  balanceFen: z.number().int(),
  url: z.string(),
})
export type SubsidyClaimDto = z.infer<typeof SubsidyClaimOut>
