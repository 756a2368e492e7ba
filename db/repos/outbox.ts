import { sql } from 'kysely'
import type { Executor } from '../index'

export async function enqueueOutbox(db: Executor, kind: string, payload: unknown) {
  await db.insertInto('outbox').values({ kind, payload: JSON.stringify(payload) }).execute()
}

/** Which kinds a worker takes: only these, or all but these (the broadcast worker runs apart, ADR 021). */
export interface OutboxKinds {
  only?: string[]
  except?: string[]
  /**
   * For `broadcast` rows: one is taken only when every earlier broadcast of its
   * `payload.room` is done, so one room's broadcasts go out in order even with
   * several processes draining (outbox_broadcast_room_idx serves the test).
   */
  inRoomOrder?: boolean
}

/**
 * Claims up to `limit` due rows for this worker. SKIP LOCKED lets several
 * processes share the outbox; the claim pushes available_at forward so a
 * crashed worker's rows come back after the lease.
 */
export async function claimOutbox(db: Executor, limit: number, leaseSeconds: number, kinds: OutboxKinds = {}) {
  return db
    .updateTable('outbox')
    .set({
      available_at: sql`now() + make_interval(secs => ${leaseSeconds})`,
      attempts: sql`attempts + 1`,
    })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('outbox')
        .select('id')
        .where('done_at', 'is', null)
        .where('available_at', '<=', sql<Date>`now()`)
        .$if(kinds.only !== undefined, (q) => q.where('kind', 'in', kinds.only!.length ? kinds.only! : ['']))
        .$if(!!kinds.except?.length, (q) => q.where('kind', 'not in', kinds.except!))
        .$if(!!kinds.inRoomOrder, (q) =>
          q.where(
            sql<boolean>`not exists (select 1 from outbox earlier where earlier.kind = 'broadcast' and earlier.done_at is null and earlier.id < outbox.id and earlier.payload->>'room' = outbox.payload->>'room')`,
          ),
        )
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'kind', 'payload', 'attempts'])
    .execute()
}

export async function markOutboxDone(db: Executor, id: number) {
  await db.updateTable('outbox').set({ done_at: new Date(), last_error: null }).where('id', '=', id).execute()
}

export async function markOutboxFailed(db: Executor, id: number, error: string, retryInSeconds: number) {
  await db
    .updateTable('outbox')
    .set({ last_error: error.slice(0, 2000), available_at: sql`now() + make_interval(secs => ${retryInSeconds})` })
    .where('id', '=', id)
    .execute()
}

export async function pendingOutboxCount(db: Executor) {
  const r = await db.selectFrom('outbox').select(sql<number>`count(*)::int`.as('n')).where('done_at', 'is', null).executeTakeFirstOrThrow()
  return r.n
}

/** The channel the outbox_wake trigger notifies (payload: the row's kind) when an insert commits. */
export const OUTBOX_WAKE_CHANNEL = 'techmarket_outbox'
