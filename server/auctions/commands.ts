import { z } from 'zod'
import type { Database } from '../../db/index'
import type { Principal } from '../identity/principal'
import type { BidAnswer } from './engine'
import { bidQueuesFor } from './queue'

// Bids and proxy maxima as commands, the same for the lot page's socket
// (`auction:bid`, `auction:proxy`), the page's form fallback and the partner
// API: the receipt time is taken here, first, and the command joins its lot's
// queue. Only verified organisations of the user can hold a registration.

const MAX_FEN = 10_000_000_000_000

// The engine stores a proxy's bids under the keys `proxy:<seq>` (engine.ts): a
// client key of that shape could pass for one of them (a retry answered with a
// proxy bid) or collide with one in the unique index and fail a whole batch.
const ClientKey = z
  .string()
  .min(1)
  .max(80)
  .refine((k) => !k.startsWith('proxy:'))

export const BidCommandSchema = z.object({
  auctionId: z.string().uuid(),
  amountFen: z.number().int().min(1).max(MAX_FEN),
  key: ClientKey,
  registrationId: z.string().uuid().optional(),
})

export const ProxyCommandSchema = z.object({
  auctionId: z.string().uuid(),
  maxFen: z.number().int().min(1).max(MAX_FEN),
  key: ClientKey,
  registrationId: z.string().uuid().optional(),
})

export type CommandAnswer = BidAnswer | { ok: false; reason: 'invalid' }

const verifiedOrgs = (p: Principal) => p.memberships.filter((m) => m.orgStatus === 'verified').map((m) => m.orgId)

export async function submitBid(db: Database, principal: Principal, input: unknown, at = new Date()): Promise<CommandAnswer> {
  const parsed = BidCommandSchema.safeParse(input)
  if (!parsed.success) return { ok: false, reason: 'invalid' }
  const { auctionId, amountFen, key, registrationId } = parsed.data
  return bidQueuesFor(db).submit(auctionId, { command: { kind: 'bid', amountFen }, key, userId: principal.userId, orgIds: verifiedOrgs(principal), registrationId, at })
}

export async function submitProxy(db: Database, principal: Principal, input: unknown, at = new Date()): Promise<CommandAnswer> {
  const parsed = ProxyCommandSchema.safeParse(input)
  if (!parsed.success) return { ok: false, reason: 'invalid' }
  const { auctionId, maxFen, key, registrationId } = parsed.data
  return bidQueuesFor(db).submit(auctionId, { command: { kind: 'proxy', maxFen }, key, userId: principal.userId, orgIds: verifiedOrgs(principal), registrationId, at })
}
