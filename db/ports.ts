import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import fs from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import path from 'node:path'

// What a clash of ports looks like to the person starting the app: one line
// naming the port, the variable to change and, when it can be told, what holds
// the port. Linux tells through /proc; elsewhere the holder stays unnamed.

/** A port nothing listens on now (the OS picks it), for servers started by tests and benchmarks. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, host, () => {
      const { port } = srv.address() as AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

/** True when nothing listens on host:port (we could bind it, and let it go at once). */
export function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer()
    srv.once('error', () => resolve(false))
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)))
  })
}

export interface Postmaster {
  pid: number
  dataDir: string
  port: number
}

/**
 * Reads PostgreSQL's postmaster.pid in `dir`: line 1 the pid, 2 the data folder,
 * 4 the port. Null when there is none, it cannot be read, or its process is gone.
 */
export async function readPostmaster(dir: string): Promise<Postmaster | null> {
  const text = await fs.readFile(path.join(dir, 'postmaster.pid'), 'utf8').catch(() => null)
  const pm = text === null ? null : parsePostmasterPid(text)
  return pm && postmasterAlive(pm.pid) ? pm : null
}

/** The pid is alive and, as far as /proc can tell, a PostgreSQL (not a pid reused after a reboot). */
export function postmasterAlive(pid: number) {
  if (!processAlive(pid)) return false
  const argv = commandOf(pid)
  return argv.length === 0 || argv.some((a) => /postgres/.test(a))
}

export function parsePostmasterPid(text: string): Postmaster | null {
  const lines = text.split('\n')
  const pid = Number(lines[0])
  const port = Number(lines[3])
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) return null
  return { pid, dataDir: lines[1]?.trim() ?? '', port }
}

export function processAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: it exists but belongs to another user (the `postgres` user, say).
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The pids listening on TCP `port` (Linux /proc; empty when it cannot be told). */
function listeningPids(port: number): number[] {
  const inodes = new Set<string>()
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0')
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string
    try {
      text = readFileSync(table, 'utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/)
      // local_address is HEXIP:HEXPORT, st 0A is LISTEN, inode is field 10.
      if (f.length > 9 && f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A') inodes.add(f[9]!)
    }
  }
  if (!inodes.size) return []
  const pids: number[] = []
  let procs: string[]
  try {
    procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d))
  } catch {
    return []
  }
  for (const p of procs) {
    let fds: string[]
    try {
      fds = readdirSync(`/proc/${p}/fd`)
    } catch {
      continue
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${p}/fd/${fd}`))
        if (m && inodes.has(m[1]!)) {
          pids.push(Number(p))
          break
        }
      } catch {
        /* the fd closed meanwhile */
      }
    }
  }
  return pids
}

function commandOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
  } catch {
    return []
  }
}

/**
 * A few words on what listens on `port`, e.g. "another TechMarket (postmaster.pid
 * in .data/postgres, pid 4242)" or "node (pid 77)"; null when it cannot be told.
 */
export function describePortHolder(port: number): string | null {
  const pids = listeningPids(port)
  if (!pids.length) return null
  // A PostgreSQL's children share its socket; the postmaster is the lowest pid.
  const pid = Math.min(...pids)
  const argv = commandOf(pid)
  const dIndex = argv.indexOf('-D')
  const dataDir = dIndex >= 0 ? argv[dIndex + 1] : undefined
  if (dataDir && existsSync(path.join(dataDir, 'postmaster.pid'))) {
    const rel = path.relative(process.cwd(), dataDir) || '.'
    const where = rel.startsWith('..') ? dataDir : rel
    const pm = parsePostmasterPid(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8'))
    const ours = /(^|\/)\.data\//.test(dataDir)
    return `${ours ? 'another TechMarket' : 'a PostgreSQL'} (postmaster.pid in ${where}, pid ${pm?.pid ?? pid})`
  }
  const name = argv[0] ? path.basename(argv[0]) : 'a process'
  return `${name} (pid ${pid})`
}
