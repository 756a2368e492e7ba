import { sql } from 'kysely'
import type { Executor } from '../index'

// 路演 reminders (ADR 033): roadshows about to start, and marking who was
// reminded so that every person gets one reminder per roadshow.

/** Scheduled roadshows starting within (now, until]. */
export async function roadshowsStartingBetween(db: Executor, now: Date, until: Date) {
  return db
    .selectFrom('roadshows')
    .select(['id', 'title', 'starts_at', 'reminder_sent_at'])
    .where('status', '=', 'scheduled')
    .where('starts_at', '>', now)
    .where('starts_at', '<=', until)
    .orderBy('starts_at')
    .execute()
}

/** The roadshow row locked, when still scheduled (a second process waits, then sees the marks). */
export async function lockScheduledRoadshow(db: Executor, id: string) {
  return db
    .selectFrom('roadshows')
    .select(['id', 'title', 'starts_at', 'reminder_sent_at', 'status'])
    .where('id', '=', id)
    .where('status', '=', 'scheduled')
    .forUpdate()
    .executeTakeFirst()
}

/** Registrants not reminded yet; marks them reminded in the same statement. */
export async function takeUnremindedRegistrants(db: Executor, roadshowId: string, at: Date) {
  const rows = await db
    .updateTable('roadshow_registrations')
    .set({ reminded_at: at })
    .where('roadshow_id', '=', roadshowId)
    .where('reminded_at', 'is', null)
    .returning('user_id')
    .execute()
  return rows.map((r) => r.user_id)
}

export async function markRoadshowReminded(db: Executor, roadshowId: string, at: Date) {
  await db.updateTable('roadshows').set({ reminder_sent_at: at }).where('id', '=', roadshowId).execute()
}

/** A changed start time: everyone is reminded again for the new time. */
export async function clearReminders(db: Executor, roadshowId: string) {
  await db
    .updateTable('roadshow_registrations')
    .set({ reminded_at: sql`null` })
    .where('roadshow_id', '=', roadshowId)
    .execute()
}
