import { startEmbeddedPostgres, type EmbeddedHandle } from '../../db/embedded'
import { createDatabase, type Database } from '../../db/index'
import { migrateToLatest } from '../../db/migrate'
import { seedDemo } from '../../db/seed/demo'
import { seedReference } from '../../db/seed/reference'
import type { Config } from './config'
import type { Logger } from './logger'

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL; runs pending
 * migrations; seeds the demo when asked and the database has no users yet.
 */
export async function bootDatabase(config: Config, logger: Logger): Promise<{ db: Database; embedded: EmbeddedHandle | null }> {
  let url = config.DATABASE_URL
  let embedded: EmbeddedHandle | null = null
  if (!url) {
    logger.info({ dir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT }, 'starting embedded PostgreSQL')
    embedded = await startEmbeddedPostgres({
      dir: config.EMBEDDED_PG_DIR,
      port: config.EMBEDDED_PG_PORT,
      database: 'techmarket',
      log: (line) => logger.debug({ pg: line }, 'postgres'),
    })
    url = embedded.url
  }
  const db = createDatabase(url)
  const applied = await migrateToLatest(db)
  if (applied.length) logger.info({ applied }, 'migrations applied')
  await seedReference(db)
  if (config.SEED_DEMO) {
    const seeded = await seedDemo(db, { onlyIfEmpty: true })
    if (seeded) logger.info(seeded, 'demo data seeded')
  }
  return { db, embedded }
}
