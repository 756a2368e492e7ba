import { sql } from 'kysely'
import type { Executor } from '../index'

// Who is watching a roadshow (ADR 033): heartbeats per person, written in
// batches by the process holding their sockets, and who saw each item.

const CHUNK = 1_000

/** One statement per thousand viewers: every heartbeat of a flush at the same time. */
export async function upsertHeartbeats(db: Executor, rows: { roadshowId: string; userId: string }[], at: Date) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('roadshow_presence')
      .values(
        rows.slice(i, i + CHUNK).map((r) => ({
          roadshow_id: r.roadshowId,
          user_id: r.userId,
          last_seen_at: at,
        }))
      )
      .onConflict((oc) => oc.columns(['roadshow_id', 'user_id']).doUpdateSet({ last_seen_at: (eb) => eb.ref('excluded.last_seen_at') }))
      .execute()
  }
}

export async function insertItemViewers(db: Executor, itemId: string, userIds: string[], at: Date) {
  for (let i = 0; i < userIds.length; i += CHUNK) {
    await db
      .insertInto('roadshow_item_viewers')
      .values(userIds.slice(i, i + CHUNK).map((user_id) => ({ item_id: itemId, user_id, first_seen_at: at })))
      .onConflict((oc) => oc.columns(['item_id', 'user_id']).doNothing())
      .execute()
  }
}

/** The live ones among `ids`, with their current item. */
export async function liveCurrentItems(db: Executor, ids: string[]) {
  if (ids.length === 0) return []
  return db.selectFrom('roadshows').select(['id', 'current_item_id']).where('id', 'in', ids).where('status', '=', 'live').execute()
}

export async function liveRoadshowIds(db: Executor) {
  const rows = await db.selectFrom('roadshows').select('id').where('status', '=', 'live').execute()
  return rows.map((r) => r.id)
}

/** The presence job of one roadshow takes turns across processes. */
export async function lockPresence(trx: Executor, roadshowId: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`roadshow-presence:${roadshowId}`}, 0))`.execute(trx)
}

/** People with a heartbeat since `since`, the session's peak and its current item's peak. */
export async function presenceFigures(db: Executor, roadshowId: string, since: Date) {
  const rs = await db
    .selectFrom('roadshows')
    .leftJoin('roadshow_items', 'roadshow_items.id', 'roadshows.current_item_id')
    .select(['roadshows.status', 'roadshows.current_item_id', 'roadshows.peak_audience', 'roadshow_items.peak_audience as item_peak'])
    .where('roadshows.id', '=', roadshowId)
    .executeTakeFirst()
  const fresh = await db
    .selectFrom('roadshow_presence')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('roadshow_id', '=', roadshowId)
    .where('last_seen_at', '>=', since)
    .executeTakeFirstOrThrow()
  return rs ? { ...rs, current: Number(fresh.n) } : undefined
}
