import type { Executor } from '../index'

/** The public pages' data version (ADR 020): bumped at commit by every transaction that writes public data. */
export async function readPageVersion(db: Executor): Promise<number> {
  const row = await db.selectFrom('page_version').select('version').executeTakeFirstOrThrow()
  return Number(row.version)
}
