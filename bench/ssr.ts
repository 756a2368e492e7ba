// Benchmark of server-rendered pages: `npm run bench:ssr`.
//
// Starts the production server itself (the compiled build/server-main.js, as
// `npm start` runs it, with WEB_CONCURRENCY workers) on a free port with a
// scratch embedded PostgreSQL holding the demo data (or DATABASE_URL's
// database when set), warms up, then drives each page with CONNECTIONS
// concurrent keep-alive connections over loopback for SECONDS seconds and
// prints one table: req/s, p50, p95, and each page's share of /healthz.
// Requests look like a browser's (Accept-Encoding gzip/br, zh-CN), so
// compression is part of the cost. Besides req/s it prints the CPU time the server's
// node processes and PostgreSQL spent per request (from /proc), which a busy
// machine disturbs far less than req/s. Prints; asserts nothing.
//
// BENCH_SECONDS (default 10), BENCH_WARMUP_SECONDS (3), BENCH_CONNECTIONS (20),
// WEB_CONCURRENCY (default: one worker per core) tune a run; BENCH_PAGES (comma-separated,
// e.g. `/healthz,/achievements`) picks pages; BENCH_NODE_OPTIONS goes to the server's
// processes as node flags (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile them).

import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { freePort } from '../db/ports'
// @ts-expect-error -- plain JS helper shared with `npm start`
import { ensureBuild } from '../scripts/ensure-build.mjs'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20)
const root = path.resolve(import.meta.dirname, '..')

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS })
const HEADERS = { 'accept-encoding': 'gzip, deflate, br', 'accept-language': 'zh-CN,zh;q=0.9', accept: 'text/html' }

/** One GET; resolves with the status and, when asked, the body (uncompressed requests only). */
function get(base: string, pathname: string, wantBody = false): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${pathname}`, { agent, headers: wantBody ? { 'accept-language': 'zh-CN' } : HEADERS }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => wantBody && chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: wantBody ? Buffer.concat(chunks).toString('utf8') : '' }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout on ${pathname}`)))
  })
}

// CPU seconds used by the server's processes (Linux /proc): on a busy machine req/s says
// more about the neighbours than about the code; CPU time per request does not.
const TICKS_PER_SECOND = 100
function procStat(pid: string): { ppid: string; comm: string; ticks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const close = text.lastIndexOf(')')
    const comm = text.slice(text.indexOf('(') + 1, close)
    const f = text.slice(close + 2).split(' ')
    return { ppid: f[1]!, comm, ticks: Number(f[11]) + Number(f[12]) }
  } catch {
    return null
  }
}
/** CPU seconds of the node processes (primary and workers) and of PostgreSQL under `root`. */
function serverCpu(rootPid: number): { node: number; pg: number } {
  let stats: Map<string, { ppid: string; comm: string; ticks: number }>
  try {
    stats = new Map(
      readdirSync('/proc')
        .filter((d) => /^\d+$/.test(d))
        .map((d) => [d, procStat(d)] as const)
        .filter((e): e is [string, NonNullable<ReturnType<typeof procStat>>] => !!e[1]),
    )
  } catch {
    return { node: NaN, pg: NaN }
  }
  const out = { node: 0, pg: 0 }
  const walk = (pid: string, inPg: boolean) => {
    const st = stats.get(pid)
    if (!st) return
    const pg = inPg || st.comm.startsWith('postgres')
    out[pg ? 'pg' : 'node'] += st.ticks / TICKS_PER_SECOND
    for (const [child, c] of stats) if (c.ppid === pid) walk(child, pg)
  }
  walk(String(rootPid), false)
  return out
}

interface Result {
  nodeMsPerReq: number
  pgMsPerReq: number
  path: string
  requests: number
  errors: number
  rps: number
  p50: number
  p95: number
}

/** CONNECTIONS loops, each sending its next request when the last is answered, for `seconds`. */
async function drive(base: string, pathname: string, seconds: number, serverPid: number): Promise<Result> {
  const cpuBefore = serverCpu(serverPid)
  const latencies: number[] = []
  let errors = 0
  const started = performance.now()
  const end = started + seconds * 1000
  const loop = async () => {
    while (performance.now() < end) {
      const t = performance.now()
      try {
        const { status } = await get(base, pathname)
        if (status !== 200) errors++
      } catch {
        errors++
      }
      latencies.push(performance.now() - t)
    }
  }
  await Promise.all(Array.from({ length: CONNECTIONS }, loop))
  const elapsed = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN
  const cpuAfter = serverCpu(serverPid)
  return {
    path: pathname,
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: at(0.5),
    p95: at(0.95),
    nodeMsPerReq: ((cpuAfter.node - cpuBefore.node) * 1000) / latencies.length,
    pgMsPerReq: ((cpuAfter.pg - cpuBefore.pg) * 1000) / latencies.length,
  }
}

async function waitForHealth(base: string, child: ChildProcess, timeoutMs: number) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before it was healthy`)
    const ok = await get(base, '/healthz').then((r) => r.status === 200, () => false)
    if (ok) return
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error('the server did not become healthy in time')
}

async function main() {
  ensureBuild()
  const port = await freePort()
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SEED_DEMO: 'true' }
  let tmp: string | null = null
  if (!process.env.DATABASE_URL) {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'techmarket-bench-ssr-'))
    chmodSync(tmp, 0o755) // as root, PostgreSQL runs as a `postgres` user that must enter the folder
    env.EMBEDDED_PG_DIR = path.join(tmp, 'pg')
    env.EMBEDDED_PG_PORT = String(await freePort())
    env.FILES_DIR = path.join(tmp, 'files')
  }
  // Node flags for the primary; cluster workers inherit them (execArgv). Passed as arguments, not
  // NODE_OPTIONS, which refuses --cpu-prof.
  const nodeArgs = process.env.BENCH_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'build/server-main.js')], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] })
  const base = `http://127.0.0.1:${port}`
  try {
    await waitForHealth(base, child, 180_000)
    // The list pages build their filters (industries, counties) from the database; /search's
    // engine index is built in the background on a fresh database: wait until it answers hits.
    const list = await get(base, '/achievements', true)
    const achievement = /href="(\/achievements\/[0-9a-f-]{36})"/.exec(list.body)?.[1]
    if (!achievement) throw new Error('no achievement link on /achievements')
    const searchPath = `/search?q=${encodeURIComponent('汽车')}`
    for (let i = 0; i < 60; i++) {
      const s = await get(base, searchPath, true)
      if (s.status === 200 && /href="\/achievements\/[0-9a-f-]{36}"/.test(s.body)) break
      await new Promise((r) => setTimeout(r, 500))
    }
    const all = ['/healthz', '/', achievement, searchPath, '/achievements', '/needs']
    const picked = process.env.BENCH_PAGES?.split(',').map((p) => (p === '/achievements/:id' ? achievement : p === '/search' ? searchPath : p))
    const paths = picked ? all.filter((p) => picked.includes(p)) : all
    const workers = env.WEB_CONCURRENCY ?? String(os.availableParallelism())
    console.log(
      `bench:ssr — ${workers} worker process(es), ${os.availableParallelism()} cores, ${CONNECTIONS} connections, ${SECONDS} s per page after ${WARMUP_SECONDS} s warm-up; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    )
    for (const p of paths) await drive(base, p, WARMUP_SECONDS, child.pid!)
    const results: Result[] = []
    for (const p of paths) results.push(await drive(base, p, SECONDS, child.pid!))
    const health = results.find((r) => r.path === '/healthz')?.rps ?? NaN
    const label = (p: string) => (p === achievement ? '/achievements/:id' : decodeURIComponent(p))
    const rows = results.map((r) => [
      label(r.path),
      r.rps.toFixed(0),
      r.p50.toFixed(1),
      r.p95.toFixed(1),
      `${((r.rps / health) * 100).toFixed(1)}%`,
      r.nodeMsPerReq.toFixed(2),
      r.pgMsPerReq.toFixed(2),
      String(r.requests),
      String(r.errors),
    ])
    const head = ['page', 'req/s', 'p50 ms', 'p95 ms', 'of /healthz', 'node CPU ms/req', 'pg CPU ms/req', 'requests', 'non-200']
    // Chinese characters take two columns in a terminal.
    const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0)
    const pad = (s: string, w: number, left: boolean) => (left ? s + ' '.repeat(w - width(s)) : ' '.repeat(w - width(s)) + s)
    const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))))
    const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!, i === 0)).join('  ')
    console.log(line(head))
    console.log(widths.map((w) => '-'.repeat(w)).join('  '))
    rows.forEach((r) => console.log(line(r)))
    console.log(`load after the run: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  } finally {
    agent.destroy()
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true })
  }
}

await main()
