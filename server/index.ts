import { createServer } from 'node:http'
import path from 'node:path'
import type { ServerBuild } from '@remix-run/node'
import { bootDatabase } from './platform/boot'
import { ConfigError, loadConfig } from './platform/config'
import { createLogger } from './platform/logger'
import { createHttpApp } from './platform/http'
import { emailHandler } from './platform/mail/handler'
import { createMailer } from './platform/mail/transport'
import { startOutboxWorker } from './platform/outbox-worker'
import { importHandler } from './listings/import/runner'
import { importLimits } from './listings/import/parse'
import { remindExpiringListings } from './listings/expiry'
import { purgeExpiredAuthRecords } from './identity/sessions'
import { startPeriodic } from './platform/periodic'
import { createDatabase } from '../db/index'
import { migrateToLatest } from '../db/migrate'
import { createSearchEngine } from '../search/index'
import { reindexAll, SEARCH_INDEX_KIND, searchIndexHandler } from '../search/indexer'
import { SEARCH_SYNONYMS_KIND, synonymsHandler } from './engagement/synonyms'

// The one Node process: configuration, database, HTTP (Remix), background
// worker, and a clean stop on Ctrl-C / SIGTERM.

let config
try {
  config = loadConfig()
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message)
    process.exit(78) // EX_CONFIG
  }
  throw err
}
const logger = createLogger(config.LOG_LEVEL)
const dev = config.NODE_ENV === 'development'

const { db, embedded } = await bootDatabase(config, logger)
const searchDb = config.SEARCH_DATABASE_URL ? createDatabase(config.SEARCH_DATABASE_URL) : undefined
// A separate search database gets the same schema, so the engine's tables and indexes are there.
if (searchDb) await migrateToLatest(searchDb)
const search = await createSearchEngine({ meiliUrl: config.MEILI_URL, meiliKey: config.MEILI_KEY, db, searchDb })
const services = { db, config, logger, search }
// A fresh install (or a new engine) starts empty: build the index in the background.
if ((await search.count()) === 0) {
  reindexAll(db, search)
    .then((r) => logger.info({ engine: search.name, ...r }, 'search index built'))
    .catch((err) => logger.error({ err }, 'search reindex failed; the outbox keeps later updates'))
}

let build: ServerBuild | (() => Promise<ServerBuild>)
let before
if (dev) {
  const vite = await import('vite')
  const viteServer = await vite.createServer({ server: { middlewareMode: true } })
  before = viteServer.middlewares
  build = () => viteServer.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>
} else {
  // @ts-ignore -- produced by `remix vite:build`
  build = (await import('../build/server/index.js')) as ServerBuild
}

const app = createHttpApp({ services, build, before, clientDir: dev ? undefined : path.resolve('build/client') })
const server = createServer(app)
const baseUrl = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`
const worker = startOutboxWorker(
  db,
  {
    email: emailHandler(createMailer(db, config.SMTP_URL, config.MAIL_FROM), baseUrl),
    // Bulk import of achievements: one chunk of rows per delivery (server/listings/import/runner.ts).
    import: importHandler(db, logger, importLimits(config)),
    [SEARCH_INDEX_KIND]: searchIndexHandler(db, () => search),
    // An admin changed the synonym list (server/engagement/synonyms.ts): reload it from the database.
    [SEARCH_SYNONYMS_KIND]: synonymsHandler(db, () => search),
  },
  logger,
)
const jobs = [
  startPeriodic('listing-expiry-reminders', async () => ({ reminded: await remindExpiringListings(db, config.LISTING_REMIND_DAYS) }), logger),
  startPeriodic('auth-housekeeping', () => purgeExpiredAuthRecords(db, config.LOGIN_WINDOW_MINUTES), logger),
]

server.listen(config.PORT, config.HOST, () => {
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.PORT
  logger.info({ port, database: embedded ? 'embedded' : 'external' }, `TechMarket listening on http://localhost:${port}`)
})

let stopping = false
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  logger.info({ signal }, 'shutting down')
  const force = setTimeout(() => process.exit(1), 15_000).unref()
  server.closeIdleConnections?.()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  jobs.forEach((j) => j.stop())
  await worker.stop()
  await db.destroy()
  await searchDb?.destroy()
  if (embedded) await embedded.stop()
  clearTimeout(force)
  logger.info('stopped')
  process.exit(0)
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))
