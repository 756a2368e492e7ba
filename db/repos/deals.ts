import { sql } from 'kysely'
import type { Executor } from '../index'
import type { DealClosedReason, DealSource, DealStage } from '../schema'
import { isUuid } from './ids'

// Deal rooms (交易洽谈室): the deal, its parties (one seller, buyers), its
// listings, its members and its stage history.

export async function insertDeal(db: Executor, d: { title: string; sourceKind: DealSource; sourceId: string | null; createdBy: string | null }) {
  const row = await db
    .insertInto('deals')
    .values({ title: d.title, source_kind: d.sourceKind, source_id: d.sourceId, created_by: d.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function insertDealParties(db: Executor, dealId: string, parties: { orgId: string; side: 'seller' | 'buyer' }[]) {
  if (!parties.length) return
  await db
    .insertInto('deal_parties')
    .values(parties.map((p) => ({ deal_id: dealId, org_id: p.orgId, side: p.side })))
    .onConflict((oc) => oc.doNothing())
    .execute()
}

export async function insertDealListings(db: Executor, dealId: string, listings: { achievementId?: string; needId?: string }[]) {
  if (!listings.length) return
  await db
    .insertInto('deal_listings')
    .values(listings.map((l) => ({ deal_id: dealId, achievement_id: l.achievementId ?? null, need_id: l.needId ?? null })))
    .execute()
}

/** Adds a member, or brings back one who was removed; returns false when already an active member. */
export async function upsertDealMember(db: Executor, m: { dealId: string; userId: string; role: 'party' | 'manager'; orgId: string | null; addedBy: string | null }) {
  const r = await db
    .insertInto('deal_members')
    .values({ deal_id: m.dealId, user_id: m.userId, role: m.role, org_id: m.orgId, added_by: m.addedBy })
    .onConflict((oc) =>
      oc
        .columns(['deal_id', 'user_id'])
        .doUpdateSet({ removed_at: null, role: m.role, org_id: m.orgId, added_by: m.addedBy })
        .where('deal_members.removed_at', 'is not', null),
    )
    .returning('user_id')
    .executeTakeFirst()
  return r !== undefined
}

export async function removeDealMember(db: Executor, dealId: string, userId: string) {
  const r = await db
    .updateTable('deal_members')
    .set({ removed_at: new Date() })
    .where('deal_id', '=', dealId)
    .where('user_id', '=', userId)
    .where('removed_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

const DEAL_COLUMNS = ['d.id', 'd.title', 'd.stage', 'd.source_kind', 'd.source_id', 'd.closed_reason', 'd.closed_note', 'd.created_by', 'd.created_at', 'd.updated_at'] as const

export async function findDeal(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db.selectFrom('deals as d').select(DEAL_COLUMNS).where('d.id', '=', id).executeTakeFirst()
}

/** The deal row locked for a change (stage, offer, members). */
export async function lockDeal(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db.selectFrom('deals as d').select(DEAL_COLUMNS).where('d.id', '=', id).forUpdate().executeTakeFirst()
}

export async function findDealBySource(db: Executor, kind: DealSource, sourceId: string) {
  return db.selectFrom('deals').select(['id']).where('source_kind', '=', kind).where('source_id', '=', sourceId).executeTakeFirst()
}

export async function dealParties(db: Executor, dealId: string) {
  return db
    .selectFrom('deal_parties as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select(['p.org_id', 'p.side', 'o.name', 'o.name_en', 'o.type', 'o.division_code'])
    .where('p.deal_id', '=', dealId)
    .orderBy(sql`p.side = 'seller'`, 'desc')
    .orderBy('o.name')
    .execute()
}

export async function dealListings(db: Executor, dealId: string) {
  return db
    .selectFrom('deal_listings as l')
    .leftJoin('achievements as a', 'a.id', 'l.achievement_id')
    .leftJoin('needs as n', 'n.id', 'l.need_id')
    .select(['l.achievement_id', 'l.need_id', sql<string>`coalesce(a.title, n.title)`.as('title'), sql<string>`coalesce(a.org_id, n.org_id)`.as('org_id')])
    .where('l.deal_id', '=', dealId)
    .execute()
}

/** Active members with their names; managers carry their agency in org_id. */
export async function dealMembers(db: Executor, dealId: string) {
  return db
    .selectFrom('deal_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('organisations as o', 'o.id', 'm.org_id')
    .select(['m.user_id', 'm.role', 'm.org_id', 'm.created_at', 'u.name', 'u.email', 'o.name as org_name'])
    .where('m.deal_id', '=', dealId)
    .where('m.removed_at', 'is', null)
    .orderBy('m.created_at')
    .execute()
}

export async function activeMembership(db: Executor, dealId: string, userId: string) {
  if (!isUuid(dealId)) return undefined
  return db
    .selectFrom('deal_members')
    .select(['role', 'org_id'])
    .where('deal_id', '=', dealId)
    .where('user_id', '=', userId)
    .where('removed_at', 'is', null)
    .executeTakeFirst()
}

/**
 * The deals a user sees on /deals: those they are an active member of, and
 * those of the organisations they administer (a party admin manages who is in).
 */
export async function dealsForUser(db: Executor, userId: string, adminOrgIds: string[], opts: { stage?: DealStage | 'open'; limit?: number } = {}) {
  let q = db
    .selectFrom('deals as d')
    .select([...DEAL_COLUMNS])
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('deal_members as m')
            .select(sql`1`.as('x'))
            .whereRef('m.deal_id', '=', 'd.id')
            .where('m.user_id', '=', userId)
            .where('m.removed_at', 'is', null),
        ),
        ...(adminOrgIds.length
          ? [eb.exists(eb.selectFrom('deal_parties as p').select(sql`1`.as('x')).whereRef('p.deal_id', '=', 'd.id').where('p.org_id', 'in', adminOrgIds))]
          : []),
      ]),
    )
  if (opts.stage === 'open') q = q.where('d.stage', '<>', 'closed_lost')
  else if (opts.stage) q = q.where('d.stage', '=', opts.stage)
  return q.orderBy('d.updated_at', 'desc').orderBy('d.id').limit(opts.limit ?? 200).execute()
}

export async function setDealStage(db: Executor, dealId: string, stage: DealStage, closed?: { reason: DealClosedReason; note: string | null }) {
  await db
    .updateTable('deals')
    .set({ stage, closed_reason: closed?.reason ?? null, closed_note: closed?.note ?? null, updated_at: new Date() })
    .where('id', '=', dealId)
    .execute()
}

export async function touchDeal(db: Executor, dealId: string) {
  await db.updateTable('deals').set({ updated_at: new Date() }).where('id', '=', dealId).execute()
}

export async function insertStageChange(
  db: Executor,
  c: { dealId: string; from: DealStage | null; to: DealStage; reason?: string | null; note?: string | null; actorId: string | null },
) {
  await db
    .insertInto('deal_stage_changes')
    .values({ deal_id: c.dealId, from_stage: c.from, to_stage: c.to, reason: c.reason ?? null, note: c.note ?? null, actor_id: c.actorId })
    .execute()
}

export async function stageChanges(db: Executor, dealId: string) {
  return db
    .selectFrom('deal_stage_changes as c')
    .leftJoin('users as u', 'u.id', 'c.actor_id')
    .select(['c.id', 'c.from_stage', 'c.to_stage', 'c.reason', 'c.note', 'c.at', 'u.name as actor_name'])
    .where('c.deal_id', '=', dealId)
    .orderBy('c.id')
    .execute()
}

export async function insertDealMessage(
  db: Executor,
  m: { dealId: string; authorId: string | null; kind: 'text' | 'system'; body: string; params?: Record<string, string>; mentions?: string[] },
) {
  return db
    .insertInto('deal_messages')
    .values({ deal_id: m.dealId, author_id: m.authorId, kind: m.kind, body: m.body, params: JSON.stringify(m.params ?? {}), mentions: m.mentions ?? [] })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow()
}
