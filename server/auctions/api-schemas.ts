import { z } from 'zod'
import { BidCommandSchema, ProxyCommandSchema } from './commands'

// The shapes of the partner API for auctions (/api/v1/auctions …), documented in
// /api/openapi.json. Money in integer fen; times ISO 8601 in UTC. Bidders are
// shown by their 竞买号 (paddle number), never by name.

export const AUCTION_API_STATUSES = ['announced', 'sold', 'unsold', 'defaulted'] as const
export const AUCTION_PHASES = ['upcoming', 'bidding', 'closing', 'closed'] as const
const BID_REASONS = ['closed', 'not_open', 'ended', 'not_registered', 'no_deposit', 'own_lot', 'leading', 'too_low', 'format', 'not_found', 'key_reused'] as const

export const AuctionListQuery = z.object({
  status: z.enum(AUCTION_API_STATUSES, { errorMap: () => ({ message: 'api.errors.auctionStatus' }) }).optional(),
  page: z.coerce.number({ invalid_type_error: 'api.errors.page' }).int('api.errors.page').min(1, 'api.errors.page').max(100_000, 'api.errors.page').default(1),
  pageSize: z.coerce.number({ invalid_type_error: 'api.errors.pageSize' }).int('api.errors.pageSize').min(1, 'api.errors.pageSize').max(100, 'api.errors.pageSize').default(20),
})

/** The body of POST …/bids: the command's own amount rule, the lot and the key come from the path and the header. */
export const BidInput = BidCommandSchema.pick({ amountFen: true, registrationId: true }).strict()
export const ProxyInput = ProxyCommandSchema.pick({ maxFen: true, registrationId: true }).strict()

/** The Idempotency-Key header: chosen by the client per bid, sent again unchanged on a retry. */
export const IdempotencyKey = z.string().min(1).max(80).regex(/^[\x21-\x7e]+$/)

export const AuctionSummaryOut = z.object({
  id: z.string().uuid(),
  title: z.string(),
  format: z.enum(['english', 'sealed']),
  status: z.enum(AUCTION_API_STATUSES),
  phase: z.enum(AUCTION_PHASES),
  sellerName: z.string(),
  startPriceFen: z.number().int(),
  priceFen: z.number().int().nullable(),
  bidCount: z.number().int(),
  registeredBidders: z.number().int(),
  startsAt: z.string(),
  endsAt: z.string(),
  url: z.string(),
})

export const BidOut = z.object({
  seq: z.number().int(),
  amountFen: z.number().int(),
  paddleNo: z.number().int(),
  at: z.string(),
  byProxy: z.boolean(),
})

export const LotStateOut = z.object({
  priceFen: z.number().int().nullable(),
  minNextFen: z.number().int(),
  endsAt: z.string(),
  bidCount: z.number().int(),
  leaderPaddle: z.number().int().nullable(),
})

export const AuctionOut = AuctionSummaryOut.extend({
  summary: z.string(),
  sellerNameEn: z.string().nullable(),
  incrementFen: z.number().int(),
  depositFen: z.number().int(),
  hasReserve: z.boolean(),
  allowedOrgTypes: z.array(z.string()),
  announcedAt: z.string().nullable(),
  scheduledEndAt: z.string(),
  extensionSeconds: z.number().int(),
  serverNow: z.string(),
  items: z.array(z.object({ achievementId: z.string().uuid(), title: z.string() })),
  live: LotStateOut,
  result: z.object({ hammerPriceFen: z.number().int(), winnerPaddle: z.number().int().nullable(), closedAt: z.string().nullable() }).nullable(),
  you: z
    .object({
      registrationId: z.string().uuid(),
      paddleNo: z.number().int(),
      depositStatus: z.enum(['pending', 'confirmed', 'released', 'applied', 'forfeited']),
      depositFen: z.number().int(),
      receiptNo: z.string().nullable(),
      leading: z.boolean(),
      won: z.boolean(),
      proxyMaxFen: z.number().int().nullable(),
    })
    .nullable(),
  history: z.array(BidOut.extend({ mine: z.boolean() })).nullable(),
})

export const BidAcceptedOut = LotStateOut.extend({
  duplicate: z.boolean(),
  leading: z.boolean(),
  extended: z.boolean(),
  paddleNo: z.number().int(),
  bids: z.array(BidOut),
  proxyMaxFen: z.number().int().optional(),
})

export const BidRefusedOut = z.object({
  error: z.object({
    code: z.enum(['forbidden', 'conflict', 'unprocessable', 'not_found']),
    reason: z.enum(BID_REASONS),
    message: z.string(),
  }),
  lot: LotStateOut,
})

export type AuctionSummaryDto = z.infer<typeof AuctionSummaryOut>
export type AuctionDto = z.infer<typeof AuctionOut>
