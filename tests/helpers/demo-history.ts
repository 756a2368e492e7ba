import type { Database } from '../../db/index'

/**
 * The generated history's author (db/seed/history.ts): the demo seed writes
 * years of history before its own rows, so tests of the demo's own rows leave
 * out what this user created.
 */
export async function historyAuthorId(db: Database): Promise<string> {
  const u = await db.selectFrom('users').select('id').where('email', '=', 'history@seed.kjdsc.cn').executeTakeFirstOrThrow()
  return u.id
}
