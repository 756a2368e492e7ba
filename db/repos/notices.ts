import { sql } from 'kysely'
import type { Executor } from '../index'
import type { NoticeOutcome, NoticeStatus } from '../schema'
import { isUuid } from './ids'

// 挂牌公示: notices, the enterprises registered to buy, and objections (ADR 025).

const OPEN: NoticeStatus[] = ['notice', 'awaiting_procedure']

export async function insertNotice(
  db: Executor,
  n: { achievementId: string; orgId: string; terms: unknown; priceFen: number; workingDays: number; startsAt: Date; endsAt: Date; createdBy: string },
) {
  const row = await db
    .insertInto('listing_notices')
    .values({
      achievement_id: n.achievementId,
      org_id: n.orgId,
      terms: JSON.stringify(n.terms),
      price_fen: n.priceFen,
      notice_working_days: n.workingDays,
      starts_at: n.startsAt,
      ends_at: n.endsAt,
      created_by: n.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

function noticeQuery(db: Executor) {
  return db
    .selectFrom('listing_notices as n')
    .innerJoin('achievements as a', 'a.id', 'n.achievement_id')
    .innerJoin('organisations as o', 'o.id', 'n.org_id')
    .selectAll('n')
    .select(['a.title', 'a.status as achievement_status', 'o.name as org_name', 'o.name_en as org_name_en'])
}

export async function findNotice(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return noticeQuery(db).where('n.id', '=', id).executeTakeFirst()
}

export type NoticeRow = NonNullable<Awaited<ReturnType<typeof findNotice>>>

/** The notice row, locked for a change of its state (registrations and objections lock it too, so none slips past the end). */
export async function lockNotice(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  await db.selectFrom('listing_notices').select('id').where('id', '=', id).forUpdate().executeTakeFirst()
  return findNotice(db, id)
}

/** The achievement's notice in its period or waiting for a procedure. */
export async function openNoticeOf(db: Executor, achievementId: string) {
  if (!isUuid(achievementId)) return undefined
  return db.selectFrom('listing_notices').select(['id', 'status', 'ends_at']).where('achievement_id', '=', achievementId).where('status', 'in', OPEN).executeTakeFirst()
}

/** The public list: notices in their period (or waiting for a procedure), and results still published at `now`. */
export async function listPublicNotices(db: Executor, now: Date) {
  const rows = await noticeQuery(db)
    .select((eb) => [
      eb.selectFrom('notice_registrations as r').select(sql<number>`count(*)::int`.as('n')).whereRef('r.notice_id', '=', 'n.id').as('registrations'),
    ])
    .where((eb) => eb.or([eb('n.status', 'in', OPEN), eb.and([eb('n.status', '=', 'concluded'), eb('n.results_until', '>', now)])]))
    .orderBy('n.ends_at', 'asc')
    .limit(200)
    .execute()
  return rows
}

export async function insertRegistration(db: Executor, r: { noticeId: string; orgId: string; userId: string }) {
  const row = await db.insertInto('notice_registrations').values({ notice_id: r.noticeId, org_id: r.orgId, user_id: r.userId }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function registrationsOf(db: Executor, noticeId: string) {
  return db
    .selectFrom('notice_registrations as r')
    .innerJoin('organisations as o', 'o.id', 'r.org_id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.id', 'r.org_id', 'r.user_id', 'r.created_at', 'o.name as org_name', 'u.name as user_name'])
    .where('r.notice_id', '=', noticeId)
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute()
}

export async function insertObjection(
  db: Executor,
  o: { noticeId: string; userId: string | null; name: string; contact: string; grounds: string; ip: string | null },
) {
  const row = await db
    .insertInto('notice_objections')
    .values({ notice_id: o.noticeId, user_id: o.userId, name: o.name, contact: o.contact, grounds: o.grounds, ip: o.ip })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Objections lodged from `ip` since `since`, on any notice. */
export async function countObjectionsFrom(db: Executor, ip: string, since: Date) {
  const row = await db
    .selectFrom('notice_objections')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('ip', '=', ip)
    .where('lodged_at', '>', since)
    .executeTakeFirstOrThrow()
  return row.n
}

export async function objectionsOf(db: Executor, noticeId: string) {
  return db
    .selectFrom('notice_objections as x')
    .leftJoin('users as u', 'u.id', 'x.answered_by')
    .select(['x.id', 'x.user_id', 'x.name', 'x.contact', 'x.grounds', 'x.lodged_at', 'x.answer', 'x.answered_at', 'u.name as answered_by_name'])
    .where('x.notice_id', '=', noticeId)
    .orderBy('x.lodged_at')
    .orderBy('x.id')
    .execute()
}

export async function lockObjection(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db.selectFrom('notice_objections').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function setObjectionAnswer(db: Executor, id: string, answer: string, by: string) {
  await db.updateTable('notice_objections').set({ answer, answered_by: by, answered_at: new Date() }).where('id', '=', id).execute()
}

export async function countUnanswered(db: Executor, noticeId: string) {
  const row = await db
    .selectFrom('notice_objections')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('notice_id', '=', noticeId)
    .where('answered_at', 'is', null)
    .executeTakeFirstOrThrow()
  return row.n
}

export async function setNoticeState(
  db: Executor,
  id: string,
  s: { status: NoticeStatus; outcome?: NoticeOutcome | null; dealId?: string | null; concludedBy?: string | null; resultsUntil?: Date | null; concluded?: boolean; at?: Date },
) {
  await db
    .updateTable('listing_notices')
    .set({
      status: s.status,
      updated_at: new Date(),
      ...(s.outcome !== undefined ? { outcome: s.outcome } : {}),
      ...(s.dealId !== undefined ? { deal_id: s.dealId } : {}),
      ...(s.concluded ? { concluded_at: s.at ?? new Date(), concluded_by: s.concludedBy ?? null } : {}),
      ...(s.resultsUntil !== undefined ? { results_until: s.resultsUntil } : {}),
    })
    .where('id', '=', id)
    .execute()
}

/** Notices whose period ended by `now` with every objection answered: the periodic job concludes them. */
export async function dueNotices(db: Executor, now: Date, limit = 100) {
  const rows = await db
    .selectFrom('listing_notices as n')
    .select('n.id')
    .where('n.status', '=', 'notice')
    .where('n.ends_at', '<=', now)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('notice_objections as x').select('x.id').whereRef('x.notice_id', '=', 'n.id').where('x.answered_at', 'is', null))))
    .orderBy('n.ends_at')
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}

/** The users who administer `orgId` (owners and admins). */
export async function orgAdminIds(db: Executor, orgId: string) {
  const rows = await db.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).where('role', 'in', ['owner', 'admin']).execute()
  return rows.map((r) => r.user_id)
}
