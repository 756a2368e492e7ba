import { createDatabase } from '../db/index'
import { migrateToLatest } from '../db/migrate'
import { bootDatabase, exitOnStartupError } from '../server/platform/boot'
import { loadConfig } from '../server/platform/config'
import { createLogger } from '../server/platform/logger'
import { createSearchEngine } from './index'
import { reindexAll } from './indexer'

// npm run search:reindex — rebuilds the search index from the database, with a
// progress bar, into whichever engine is configured (Meilisearch or PostgreSQL).
const config = loadConfig({ ...process.env, SEED_DEMO: 'false' })
const logger = createLogger('warn')
const { db, embedded } = await bootDatabase(config, logger, { reuseRunning: true }).catch(exitOnStartupError)
const searchDb = config.SEARCH_DATABASE_URL ? createDatabase(config.SEARCH_DATABASE_URL) : undefined
if (searchDb) await migrateToLatest(searchDb)
const engine = await createSearchEngine({ meiliUrl: config.MEILI_URL, meiliKey: config.MEILI_KEY, db, searchDb })
const started = performance.now()
const width = 30
const { total, indexed } = await reindexAll(db, engine, (done, all) => {
  const filled = all ? Math.round((done / all) * width) : width
  process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${all}`)
})
const seconds = (performance.now() - started) / 1000
process.stderr.write('\n')
console.log(`${engine.name}: ${indexed} of ${total} records indexed (the rest are not public) in ${seconds.toFixed(1)} s`)
await db.destroy()
await searchDb?.destroy()
await embedded?.stop()
