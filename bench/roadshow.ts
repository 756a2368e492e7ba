// Benchmark of a live roadshow's fan-out: `npm run bench:roadshow` (ADR 034).
//
// Starts a scratch embedded PostgreSQL and the production server on it
// (build/server-main.js as `npm start` runs it: a primary with the outbox and
// WEB_CONCURRENCY workers holding the sockets), schedules a public roadshow
// whose host starts it, and connects BENCH_VIEWERS viewer sessions (users and
// sessions created in bulk) to `roadshow:<id>` through the RealtimeClient
// useRoom uses, in BENCH_CLIENT_PROCS child processes. For BENCH_SECONDS,
// BENCH_ACTORS of the viewers act at BENCH_RATE actions per second in all —
// chat (`roadshow:chat`), ask (`roadshow:ask`) and vote on the questions asked
// (`roadshow:vote`) — and the host moves to the next item (`roadshow:host`
// next) BENCH_NEXTS times. Then every viewer drops and reconnects, and must
// hold every event since it joined, once each.
// Prints: send → receipt and stored → receipt p50/p95/p99 over every (event,
// viewer) delivery; per event the time until every viewer had it (p95); lost
// events after the resync (must be 0); the serving processes' memory per
// viewer (RSS before and after connecting); each "next item" until every
// viewer had it (max); the load average before and after. Clients run on the
// same machine, so they compete with the server for the cores. Asserts nothing.
//
// BENCH_VIEWERS (5000), BENCH_ACTORS (50), BENCH_SECONDS (30), BENCH_RATE (10
// actions/s), BENCH_NEXTS (3), BENCH_CLIENT_PROCS (2), WEB_CONCURRENCY.

import { readFileSync } from 'node:fs'
import os from 'node:os'
import { createCookie } from '@remix-run/node'
import { sql } from 'kysely'
import { io } from 'socket.io-client'
import type { Database } from '../db/index'
import { freePort } from '../db/ports'
import { scratchDatabase } from './scratch-db'
import { roomEventsAfter, roomLastSeq } from '../db/repos/realtime'
import { startSession } from '../server/identity/sessions'
import { hashToken, newToken } from '../server/platform/tokens'
import { roadshowRoom } from '../server/roadshows/publish'
import { scheduledRoadshow } from '../tests/helpers/roadshows'
import { startServer } from './auction-server'
import { Clients, histPct, load, now, pct, sleep } from './bench-kit'
// @ts-expect-error -- plain JS helper shared with `npm start`
import { ensureBuild } from '../scripts/ensure-build.mjs'

const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 5000)
const ACTORS = Math.min(VIEWERS, Number(process.env.BENCH_ACTORS ?? 50))
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30)
const RATE = Number(process.env.BENCH_RATE ?? 10)
const NEXTS = Number(process.env.BENCH_NEXTS ?? 3)
const CLIENT_PROCS = Number(process.env.BENCH_CLIENT_PROCS ?? 2)


const merge = (into: Map<number, number>, entries: [number, number][]) => entries.forEach(([b, n]) => into.set(b, (into.get(b) ?? 0) + n))
const total = (h: Map<number, number>) => [...h.values()].reduce((a, b) => a + b, 0)
const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(1) : '—')

const sessionCookie = createCookie('tm_session')
const cookieOf = async (token: string) => (await sessionCookie.serialize(token)).split(';')[0]!

/** Viewer accounts and their sessions, a thousand rows per statement (5,000 one by one would take minutes). */
async function bulkViewers(db: Database, count: number) {
  const cookies: string[] = []
  const expiresAt = new Date(Date.now() + 86_400_000)
  const run = Date.now().toString(36)
  for (let i = 0; i < count; i += 1000) {
    const n = Math.min(1000, count - i)
    const users = await db
      .insertInto('users')
      .values(
        Array.from({ length: n }, (_, j) => ({
          email: `roadshow-viewer-${i + j}-${run}@bench.test`,
          name: `观众${i + j}`,
          password_hash: '!bench-no-login',
          password_changed_at: new Date(),
        }))
      )
      .returning('id')
      .execute()
    const tokens = users.map(() => newToken())
    await db
      .insertInto('sessions')
      .values(users.map((u, j) => ({ id_hash: hashToken(tokens[j]!), user_id: u.id, expires_at: expiresAt, ip: '127.0.0.1', user_agent: 'bench:roadshow' })))
      .execute()
    for (const t of tokens) cookies.push(await cookieOf(t))
  }
  return cookies
}

/** Resident memory of the server: the primary and every process under it (its cluster workers). */
function serverRss(pid: number): number {
  let kb = 0
  try {
    kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
    for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean)) kb += serverRss(Number(child)) / 1024
  } catch {
    // a process that ended meanwhile
  }
  return kb * 1024
}
const mb = (bytes: number) => (bytes / 1048576).toFixed(0)

const childrenOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}
/** CPU seconds (user + system) a process has used; its children's are counted apart (their own pids). */
function cpuSeconds(pid: number) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return 0
  }
}
const treeOf = (pid: number): number[] => [pid, ...childrenOf(pid).flatMap(treeOf)]
/**
 * CPU used so far by the server (primary, workers), PostgreSQL (every other
 * process under this one that is not a client) and the clients: on a shared
 * machine, where latency says little, CPU per event says what each part costs.
 */
function cpuSplit(serverPid: number, clientPids: number[]) {
  const server = treeOf(serverPid)
  const clients = clientPids.flatMap(treeOf)
  const mine = new Set([process.pid, ...server, ...clients])
  const others = treeOf(process.pid).filter((p) => !mine.has(p))
  const each = (list: number[]) => new Map(list.map((p) => [p, cpuSeconds(p)]))
  return { primary: each([serverPid]), workers: each(server.slice(1)), postgres: each(others), clients: each(clients) }
}
/** CPU seconds between two splits, per part: processes that ended meanwhile (short database connections) are not counted. */
const cpuUsed = (before: Map<number, number>, after: Map<number, number>) => [...after].reduce((n, [pid, s]) => n + s - (before.get(pid) ?? 0), 0)

async function main() {
  ensureBuild()
  const scratch = await scratchDatabase('roadshow')
  const { databaseUrl, db } = scratch
  let server: Awaited<ReturnType<typeof startServer>> | null = null
  const procs: Clients[] = []
  let host: ReturnType<typeof io> | null = null
  try {
    server = await startServer({ databaseUrl, filesDir: scratch.filesDir, port: await freePort() })
    const workers = process.env.WEB_CONCURRENCY ?? String(os.availableParallelism())
    console.log(
      `bench:roadshow — ${workers} worker process(es) + primary, ${os.availableParallelism()} cores, ${VIEWERS} viewers (${ACTORS} acting at ${RATE} actions/s in all) in ${CLIENT_PROCS} client process(es), ${SECONDS} s, ${NEXTS} × next item; load ${load()}`
    )
    const rs = await scheduledRoadshow(db, { items: NEXTS + 1, judges: 1, viewers: 0, audience: 'public', startsInMs: 60_000 })
    const room = roadshowRoom(rs.roadshowId)
    const cookies = await bulkViewers(db, VIEWERS)
    const { token } = await startSession(db, rs.host.user.id, 1, { ip: '127.0.0.1', userAgent: 'bench:roadshow', requestId: 'bench' })

    // The host's page: its own socket, the commands answered through the ack.
    host = io(server.url, { path: '/socket.io/', transports: ['websocket'], extraHeaders: { cookie: await cookieOf(token) } })
    await new Promise<void>((r) => host!.once('connect', () => r()))
    const hostCommand = (msg: unknown) =>
      new Promise<any>((resolve) =>
        host!.timeout(30_000).emit('roadshow:host', msg, (err: unknown, a: unknown) => resolve(err ? { ok: false, reason: 'timeout' } : a))
      )
    const started = await hostCommand({ roadshowId: rs.roadshowId, action: 'start' })
    if (!started?.ok) throw new Error(`the host could not start the roadshow: ${JSON.stringify(started)} (the roadshow:host command is H2's)`)
    await sleep(500)
    const startSeq = await roomLastSeq(db, room)

    await sleep(1000)
    const rssBefore = serverRss(server.child.pid!)
    const t0 = now()
    for (let i = 0; i < CLIENT_PROCS; i++) procs.push(new Clients('bench/roadshow-clients.ts'))
    // Actors are spread over the processes like everyone else (every k-th viewer).
    const viewers = cookies.map((cookie, i) => ({ cookie, actor: i % Math.floor(VIEWERS / ACTORS) === 0 && i / Math.floor(VIEWERS / ACTORS) < ACTORS }))
    const share = <T>(list: T[], i: number) => list.filter((_, j) => j % CLIENT_PROCS === i)
    const joined = await Promise.all(
      procs.map((p, i) =>
        p.ask<{ connected: number; joined: number }>({ type: 'start', url: server!.url, room, afterSeq: startSeq, viewers: share(viewers, i) }, 'started')
      )
    )
    const connectSeconds = (now() - t0) / 1000
    const inRoom = joined.reduce((n, j) => n + j.joined, 0)
    await sleep(3000)
    const rssAfter = serverRss(server.child.pid!)
    const loadBefore = load()
    console.log(
      `connected ${joined.reduce((n, j) => n + j.connected, 0)}, in the room ${inRoom} of ${VIEWERS} in ${connectSeconds.toFixed(1)} s; server RSS ${mb(
        rssBefore
      )} MB → ${mb(rssAfter)} MB`
    )

    // The session: actors act in the children while the host moves through the agenda here.
    const pauseMs = (ACTORS * 1000) / RATE
    const nextSentAt: number[] = []
    const nextAnswers: string[] = []
    const clientPids = procs.map((p) => p.child.pid!)
    const cpu0 = cpuSplit(server.child.pid!, clientPids)
    console.log(`session: ${SECONDS} s…`)
    const t1 = now()
    const hostLoop = (async () => {
      for (let k = 1; k <= NEXTS; k++) {
        await sleep(t1 + (k * SECONDS * 1000) / (NEXTS + 1) - now())
        nextSentAt.push(now())
        const a = await hostCommand({ roadshowId: rs.roadshowId, action: 'next' })
        nextAnswers.push(a?.ok ? 'ok' : String(a?.reason))
      }
    })()
    const acted = await Promise.all(
      procs.map((p, i) =>
        p.ask<{ sent: [string, number][]; acks: number[]; results: [string, number][] }>(
          { type: 'act', roadshowId: rs.roadshowId, durationMs: SECONDS * 1000, pauseMs, tag: `p${i}` },
          'acted'
        )
      )
    )
    await hostLoop
    const elapsed = (now() - t1) / 1000
    const loadAfter = load()
    // Let the last events reach every viewer.
    await sleep(3000)
    const cpu1 = cpuSplit(server.child.pid!, clientPids)

    const lastSeq = await roomLastSeq(db, room)
    const stored = await roomEventsAfter(db, room, startSeq, 1_000_000)
    const itemSeqs = stored.filter((e) => e.kind === 'item').map((e) => Number(e.seq))
    const sent: [string, number][] = [...acted.flatMap((a) => a.sent), ...itemSeqs.map((seq, k) => [`item#${seq}`, nextSentAt[k]!] as [string, number])]
    const acks = acted.flatMap((a) => a.acks).sort((a, b) => a - b)
    // How long each broadcast waited in the outbox (commit → handled), apart from the fan-out itself.
    const outbox = (
      await db
        .selectFrom('outbox')
        .select(sql<number>`extract(epoch from (done_at - created_at)) * 1000`.as('ms'))
        .where('kind', '=', 'broadcast')
        .where(sql<string>`payload->>'room'`, '=', room)
        .where('done_at', 'is not', null)
        .execute()
    )
      .map((r) => Number(r.ms))
      .sort((a, b) => a - b)
    const results = new Map<string, number>()
    for (const a of acted) for (const [r, n] of a.results) results.set(r, (results.get(r) ?? 0) + n)

    const delivered = await Promise.all(
      procs.map((p) =>
        p.ask<{
          fromSend: [number, number][]
          fromStored: [number, number][]
          perEvent: { seq: number; kind: string; key: string; at: number; count: number; last: number }[]
        }>({ type: 'deliveries', sent }, 'delivered')
      )
    )
    const fromSend = new Map<number, number>()
    const fromStored = new Map<number, number>()
    for (const d of delivered) {
      merge(fromSend, d.fromSend)
      merge(fromStored, d.fromStored)
    }
    // Per event, over every process: how many viewers had it live, and when the last did.
    const perEvent = new Map<number, { kind: string; key: string; at: number; count: number; last: number }>()
    for (const d of delivered)
      for (const e of d.perEvent) {
        const seen = perEvent.get(e.seq)
        perEvent.set(e.seq, seen ? { ...seen, count: seen.count + e.count, last: Math.max(seen.last, e.last) } : e)
      }
    const sentAt = new Map(sent)
    const everyFromSend = [...perEvent.values()]
      .filter((e) => sentAt.has(e.key))
      .map((e) => e.last - sentAt.get(e.key)!)
      .sort((a, b) => a - b)
    const everyFromStored = [...perEvent.values()].map((e) => e.last - e.at).sort((a, b) => a - b)
    const liveDeliveries = [...perEvent.values()].reduce((n, e) => n + e.count, 0)
    const nexts = itemSeqs.map((seq, k) => {
      const e = perEvent.get(seq)
      return e ? `${fmt(e.last - nextSentAt[k]!)} ms (${e.count} viewers live)` : 'not received live'
    })

    // The final resync: every viewer drops and comes back; none may miss an event.
    console.log('session done; every viewer drops and rejoins…')
    const r0 = now()
    const rejoined = await Promise.all(procs.map((p) => p.ask<{ connected: number }>({ type: 'rejoin' }, 'rejoined')))
    console.log(`rejoined in ${((now() - r0) / 1000).toFixed(1)} s; checking…`)
    const checked = await Promise.all(
      procs.map((p) => p.ask<{ missing: number; extra: number; behind: number; viewers: number }>({ type: 'check', lastSeq }, 'checked'))
    )
    const rejoinSeconds = (now() - r0) / 1000
    const missing = checked.reduce((n, c) => n + c.missing, 0)
    const extra = checked.reduce((n, c) => n + c.extra, 0)
    const behind = checked.reduce((n, c) => n + c.behind, 0)

    const events = lastSeq - startSeq
    console.log(
      `\nsession: ${elapsed.toFixed(1)} s, ${events} events stored (${[...count(stored.map((e) => e.kind))]
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}); load before ${loadBefore}, after ${loadAfter}`
    )
    console.log(`  commands                  ${[...results.entries()].map(([r, n]) => `${r} ${n}`).join(', ')}; next ${nextAnswers.join(' ')}`)
    console.log(`  command send→ack ms       p50 ${fmt(pct(acks, 0.5))}  p95 ${fmt(pct(acks, 0.95))}  p99 ${fmt(pct(acks, 0.99))}   (chat, ask, vote)`)
    console.log(
      `  outbox wait ms            p50 ${fmt(pct(outbox, 0.5))}  p95 ${fmt(pct(outbox, 0.95))}  max ${fmt(
        outbox.at(-1) ?? NaN
      )}   (a broadcast row's insert → handled: queue + store read + emit)`
    )
    console.log(
      `  send→viewer ms            p50 ${fmt(histPct(fromSend, 0.5))}  p95 ${fmt(histPct(fromSend, 0.95))}  p99 ${fmt(histPct(fromSend, 0.99))}   (${total(
        fromSend
      )} deliveries of events whose send was timed)`
    )
    console.log(
      `  stored→viewer ms          p50 ${fmt(histPct(fromStored, 0.5))}  p95 ${fmt(histPct(fromStored, 0.95))}  p99 ${fmt(
        histPct(fromStored, 0.99)
      )}   (${total(fromStored)} deliveries)`
    )
    console.log(
      `  send→every viewer ms      p95 ${fmt(pct(everyFromSend, 0.95))}  max ${fmt(
        everyFromSend.at(-1) ?? NaN
      )}   (per event, until the last viewer had it live)`
    )
    console.log(`  stored→every viewer ms    p95 ${fmt(pct(everyFromStored, 0.95))}  max ${fmt(everyFromStored.at(-1) ?? NaN)}`)
    console.log(`  delivered live            ${liveDeliveries} of ${events * inRoom} (events × viewers in the room)`)
    console.log(`  next item → every viewer  ${nexts.join('; ') || '—'}`)
    console.log(
      `  after the final rejoin    ${
        missing === 0 && extra === 0 && behind === 0 ? 'complete' : 'INCOMPLETE'
      }: lost ${missing}, duplicated ${extra}, behind ${behind}; ${rejoined.reduce((n, r) => n + r.connected, 0)} reconnected in ${rejoinSeconds.toFixed(1)} s`
    )
    console.log(
      `  server memory             ${mb(rssBefore)} MB → ${mb(rssAfter)} MB: ${((rssAfter - rssBefore) / Math.max(1, inRoom) / 1024).toFixed(1)} KB per viewer`
    )
    const used = (k: keyof typeof cpu0) => cpuUsed(cpu0[k], cpu1[k])
    const cost = (k: keyof typeof cpu0) => `${used(k).toFixed(1)} s (${((used(k) * 1000) / Math.max(1, events)).toFixed(1)} ms/event)`
    console.log(
      `  CPU in the session        server primary ${cost('primary')}, workers ${cost('workers')}, PostgreSQL ${cost('postgres')}, clients ${cost('clients')}`
    )
    console.log(`\nload after the run: ${load()}`)
  } finally {
    host?.disconnect()
    await Promise.all(procs.map((p) => p.stop()))
    await server?.stop()
    await scratch.close()
  }
}

function count(list: string[]) {
  const m = new Map<string, number>()
  for (const k of list) m.set(k, (m.get(k) ?? 0) + 1)
  return m
}

await main()
