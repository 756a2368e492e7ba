import { sql } from 'kysely'
import type { Database } from '../../db/index'

export interface TableFingerprint {
  rows: number
  /** md5 over every row's text, so an UPDATE shows as well as an INSERT or DELETE. */
  md5: string | null
}

/** Row count and content hash of every table in the public schema. */
export async function tableFingerprints(db: Database): Promise<Record<string, TableFingerprint>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db)
  const out: Record<string, TableFingerprint> = {}
  for (const { name } of tables.rows) {
    const r = await sql<{ rows: number; md5: string | null }>`
      select count(*)::int as rows, md5(string_agg(t::text, '|' order by t::text)) as md5 from ${sql.table(name)} t`.execute(db)
    out[name] = r.rows[0]!
  }
  return out
}
