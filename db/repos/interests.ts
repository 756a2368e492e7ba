import type { Executor } from '../index'
import type { DeclineReason, InterestTable } from '../schema'
import { isUuid } from './ids'

// Interests in achievements. An enterprise registers interest (status open,
// then accepted or declined by the owner) or passes on an achievement: a row
// inserted as declined, decided by the enterprise's own user (decided_by =
// user_id), so owners learn why it did not fit.


export async function insertInterest(
  db: Executor,
  i: {
    achievementId: string
    userId: string
    orgId: string
    contactPreference: InterestTable['contact_preference']
    note: string
    /** A pass: stored declined at once, with the enterprise's reason. */
    pass?: { reason: DeclineReason; note: string }
  },
) {
  const row = await db
    .insertInto('interests')
    .values({
      achievement_id: i.achievementId,
      user_id: i.userId,
      org_id: i.orgId,
      contact_preference: i.contactPreference,
      note: i.note,
      ...(i.pass
        ? { status: 'declined' as const, decline_reason: i.pass.reason, decline_note: i.pass.note || null, decided_by: i.userId, decided_at: new Date() }
        : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** The latest interest row of each of `orgIds` in the achievement. */
export async function latestInterestsOfOrgs(db: Executor, achievementId: string, orgIds: string[]) {
  if (!orgIds.length) return []
  return db
    .selectFrom('interests')
    .selectAll()
    .distinctOn('org_id')
    .where('achievement_id', '=', achievementId)
    .where('org_id', 'in', orgIds)
    .orderBy('org_id')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute()
}

/** An interest of `orgId` still waiting for the owner, or accepted. */
export async function findActiveInterest(db: Executor, achievementId: string, orgId: string) {
  return db
    .selectFrom('interests')
    .selectAll()
    .where('achievement_id', '=', achievementId)
    .where('org_id', '=', orgId)
    .where('status', 'in', ['open', 'accepted'])
    .forUpdate()
    .executeTakeFirst()
}

export async function lockInterest(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db.selectFrom('interests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function setInterestDecision(
  db: Executor,
  id: string,
  d: { status: 'accepted' | 'declined'; decidedBy: string; reason?: DeclineReason | null; note?: string | null },
) {
  await db
    .updateTable('interests')
    .set({ status: d.status, decided_by: d.decidedBy, decided_at: new Date(), decline_reason: d.reason ?? null, decline_note: d.note ?? null })
    .where('id', '=', id)
    .execute()
}

/**
 * Every interest in the achievement, newest first, with the enterprise and
 * its person; `passed` marks the enterprise's own passes.
 */
export async function listInterests(db: Executor, achievementId: string) {
  const rows = await db
    .selectFrom('interests as i')
    .innerJoin('organisations as o', 'o.id', 'i.org_id')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .leftJoin('users as d', 'd.id', 'i.decided_by')
    .select([
      'i.id', 'i.contact_preference', 'i.note', 'i.status', 'i.decline_reason', 'i.decline_note', 'i.created_at', 'i.decided_at',
      'i.decided_by', 'i.user_id', 'o.id as org_id', 'o.name as org_name', 'o.contact_phone as org_phone', 'u.name as user_name',
      'u.email as user_email', 'u.phone as user_phone', 'd.name as decided_by_name',
    ])
    .where('i.achievement_id', '=', achievementId)
    .orderBy((eb) => eb.case().when('i.status', '=', 'open').then(0).else(1).end())
    .orderBy('i.created_at', 'desc')
    .execute()
  return rows.map(({ decided_by, user_id, ...r }) => ({ ...r, passed: r.status === 'declined' && decided_by === user_id }))
}
