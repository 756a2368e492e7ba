import { sql, type Transaction } from 'kysely'
import type { Database } from '../../db/index'
import type { DB } from '../../db/schema'

/**
 * Replays a race deterministically: `hold` writes in a transaction that stays
 * open while `action` runs; once `action` is waiting on that transaction's
 * locks (it got past its own "already taken?" check), the holder commits.
 * Returns how `action` ended.
 */
export async function raceAgainst<T>(db: Database, hold: (trx: Transaction<DB>) => Promise<unknown>, action: () => Promise<T>) {
  let release!: () => void
  const released = new Promise<void>((r) => (release = r))
  let markHeld!: () => void
  const held = new Promise<void>((r) => (markHeld = r))
  const holder = db.transaction().execute(async (trx) => {
    await hold(trx)
    markHeld()
    await released
  })
  await Promise.race([held, holder])
  let settled = false
  const outcome: Promise<PromiseSettledResult<T>> = action().then(
    (value) => ({ status: 'fulfilled' as const, value }),
    (reason: unknown) => ({ status: 'rejected' as const, reason }),
  )
  void outcome.finally(() => (settled = true))
  const deadline = Date.now() + 10_000
  while (!settled && Date.now() < deadline && !(await someoneWaitsOnALock(db))) {
    await new Promise((r) => setTimeout(r, 10))
  }
  release()
  await holder
  return outcome
}

async function someoneWaitsOnALock(db: Database) {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_stat_activity
    where datname = current_database() and wait_event_type = 'Lock'`.execute(db)
  return rows[0]!.n > 0
}
