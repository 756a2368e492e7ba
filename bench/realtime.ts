// Benchmark of the realtime layer: `npm run bench:realtime` (ADR 021).
//
// Starts a scratch embedded PostgreSQL and, for each room size, a fresh
// production server (build/server-main.js, as `npm start` runs it: a primary
// that runs the outbox and WEB_CONCURRENCY workers that hold the sockets) on
// it; opens one deal room, connects 1,000 then 5,000 socket.io clients (websocket transport, the same
// RealtimeClient useRoom uses, spread over BENCH_CLIENT_PROCS child processes)
// to it and publishes messages through the real path: publish() in a
// transaction → outbox → NOTIFY wakes the broadcast worker → adapter → sockets.
// Prints, per room size:
// - fan-out latency p50/p95/p99 from the commit returning to each client's receipt;
//   messages go one at a time (the next when every client has the last, plus
//   BENCH_GAP_MS), so this is the latency of one message, not a queue's,
// - the server processes' CPU time per message (a figure a busy machine disturbs
//   far less than latency),
// - messages lost after resync: a tenth of the clients drop their connection, miss
//   messages, reconnect with their last seq; every client must end with every event
//   in order (lost and out-of-order must be 0),
// - memory per connection: the server processes' RSS delta over the clients.
// Prints; asserts nothing.
//
// BENCH_SIZES (default 1000,5000), BENCH_MESSAGES (30), BENCH_GAP_MS (100, after
// every client has a message), BENCH_CLIENT_PROCS (2), WEB_CONCURRENCY (default: one worker per core).

import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createCookie } from '@remix-run/node'
import { freePort } from '../db/ports'
import { Clients, pct, root, sleep } from './bench-kit'
import { scratchDatabase } from './scratch-db'
import { startSession } from '../server/identity/sessions'
import { publish, roomName } from '../server/realtime/publish'
import { dealFromMatch } from '../tests/helpers/deals'
// @ts-expect-error -- plain JS helper shared with `npm start`
import { ensureBuild } from '../scripts/ensure-build.mjs'

const SIZES = (process.env.BENCH_SIZES ?? '1000,5000').split(',').map(Number)
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 30)
const GAP_MS = Number(process.env.BENCH_GAP_MS ?? 100)
const CLIENT_PROCS = Number(process.env.BENCH_CLIENT_PROCS ?? 2)
const now = () => performance.timeOrigin + performance.now()

/** Resident memory (bytes) and CPU seconds of `pid` and its node descendants (the primary and its workers), from /proc. */
function serverUsage(rootPid: number): { rss: number; cpu: number } {
  const stat = (pid: string) => {
    try {
      const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const close = text.lastIndexOf(')')
      const f = text.slice(close + 2).split(' ')
      return { comm: text.slice(text.indexOf('(') + 1, close), ppid: f[1]!, ticks: Number(f[11]) + Number(f[12]) }
    } catch {
      return null
    }
  }
  const rss = (pid: string) => {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) * 1024 : 0
  }
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d))
  const stats = new Map(all.map((d) => [d, stat(d)] as const))
  const total = { rss: 0, cpu: 0 }
  const walk = (pid: string) => {
    const s = stats.get(pid)
    if (!s || s.comm.startsWith('postgres')) return
    total.rss += rss(pid)
    total.cpu += s.ticks / 100
    for (const [child, c] of stats) if (c?.ppid === pid) walk(child)
  }
  walk(String(rootPid))
  return total
}

/** The compiled server as `npm start` runs it, on `databaseUrl`; resolves when /healthz answers. */
async function startServer(databaseUrl: string, filesDir: string) {
  const port = await freePort()
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SEED_DEMO: 'false', DATABASE_URL: databaseUrl, FILES_DIR: filesDir }
  const child = spawn(process.execPath, [path.join(root, 'build/server-main.js')], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] })
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode !== null) return
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    await exited
  }
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`)
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break
    if (i > 360) {
      await stop()
      throw new Error('the server did not become healthy in time')
    }
    await sleep(500)
  }
  return { child, url, stop }
}

async function main() {
  ensureBuild()
  const scratch = await scratchDatabase('rt')
  const { databaseUrl, db } = scratch
  let server: Awaited<ReturnType<typeof startServer>> | null = null
  try {
    // The first start migrates and seeds the reference data the deal world needs.
    server = await startServer(databaseUrl, scratch.filesDir)
    const world = await dealFromMatch(db, { title: 'bench:realtime' })
    const room = roomName('deal', world.dealId)
    const { token } = await startSession(db, world.ent.user.id, 1, { ip: '127.0.0.1', userAgent: 'bench:realtime', requestId: 'bench' })
    const cookie = (await createCookie('tm_session').serialize(token)).split(';')[0]!
    const say = async (text: string) => {
      const seq = await db.transaction().execute((trx) => publish(trx, room, 'message', { text }))
      return { seq, committedAt: now() }
    }

    const workers = process.env.WEB_CONCURRENCY ?? String(os.availableParallelism())
    console.log(
      `bench:realtime — ${workers} worker process(es) + primary, ${os.availableParallelism()} cores, clients in ${CLIENT_PROCS} process(es), ${MESSAGES} messages ${GAP_MS} ms apart; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    )
    const rows: string[][] = []
    for (const size of SIZES) {
      // A fresh server per size: memory is measured from its own idle baseline.
      await server?.stop()
      server = await startServer(databaseUrl, scratch.filesDir)
      const base = server.url
      await sleep(2000)
      const rssBefore = serverUsage(server.child.pid!).rss
      const start = (await say('baseline')).seq
      const procs = Array.from({ length: CLIENT_PROCS }, () => new Clients('bench/realtime-clients.ts'))
      const t0 = Date.now()
      const started = await Promise.all(
        procs.map((p, i) =>
          p.ask<{ connected: number }>({ type: 'start', url: base, cookie, room, afterSeq: start, count: Math.floor(size / CLIENT_PROCS) + (i < size % CLIENT_PROCS ? 1 : 0) }, 'started'),
        ),
      )
      const connected = started.reduce((n, s) => n + s.connected, 0)
      const connectSeconds = (Date.now() - t0) / 1000
      const waitAll = async (seq: number, timeoutMs: number) => {
        const end = Date.now() + timeoutMs
        for (;;) {
          const p = await Promise.all(procs.map((c) => c.ask<{ minLast: number }>({ type: 'progress' }, 'progress')))
          if (p.every((x) => x.minLast >= seq)) return true
          if (Date.now() > end) return false
          await sleep(10)
        }
      }
      // Warm-up: one event every client has (their joins are answered, the path is hot).
      const warm = await say('warm-up')
      await waitAll(warm.seq, 120_000)
      await sleep(1000)
      const rssAfter = serverUsage(server.child.pid!).rss

      // Fan-out latency: one message at a time, the next once every client has the last.
      const committed = new Map<number, number>()
      const cpuBefore = serverUsage(server.child.pid!).cpu
      for (let i = 0; i < MESSAGES; i++) {
        const m = await say(`message ${i}`)
        committed.set(m.seq, m.committedAt)
        await waitAll(m.seq, 30_000)
        await sleep(GAP_MS)
      }
      const cpuPerMessage = ((serverUsage(server.child.pid!).cpu - cpuBefore) * 1000) / MESSAGES
      const lastLive = Math.max(...committed.keys())

      // Resync: a tenth drop their connection, miss messages, come back with their last seq.
      const droppedCounts = await Promise.all(procs.map((p) => p.ask<{ count: number }>({ type: 'drop', fraction: 0.1 }, 'dropped')))
      const dropped = droppedCounts.reduce((n, d) => n + d.count, 0)
      let last = lastLive
      for (let i = 0; i < 10; i++) last = (await say(`while away ${i}`)).seq
      await Promise.all(procs.map((p) => p.ask({ type: 'reconnect' }, 'reconnecting')))
      last = (await say('after reconnect')).seq
      await waitAll(last, 60_000)

      const reports = await Promise.all(
        procs.map((p) => p.ask<{ receipts: [number, number[]][]; lasts: number[]; delivered: number[]; outOfOrder: number }>({ type: 'report' }, 'report')),
      )
      const latencies: number[] = []
      for (const r of reports) for (const [seq, times] of r.receipts) {
        const c = committed.get(seq)
        if (c !== undefined) for (const t of times) latencies.push(t - c)
      }
      latencies.sort((a, b) => a - b)
      const expected = last - start
      const lost = reports.reduce((n, r) => n + r.delivered.reduce((m, d) => m + Math.max(0, expected - d), 0), 0)
      const outOfOrder = reports.reduce((n, r) => n + r.outOfOrder, 0)
      const receivedLive = latencies.length
      rows.push([
        String(size),
        String(connected),
        connectSeconds.toFixed(1),
        pct(latencies, 0.5).toFixed(1),
        pct(latencies, 0.95).toFixed(1),
        pct(latencies, 0.99).toFixed(1),
        `${receivedLive}/${MESSAGES * size}`,
        String(dropped),
        String(lost),
        String(outOfOrder),
        cpuPerMessage.toFixed(0),
        ((rssAfter - rssBefore) / 1024 / Math.max(1, connected)).toFixed(1),
      ])
      await Promise.all(procs.map((p) => p.stop()))
      console.log(`  ${size} clients done`)
    }
    const head = ['clients', 'connected', 'connect s', 'p50 ms', 'p95 ms', 'p99 ms', 'live receipts', 'dropped+resynced', 'lost', 'out of order', 'server CPU ms/msg', 'server KiB/conn']
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
    const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ')
    console.log(line(head))
    console.log(widths.map((w) => '-'.repeat(w)).join('  '))
    rows.forEach((r) => console.log(line(r)))
    console.log(`latency: from the publishing transaction's commit returning to each client's receipt; load after the run: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  } finally {
    await server?.stop()
    await scratch.close()
  }
}

await main()
