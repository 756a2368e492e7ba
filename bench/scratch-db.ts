import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureDatabase, startEmbeddedPostgres } from '../db/embedded'
import { createDatabase } from '../db/index'
import { freePort } from '../db/ports'

// A throwaway PostgreSQL for a benchmark run (bench/realtime.ts, auction.ts,
// roadshow.ts): its own folder and free port, a `techmarket` database, a small
// pool for the bench's own setup queries; `close` removes all of it.

export async function scratchDatabase(name: string) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `techmarket-bench-${name}-`))
  chmodSync(tmp, 0o755) // as root, PostgreSQL runs as a `postgres` user that must enter the folder
  const pg = await startEmbeddedPostgres({ dir: path.join(tmp, 'pg'), port: await freePort(), database: 'postgres' })
  await ensureDatabase(pg.url, 'techmarket')
  const u = new URL(pg.url)
  u.pathname = '/techmarket'
  const databaseUrl = u.toString()
  const db = createDatabase(databaseUrl, { max: 4 })
  return {
    databaseUrl,
    db,
    /** Where the server under test keeps its files. */
    filesDir: path.join(tmp, 'files'),
    async close() {
      await db.destroy()
      await pg.stop()
      rmSync(tmp, { recursive: true, force: true })
    },
  }
}
