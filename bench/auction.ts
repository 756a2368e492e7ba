// Benchmark of live bidding: `npm run bench:auction` (ADR 030).
//
// Starts a scratch embedded PostgreSQL and the production server on it
// (build/server-main.js as `npm start` runs it: a primary with the outbox and
// WEB_CONCURRENCY workers holding the sockets), then runs two scenarios, each
// on fresh lots:
// - storm: one hot lot, 200 bidders in a closed loop (send, wait for the
//   acknowledgement, send again), no watchers — the engine's capacity;
// - hot: one lot, 200 bidders at a paced rate (BENCH_LIVE_RATE bids/s in all,
//   default 20) and 2,000 watchers — what a bidder and a watcher wait for;
// - storm50 / many: the same two on 50 lots at once (4 bidders and 40 watchers
//   on each: 200 and 2,000 in all);
// - stormwatch (not run unless asked): the storm with the 2,000 watchers, to
//   show where fan-out on two shared cores gives out.
// Bidders bid over the `auction:bid` socket command for BENCH_SECONDS. Amounts rise with the
// send time: start price + one fen per microsecond since the storm began, with
// an increment of 1 fen, so a bid is valid unless another overtook it in flight
// (too_low) or its bidder leads already (leading). Watchers are socket.io
// clients in the lots' rooms (the RealtimeClient useRoom uses).
// Prints per scenario: accepted bids per second, acknowledged-accepted vs
// stored bids (must be equal), bid→acknowledgement p50/p95/p99 over every bid,
// bid→watcher p50/p95/p99 over every (accepted bid, watcher) delivery, and per
// accepted bid the time until every watcher had it (p95), plus the load average
// before and after. Clients run in BENCH_CLIENT_PROCS child processes on the
// same machine, so they compete with the server for the cores. Asserts nothing.
//
// BENCH_SECONDS (10), BENCH_CLIENT_PROCS (2), BENCH_SCENARIOS (storm,hot,storm50,many), BENCH_WATCHERS (2000, in all), BENCH_LIVE_RATE (20),
// WEB_CONCURRENCY.

import os from 'node:os'
import { createCookie } from '@remix-run/node'
import type { Database } from '../db/index'
import { freePort } from '../db/ports'
import { scratchDatabase } from './scratch-db'
import { startSession } from '../server/identity/sessions'
import { liveAuction } from '../tests/helpers/auctions'
import { createUser } from '../tests/helpers/factories'
import { startServer } from './auction-server'
import { Clients, histPct, load, now, pct, sleep } from './bench-kit'
// @ts-expect-error -- plain JS helper shared with `npm start`
import { ensureBuild } from '../scripts/ensure-build.mjs'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CLIENT_PROCS = Number(process.env.BENCH_CLIENT_PROCS ?? 2)
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? 'storm,hot,storm50,many').split(',')
const LIVE_RATE = Number(process.env.BENCH_LIVE_RATE ?? 20)
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 2000)
const START_FEN = 10_000_000



async function cookieFor(db: Database, userId: string) {
  const { token } = await startSession(db, userId, 1, { ip: '127.0.0.1', userAgent: 'bench:auction', requestId: 'bench' })
  return (await createCookie('tm_session').serialize(token)).split(';')[0]!
}

async function scenario(db: Database, url: string, name: string, lots: number, biddersPerLot: number, watchersPerLot: number, pauseMs = 0) {
  const made = []
  for (let i = 0; i < lots; i++) made.push(await liveAuction(db, { bidders: biddersPerLot, startFen: START_FEN, incrementFen: 1, endsInMs: 6 * 3_600_000 }))
  const watcherUser = await createUser(db)
  const watcherCookie = await cookieFor(db, watcherUser.id)
  const bidders: { cookie: string; auctionId: string }[] = []
  for (const lot of made) for (const b of lot.bidders) bidders.push({ cookie: await cookieFor(db, b.user.id), auctionId: lot.auctionId })
  const watchers = made.flatMap((lot) => Array.from({ length: watchersPerLot }, () => ({ cookie: watcherCookie, auctionId: lot.auctionId, afterSeq: 0 })))
  const procs = Array.from({ length: CLIENT_PROCS }, () => new Clients('bench/auction-clients.ts'))
  const share = <T>(list: T[], i: number) => list.filter((_, j) => j % CLIENT_PROCS === i)
  const started = await Promise.all(procs.map((p, i) => p.ask<{ connected: number }>({ type: 'start', url, bidders: share(bidders, i), watchers: share(watchers, i) }, 'started')))
  const connected = started.reduce((n, s) => n + s.connected, 0)
  await sleep(2000)
  const loadBefore = load()
  const t0 = now() + 200
  const storms = await Promise.all(procs.map((p, i) => p.ask<{ outcomes: { auctionId: string; sentAt: number; ackAt: number; result: string; seqs: number[] }[] }>({ type: 'storm', durationMs: SECONDS * 1000, t0, startFen: START_FEN, tag: `${name}${i}`, pauseMs }, 'stormed')))
  const elapsed = (now() - t0) / 1000
  const loadAfter = load()
  // Let the last events reach the watchers.
  await sleep(3000)
  const outcomes = storms.flatMap((s) => s.outcomes)
  const results = new Map<string, number>()
  for (const o of outcomes) results.set(o.result, (results.get(o.result) ?? 0) + 1)
  const acked = outcomes.filter((o) => o.result === 'accepted')
  const ids = made.map((l) => l.auctionId)
  const stored = Number((await db.selectFrom('auction_bids').select((eb) => eb.fn.countAll().as('n')).where('auction_id', 'in', ids).executeTakeFirstOrThrow()).n)
  const ackMs = outcomes.map((o) => o.ackAt - o.sentAt).sort((a, b) => a - b)
  const sent: [string, number][] = acked.flatMap((o) => o.seqs.map((s) => [`${o.auctionId}/${s}`, o.sentAt] as [string, number]))
  const delivered = await Promise.all(procs.map((p) => p.ask<{ hist: [number, number][]; lastPerBid: [string, number][]; counts: number[] }>({ type: 'deliveries', sent }, 'delivered')))
  const hist = new Map<number, number>()
  for (const d of delivered) for (const [b, n] of d.hist) hist.set(b, (hist.get(b) ?? 0) + n)
  const lastPerBid = new Map<string, number>()
  for (const d of delivered) for (const [k, t] of d.lastPerBid) lastPerBid.set(k, Math.max(lastPerBid.get(k) ?? 0, t))
  const everyWatcher = [...lastPerBid.values()].sort((a, b) => a - b)
  const deliveries = [...hist.values()].reduce((a, b) => a + b, 0)
  const expectedDeliveries = sent.length * watchersPerLot
  await Promise.all(procs.map((p) => p.stop()))
  return {
    name,
    lots,
    bidders: bidders.length,
    watchers: watchers.length,
    connected,
    sent: outcomes.length,
    accepted: acked.length,
    perSecond: acked.length / elapsed,
    stored,
    results: [...results.entries()].map(([r, n]) => `${r} ${n}`).join(', '),
    ack: [pct(ackMs, 0.5), pct(ackMs, 0.95), pct(ackMs, 0.99)],
    watcher: [histPct(hist, 0.5), histPct(hist, 0.95), histPct(hist, 0.99)],
    everyWatcherP95: pct(everyWatcher, 0.95),
    deliveries: `${deliveries}/${expectedDeliveries}`,
    loadBefore,
    loadAfter,
  }
}

async function main() {
  ensureBuild()
  const scratch = await scratchDatabase('auction')
  const { databaseUrl, db } = scratch
  let server: Awaited<ReturnType<typeof startServer>> | null = null
  try {
    server = await startServer({ databaseUrl, filesDir: scratch.filesDir, port: await freePort() })
    const workers = process.env.WEB_CONCURRENCY ?? String(os.availableParallelism())
    console.log(`bench:auction — ${workers} worker process(es) + primary, ${os.availableParallelism()} cores, clients in ${CLIENT_PROCS} process(es), ${SECONDS} s of bidding per scenario; load ${load()}`)
    console.log('amounts: start price + 1 fen per µs since the storm began (increment 1 fen), so bids rise with send time; a bid overtaken in flight is refused too_low, one from the current leader leading')
    const rows = []
    // A paced bidder waits 200 × 1000 / LIVE_RATE ms on average between bids, so the 200 bid LIVE_RATE times a second in all.
    const paced = (200 * 1000) / LIVE_RATE
    if (SCENARIOS.includes('storm')) rows.push(await scenario(db, server.url, 'storm', 1, 200, 0))
    if (SCENARIOS.includes('hot')) rows.push(await scenario(db, server.url, 'hot', 1, 200, WATCHERS, paced))
    if (SCENARIOS.includes('storm50')) rows.push(await scenario(db, server.url, 'storm50', 50, 4, 0))
    if (SCENARIOS.includes('many')) rows.push(await scenario(db, server.url, 'many', 50, 4, Math.round(WATCHERS / 50), paced))
    if (SCENARIOS.includes('stormwatch')) rows.push(await scenario(db, server.url, 'stormwatch', 1, 200, WATCHERS))
    for (const r of rows) {
      const pace = r.name === 'hot' || r.name === 'many' ? `paced, ${LIVE_RATE} bids/s offered in all` : 'closed loop'
      console.log(`\n${r.name}: ${r.lots === 1 ? 'one lot' : `${r.lots} lots at once`}, ${r.bidders} bidders (${pace}), ${r.watchers} watchers (${r.connected} sockets connected); load before ${r.loadBefore}, after ${r.loadAfter}`)
      console.log(`  accepted bids/s          ${r.perSecond.toFixed(0)}   (${r.accepted} accepted of ${r.sent} sent: ${r.results})`)
      console.log(`  acknowledged == stored   ${r.accepted === r.stored ? 'yes' : 'NO'}   (${r.accepted} acknowledged as accepted, ${r.stored} stored)`)
      console.log(`  bid→ack ms               p50 ${r.ack[0]!.toFixed(1)}  p95 ${r.ack[1]!.toFixed(1)}  p99 ${r.ack[2]!.toFixed(1)}`)
      console.log(`  bid→watcher ms           p50 ${r.watcher[0]!.toFixed(1)}  p95 ${r.watcher[1]!.toFixed(1)}  p99 ${r.watcher[2]!.toFixed(1)}   (deliveries ${r.deliveries})`)
      console.log(`  bid→every watcher ms     p95 ${r.everyWatcherP95.toFixed(1)}   (per accepted bid, until the last watcher of its lot had it)`)
    }
    console.log(`\nload after the run: ${load()}`)
  } finally {
    await server?.stop()
    await scratch.close()
  }
}

await main()
