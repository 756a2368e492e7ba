import { EmbeddedPostgresError, embeddedUrl, startEmbeddedPostgres, type EmbeddedHandle } from '../../db/embedded'
import { createDatabase, type Database } from '../../db/index'
import { migrateToLatest } from '../../db/migrate'
import { readPostmaster } from '../../db/ports'
import { seedDemo } from '../../db/seed/demo'
import { seedReference } from '../../db/seed/reference'
import type { Config } from './config'
import type { Logger } from './logger'

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL; runs pending
 * migrations; seeds the demo when asked and the database has no users yet.
 * With `reuseRunning` (the db:* and search:* commands), an embedded PostgreSQL
 * already running on EMBEDDED_PG_DIR (the app's) is used rather than a second one
 * started: its port comes from the folder's postmaster.pid.
 */
export async function bootDatabase(
  config: Config,
  logger: Logger,
  opts: { reuseRunning?: boolean } = {},
): Promise<{ db: Database; embedded: EmbeddedHandle | null; url: string }> {
  let url = config.DATABASE_URL
  let embedded: EmbeddedHandle | null = null
  if (!url) {
    const running = opts.reuseRunning ? await readPostmaster(config.EMBEDDED_PG_DIR) : null
    if (running) {
      logger.info({ dir: config.EMBEDDED_PG_DIR, port: running.port, pid: running.pid }, 'using the embedded PostgreSQL that is already running')
      url = embeddedUrl(running.port, 'techmarket')
    } else {
      logger.info({ dir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT }, 'starting embedded PostgreSQL')
      embedded = await startEmbeddedPostgres({
        dir: config.EMBEDDED_PG_DIR,
        port: config.EMBEDDED_PG_PORT,
        database: 'techmarket',
        log: (line) => logger.debug({ pg: line }, 'postgres'),
      })
      url = embedded.url
    }
  }
  const db = createDatabase(url)
  try {
    const applied = await migrateToLatest(db)
    if (applied.length) logger.info({ applied }, 'migrations applied')
    await seedReference(db)
    if (config.SEED_DEMO) {
      const seeded = await seedDemo(db, { onlyIfEmpty: true })
      if (seeded) logger.info(seeded, 'demo data seeded')
    }
  } catch (err) {
    await db.destroy()
    await embedded?.stop()
    throw err
  }
  return { db, embedded, url }
}

/**
 * For the command-line entries: a start that cannot work as configured (a port
 * taken, a data folder in use) prints its one line and exits 78 (EX_CONFIG);
 * anything else is rethrown.
 */
export function exitOnStartupError(err: unknown): never {
  if (err instanceof EmbeddedPostgresError) {
    console.error(err.message)
    process.exit(78)
  }
  throw err
}
