import { z } from 'zod'
import { DealTermsSchema } from './terms'

// The shapes the partner API answers for deals (documented in /api/openapi.json).
// Money in fen, rates in basis points, as DealTerms stores them.

export const DEAL_STAGES = ['intent', 'negotiation', 'terms_agreed', 'signing', 'contract', 'implementation', 'closed_lost'] as const
const OFFER_STATUSES = ['open', 'superseded', 'withdrawn', 'accepted', 'rejected'] as const

export const DealSummaryOut = z.object({
  id: z.string().uuid(),
  title: z.string(),
  stage: z.enum(DEAL_STAGES),
  source: z.string(),
  closedReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  url: z.string(),
})

export const TermsChangeOut = z.object({ path: z.string(), label: z.string(), before: z.string().nullable(), after: z.string().nullable() })

export const OfferOut = z.object({
  version: z.number().int(),
  side: z.enum(['seller', 'buyer']).nullable(),
  orgName: z.string().nullable(),
  via: z.enum(['offer', 'notice', 'auction']),
  status: z.enum(OFFER_STATUSES),
  basisVersion: z.number().int().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
  terms: DealTermsSchema,
  changes: z.array(TermsChangeOut),
})

export const DealOut = DealSummaryOut.extend({
  side: z.enum(['seller', 'buyer', 'manager']),
  parties: z.array(z.object({ orgId: z.string().uuid(), name: z.string(), side: z.enum(['seller', 'buyer']) })),
  listings: z.array(z.object({ achievementId: z.string().uuid().nullable(), needId: z.string().uuid().nullable(), title: z.string() })),
  openOffer: OfferOut.nullable(),
  agreedTerms: z.object({ version: z.number().int(), via: z.enum(['offer', 'notice', 'auction']), agreedAt: z.string(), terms: DealTermsSchema }).nullable(),
})

export const DealMessageOut = z.object({
  id: z.number().int(),
  kind: z.enum(['text', 'system']),
  authorName: z.string().nullable(),
  body: z.string(),
  params: z.record(z.string()),
  text: z.string(),
  at: z.string(),
})
