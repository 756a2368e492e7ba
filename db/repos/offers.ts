import { sql } from 'kysely'
import type { Executor } from '../index'
import type { DealOfferStatus, DealTermsVia } from '../schema'

// Offers and counter-offers of a deal (报价/还价), the frozen agreed terms and
// the technology managers' service terms. Terms are stored as jsonb in the
// shape of server/deals/terms.ts; the service parses them on the way out.

const OFFER_COLUMNS = [
  'o.id',
  'o.deal_id',
  'o.version',
  'o.side',
  'o.org_id',
  'o.terms',
  'o.status',
  'o.basis_version',
  'o.created_by',
  'o.created_at',
  'o.decided_by',
  'o.decided_at',
  'o.reject_reason',
  'o.via',
] as const

/** Every version of a deal's terms, oldest first, with the names of who made and decided them. */
export async function dealOffers(db: Executor, dealId: string) {
  return db
    .selectFrom('deal_offers as o')
    .leftJoin('users as u', 'u.id', 'o.created_by')
    .leftJoin('users as d', 'd.id', 'o.decided_by')
    .leftJoin('organisations as g', 'g.id', 'o.org_id')
    .select([...OFFER_COLUMNS, 'u.name as created_by_name', 'd.name as decided_by_name', 'g.name as org_name'])
    .where('o.deal_id', '=', dealId)
    .orderBy('o.version')
    .execute()
}

export async function findOffer(db: Executor, dealId: string, version: number) {
  return db.selectFrom('deal_offers as o').select(OFFER_COLUMNS).where('o.deal_id', '=', dealId).where('o.version', '=', version).executeTakeFirst()
}

export async function openOffer(db: Executor, dealId: string) {
  return db.selectFrom('deal_offers as o').select(OFFER_COLUMNS).where('o.deal_id', '=', dealId).where('o.status', '=', 'open').executeTakeFirst()
}

export async function latestOffer(db: Executor, dealId: string) {
  return db.selectFrom('deal_offers as o').select(OFFER_COLUMNS).where('o.deal_id', '=', dealId).orderBy('o.version', 'desc').limit(1).executeTakeFirst()
}

export async function insertOffer(
  db: Executor,
  o: {
    dealId: string
    version: number
    side: 'seller' | 'buyer' | null
    orgId: string | null
    terms: unknown
    status?: DealOfferStatus
    basisVersion: number | null
    createdBy: string | null
    via?: DealTermsVia
  },
) {
  return db
    .insertInto('deal_offers')
    .values({
      deal_id: o.dealId,
      version: o.version,
      side: o.side,
      org_id: o.orgId,
      terms: JSON.stringify(o.terms),
      status: o.status ?? 'open',
      basis_version: o.basisVersion,
      created_by: o.createdBy,
      via: o.via ?? 'offer',
      ...(o.status === 'accepted' ? { decided_by: o.createdBy, decided_at: new Date() } : {}),
    })
    .returning(['id', 'version', 'created_at'])
    .executeTakeFirstOrThrow()
}

/** Moves an offer from `from` to `status`; false when it was no longer in `from`. */
export async function decideOffer(
  db: Executor,
  id: number,
  from: DealOfferStatus,
  status: DealOfferStatus,
  by: { userId: string | null; reason?: string | null },
) {
  const r = await db
    .updateTable('deal_offers')
    .set({ status, decided_by: by.userId, decided_at: new Date(), reject_reason: by.reason ?? null })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

export async function insertAgreedTerms(
  db: Executor,
  a: { dealId: string; offerId: number; version: number; terms: unknown; via: DealTermsVia; agreedBy: string | null },
) {
  await db
    .insertInto('deal_agreed_terms')
    .values({ deal_id: a.dealId, offer_id: a.offerId, version: a.version, terms: JSON.stringify(a.terms), via: a.via, agreed_by: a.agreedBy })
    .execute()
}

export async function agreedTerms(db: Executor, dealId: string) {
  return db
    .selectFrom('deal_agreed_terms as a')
    .leftJoin('users as u', 'u.id', 'a.agreed_by')
    .select(['a.deal_id', 'a.offer_id', 'a.version', 'a.terms', 'a.via', 'a.agreed_by', 'a.agreed_at', 'u.name as agreed_by_name'])
    .where('a.deal_id', '=', dealId)
    .executeTakeFirst()
}

// ── 经纪人服务条款 ────────────────────────────────────────────────────────────

export async function managerTerms(db: Executor, dealId: string) {
  return db
    .selectFrom('deal_manager_terms as t')
    .innerJoin('users as u', 'u.id', 't.manager_id')
    .leftJoin('organisations as g', 'g.id', 't.agency_id')
    .leftJoin('users as s', 's.id', 't.seller_accepted_by')
    .leftJoin('users as b', 'b.id', 't.buyer_accepted_by')
    .select([
      't.deal_id',
      't.manager_id',
      't.agency_id',
      't.rate_bp',
      't.fixed_fen',
      't.services',
      't.stated_at',
      't.seller_accepted_by',
      't.seller_accepted_at',
      't.buyer_accepted_by',
      't.buyer_accepted_at',
      'u.name as manager_name',
      'g.name as agency_name',
      's.name as seller_accepted_name',
      'b.name as buyer_accepted_name',
    ])
    .where('t.deal_id', '=', dealId)
    .orderBy('t.stated_at')
    .execute()
}

/** States (or restates) a manager's terms; any earlier acceptance is reset. */
export async function upsertManagerTerms(db: Executor, t: { dealId: string; managerId: string; agencyId: string | null; rateBp: number; fixedFen: number; services: string }) {
  const values = {
    agency_id: t.agencyId,
    rate_bp: t.rateBp,
    fixed_fen: t.fixedFen,
    services: t.services,
    stated_at: new Date(),
    seller_accepted_by: null,
    seller_accepted_at: null,
    buyer_accepted_by: null,
    buyer_accepted_at: null,
  }
  await db
    .insertInto('deal_manager_terms')
    .values({ deal_id: t.dealId, manager_id: t.managerId, ...values })
    .onConflict((oc) => oc.columns(['deal_id', 'manager_id']).doUpdateSet(values))
    .execute()
}

/** Records one side's acceptance of the terms stated at `statedAt`; false when they changed since or were already accepted. */
export async function acceptManagerTerms(db: Executor, dealId: string, managerId: string, side: 'seller' | 'buyer', userId: string, statedAt: Date) {
  const now = new Date()
  const q = db.updateTable('deal_manager_terms').where('deal_id', '=', dealId).where('manager_id', '=', managerId).where('stated_at', '=', statedAt)
  const r =
    side === 'seller'
      ? await q.set({ seller_accepted_by: userId, seller_accepted_at: now }).where('seller_accepted_by', 'is', null).executeTakeFirst()
      : await q.set({ buyer_accepted_by: userId, buyer_accepted_at: now }).where('buyer_accepted_by', 'is', null).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** The active members of one side of a deal (party members of its organisations, by side). */
export async function sideMemberIds(db: Executor, dealId: string, side: 'seller' | 'buyer') {
  const rows = await db
    .selectFrom('deal_members as m')
    .innerJoin('deal_parties as p', (j) => j.onRef('p.deal_id', '=', 'm.deal_id').onRef('p.org_id', '=', 'm.org_id'))
    .select('m.user_id')
    .where('m.deal_id', '=', dealId)
    .where('m.role', '=', 'party')
    .where('m.removed_at', 'is', null)
    .where('p.side', '=', side)
    .execute()
  return rows.map((r) => r.user_id)
}

/** The active managers of a deal. */
export async function managerMemberIds(db: Executor, dealId: string) {
  const rows = await db
    .selectFrom('deal_members')
    .select('user_id')
    .where('deal_id', '=', dealId)
    .where('role', '=', 'manager')
    .where('removed_at', 'is', null)
    .execute()
  return rows.map((r) => r.user_id)
}

/** Deals an organisation is a party of, newest activity first (the partner API's list). */
export async function dealsOfOrg(db: Executor, orgId: string, opts: { limit: number; offset: number }) {
  const base = db.selectFrom('deals as d').where((eb) => eb.exists(eb.selectFrom('deal_parties as p').select(sql`1`.as('x')).whereRef('p.deal_id', '=', 'd.id').where('p.org_id', '=', orgId)))
  const [rows, total] = await Promise.all([
    base
      .select(['d.id', 'd.title', 'd.stage', 'd.source_kind', 'd.closed_reason', 'd.created_at', 'd.updated_at'])
      .orderBy('d.updated_at', 'desc')
      .orderBy('d.id')
      .limit(opts.limit)
      .offset(opts.offset)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: total.n }
}
