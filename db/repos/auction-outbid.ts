import { sql } from 'kysely'
import type { Executor } from '../index'

// Bulk writes for the outbid notices of one bid batch (server/auctions/outbid.ts):
// a storm on a hot lot displaces up to a batch's worth of leaders at once, and
// one statement per table instead of one per person keeps the lot's row lock
// short. Same rows as notify() and publish() write one at a time.

/**
 * Stores one event in each of `rooms` (distinct) under each room's next
 * sequence number; returns room → seq. Rooms are taken in sorted order so two
 * batches never wait on each other's rooms in opposite orders.
 */
export async function appendRoomEventsEach(db: Executor, events: { room: string; kind: string; payload: unknown }[]) {
  if (!events.length) return new Map<string, number>()
  const sorted = [...events].sort((a, b) => (a.room < b.room ? -1 : a.room > b.room ? 1 : 0))
  const rows = await db
    .insertInto('realtime_rooms')
    .values(sorted.map((e) => ({ room: e.room, last_seq: 1 })))
    .onConflict((oc) => oc.column('room').doUpdateSet({ last_seq: sql`realtime_rooms.last_seq + 1` }))
    .returning(['room', 'last_seq'])
    .execute()
  const seqs = new Map(rows.map((r) => [r.room, r.last_seq]))
  await db
    .insertInto('realtime_events')
    .values(sorted.map((e) => ({ room: e.room, seq: seqs.get(e.room)!, kind: e.kind, payload: JSON.stringify(e.payload) })))
    .execute()
  return seqs
}

export async function enqueueOutboxEach(db: Executor, kind: string, payloads: unknown[]) {
  if (!payloads.length) return
  await db
    .insertInto('outbox')
    .values(payloads.map((p) => ({ kind, payload: JSON.stringify(p) })))
    .execute()
}

/** Of `userIds`, those who still have an unread notice of `kind` pointing at `link`. */
export async function usersWithUnread(db: Executor, userIds: string[], kind: string, link: string) {
  if (!userIds.length) return new Set<string>()
  const rows = await db
    .selectFrom('notifications')
    .select('user_id')
    .distinct()
    .where('user_id', 'in', userIds)
    .where('read_at', 'is', null)
    .where('kind', '=', kind)
    .where('link', '=', link)
    .execute()
  return new Set(rows.map((r) => r.user_id))
}
