import { sql } from 'kysely'
import type { Executor } from '../index'

// The realtime event store (ADR 021): each room numbers its events 1, 2, 3 …
// The room row is locked while the next number is taken, so numbers follow the
// order of commits within a room and never skip.

/** Stores one event under the room's next sequence number and returns that number. */
export async function appendRoomEvent(db: Executor, room: string, kind: string, payload: unknown) {
  const { last_seq } = await db
    .insertInto('realtime_rooms')
    .values({ room, last_seq: 1 })
    .onConflict((oc) => oc.column('room').doUpdateSet({ last_seq: sql`realtime_rooms.last_seq + 1` }))
    .returning('last_seq')
    .executeTakeFirstOrThrow()
  await db.insertInto('realtime_events').values({ room, seq: last_seq, kind, payload: JSON.stringify(payload) }).execute()
  return last_seq
}

/** A room's events after `afterSeq`, oldest first (what a client that reconnects missed). */
export async function roomEventsAfter(db: Executor, room: string, afterSeq: number, limit = 500) {
  return db
    .selectFrom('realtime_events')
    .select(['seq', 'kind', 'payload', 'created_at'])
    .where('room', '=', room)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute()
}

export async function roomEvent(db: Executor, room: string, seq: number) {
  return db.selectFrom('realtime_events').select(['seq', 'kind', 'payload', 'created_at']).where('room', '=', room).where('seq', '=', seq).executeTakeFirst()
}

export async function roomLastSeq(db: Executor, room: string) {
  const r = await db.selectFrom('realtime_rooms').select('last_seq').where('room', '=', room).executeTakeFirst()
  return r?.last_seq ?? 0
}

/** Several stored events at once, by room and number (the broadcast worker's batch); in no particular order. */
export async function roomEventsByKey(db: Executor, keys: { room: string; seq: number }[]) {
  if (keys.length === 0) return []
  return db
    .selectFrom('realtime_events')
    .select(['room', 'seq', 'kind', 'payload', 'created_at'])
    .where(sql<boolean>`(room, seq) in (${sql.join(keys.map((k) => sql`(${k.room}, ${k.seq}::bigint)`))})`)
    .execute()
}
