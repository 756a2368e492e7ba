import { sql } from 'kysely'
import type { Executor } from '../index'

export async function pingDatabase(db: Executor) {
  await sql`select 1`.execute(db)
}
