import { sql } from 'kysely'
import type { Executor } from '../index'

// The broadcast worker's claims (ADR 021, ADR 034). A room's broadcasts must
// leave in order, so a row is a room's head only when no earlier broadcast of
// its room is undone; claimOutbox's inRoomOrder takes one head per room and
// claim, which caps a busy room at one event per three round trips. Here a
// claim takes each due head AND the rows queued behind it in its room: while
// the head is undone and leased to this claim, no other worker can take any of
// them (they are not heads), so the run is this worker's to send in order.

export interface BroadcastRow {
  id: number
  payload: { room: string; seq: number }
  attempts: number
}

/**
 * Claims up to `limit` broadcast rows: heads of up to `limit` rooms (skipping
 * rows another worker is claiming), each with the rows after it in its room,
 * oldest first; leased for `leaseSeconds`. Returns them in id order.
 */
export async function claimBroadcastRuns(db: Executor, limit: number, leaseSeconds: number): Promise<BroadcastRow[]> {
  const r = await sql<BroadcastRow>`
    with heads as (
      select o.id, o.payload->>'room' as room
      from outbox o
      where o.kind = 'broadcast' and o.done_at is null and o.available_at <= now()
        and not exists (
          select 1 from outbox earlier
          where earlier.kind = 'broadcast' and earlier.done_at is null and earlier.id < o.id
            and earlier.payload->>'room' = o.payload->>'room')
      order by o.id
      limit ${limit}
      for update skip locked
    ), runs as (
      select o.id
      from outbox o join heads h on o.payload->>'room' = h.room
      where o.kind = 'broadcast' and o.done_at is null and o.id >= h.id
      order by o.id
      limit ${limit}
      for update of o
    )
    update outbox set available_at = now() + make_interval(secs => ${leaseSeconds}), attempts = attempts + 1
    where id in (select id from runs)
    returning id, payload, attempts`.execute(db)
  return r.rows.sort((a, b) => a.id - b.id)
}

export async function markOutboxDoneMany(db: Executor, ids: number[]) {
  if (ids.length === 0) return
  await db.updateTable('outbox').set({ done_at: new Date(), last_error: null }).where('id', 'in', ids).execute()
}

/** Rows claimed but not tried (held behind a failed one of their room): due again at once, the claim not counted. */
export async function releaseOutbox(db: Executor, ids: number[]) {
  if (ids.length === 0) return
  await db
    .updateTable('outbox')
    .set({ available_at: sql`now()`, attempts: sql`greatest(attempts - 1, 0)` })
    .where('id', 'in', ids)
    .execute()
}
