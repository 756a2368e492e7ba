// Crash test of live bidding: `npm run test:crash` (ADR 030). A script, not a
// vitest file: fifty restarts of the production server take minutes, well over
// the 90 s a test of `npm test` may take.
//
// Starts a scratch embedded PostgreSQL and the production server on it (its
// own process group), opens a lot that ends a minute later, so every bid falls
// in the anti-sniping window and moves the end. CRASH_BIDDERS bidders with
// confirmed deposits bid over the `auction:bid` socket command in a storm.
// CRASH_KILLS times, at a random moment 0.2–1.5 s into the storm, the whole
// server (primary and workers) gets SIGKILL and is started again on the same
// port. A bidder whose bid got no answer (timeout, lost connection, or
// `unavailable`) sends it again with the same idempotency key once connected,
// until it has an answer; only then does it send a new bid. At the end:
// - every bid a client saw acknowledged as accepted is in the database (same seq, amount);
// - every stored bid was acknowledged to its client (after retries);
// - the chain is unbroken and rising, and the lot's price, leader, bid count
//   and end equal what the chain implies (the end replayed with the 延时 rule).
// Exits 1 on any violation.
//
// CRASH_KILLS (50), CRASH_BIDDERS (20), WEB_CONCURRENCY (1).

import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createCookie } from '@remix-run/node'
import { io, type Socket } from 'socket.io-client'
import { ensureDatabase, startEmbeddedPostgres } from '../db/embedded'
import { createDatabase, type Database } from '../db/index'
import { freePort } from '../db/ports'
import { startSession } from '../server/identity/sessions'
import { liveAuction } from '../tests/helpers/auctions'
import { startServer } from './auction-server'
// @ts-expect-error -- plain JS helper shared with `npm start`
import { ensureBuild } from '../scripts/ensure-build.mjs'

const KILLS = Number(process.env.CRASH_KILLS ?? 50)
const BIDDERS = Number(process.env.CRASH_BIDDERS ?? 20)
const START_FEN = 10_000_000
const ACK_TIMEOUT_MS = 4000
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ')

interface Acked {
  key: string
  registrationId: string
  seq: number
  amountFen: number
}

const acked: Acked[] = []
/** Keys answered with a refusal of the rules (too_low, leading…): never to be stored. */
const refused = new Map<string, string>()
const counts = { sent: 0, retries: 0, accepted: 0, duplicates: 0, refusals: 0, unavailable: 0, timeouts: 0 }

function ask(socket: Socket, payload: unknown): Promise<any> {
  return new Promise((resolve) => {
    if (!socket.connected) return resolve(null)
    socket.timeout(ACK_TIMEOUT_MS).emit('auction:bid', payload, (err: unknown, answer: unknown) => resolve(err ? null : answer))
  })
}

async function bidder(socket: Socket, auctionId: string, registrationId: string, i: number, t0: number, running: () => boolean) {
  for (let n = 0; running(); n++) {
    const key = `b${i}-${n}`
    const amountFen = START_FEN + Math.floor((performance.now() - t0) * 100)
    // The same command until it is answered: the same key, the same amount.
    for (let attempt = 0; ; attempt++) {
      if (attempt) counts.retries++
      while (!socket.connected) await sleep(50)
      counts.sent++
      const a = await ask(socket, { auctionId, amountFen, key })
      if (a === null) {
        counts.timeouts++
        continue
      }
      if (a.ok) {
        if (a.duplicate) counts.duplicates++
        else counts.accepted++
        const own = a.bids.find((b: { byProxy: boolean }) => !b.byProxy)
        acked.push({ key, registrationId, seq: own.seq, amountFen: own.amountFen })
        break
      }
      if (a.reason === 'unavailable' || a.reason === 'unauthorized') {
        counts.unavailable++
        await sleep(100)
        continue
      }
      counts.refusals++
      refused.set(`${registrationId}/${key}`, a.reason)
      break
    }
  }
}

async function cookieFor(db: Database, userId: string) {
  const { token } = await startSession(db, userId, 1, { ip: '127.0.0.1', userAgent: 'test:crash', requestId: 'crash' })
  return (await createCookie('tm_session').serialize(token)).split(';')[0]!
}

async function main() {
  ensureBuild()
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'techmarket-crash-'))
  chmodSync(tmp, 0o755)
  const pg = await startEmbeddedPostgres({ dir: path.join(tmp, 'pg'), port: await freePort(), database: 'postgres' })
  await ensureDatabase(pg.url, 'techmarket')
  const u = new URL(pg.url)
  u.pathname = '/techmarket'
  const databaseUrl = u.toString()
  const db = createDatabase(databaseUrl, { max: 2 })
  const port = await freePort()
  const opts = { databaseUrl, filesDir: path.join(tmp, 'files'), port, env: { WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? '1' } }
  let server = await startServer(opts)
  const sockets: Socket[] = []
  const failures: string[] = []
  try {
    console.log(`test:crash — ${KILLS} kills, ${BIDDERS} bidders, load ${load()}`)
    const lot = await liveAuction(db, { bidders: BIDDERS, startFen: START_FEN, incrementFen: 1, endsInMs: 60_000 })
    const scheduledEnd = (await db.selectFrom('auctions').select('ends_at').where('id', '=', lot.auctionId).executeTakeFirstOrThrow()).ends_at
    for (const b of lot.bidders) {
      const socket = io(server.url, { path: '/socket.io/', transports: ['websocket'], extraHeaders: { cookie: await cookieFor(db, b.user.id) }, reconnectionDelay: 100, reconnectionDelayMax: 500 })
      // A command is sent only while connected and never replayed by socket.io itself: the bidder decides what to resend.
      socket.on('disconnect', () => (socket.sendBuffer = []))
      sockets.push(socket)
    }
    await Promise.all(sockets.map((s) => (s.connected ? null : new Promise((r) => s.once('connect', () => r(null))))))
    let running = true
    const t0 = performance.now()
    const storm = Promise.all(lot.bidders.map((b, i) => bidder(sockets[i]!, lot.auctionId, b.registrationId, i, t0, () => running)))
    const started = Date.now()
    for (let k = 1; k <= KILLS; k++) {
      await sleep(200 + Math.random() * 1300)
      await server.kill()
      server = await startServer(opts)
      if (k % 10 === 0) console.log(`  ${k} kills, ${counts.accepted + counts.duplicates} bids acknowledged, ${counts.retries} retries, ${((Date.now() - started) / 1000).toFixed(0)} s`)
    }
    await sleep(1000)
    running = false
    await storm

    // What the clients were told against what the database holds.
    const stored = await db
      .selectFrom('auction_bids')
      .select(['seq', 'amount_fen', 'registration_id', 'idempotency_key', 'placed_at', 'by_proxy'])
      .where('auction_id', '=', lot.auctionId)
      .orderBy('seq')
      .execute()
    const bySeq = new Map(stored.map((b) => [b.seq, b]))
    for (const a of acked) {
      const b = bySeq.get(a.seq)
      if (!b || b.idempotency_key !== a.key || b.registration_id !== a.registrationId || Number(b.amount_fen) !== a.amountFen) failures.push(`acknowledged bid ${a.key} (seq ${a.seq}) is not stored as acknowledged`)
    }
    const ackedKeys = new Set(acked.map((a) => `${a.registrationId}/${a.key}`))
    for (const b of stored) {
      const id = `${b.registration_id}/${b.idempotency_key}`
      if (!b.by_proxy && !ackedKeys.has(id)) failures.push(`stored bid seq ${b.seq} (${b.idempotency_key}) was never acknowledged${refused.has(id) ? ` (its client was told ${refused.get(id)})` : ''}`)
    }
    let end = scheduledEnd.getTime()
    const ext = 300_000
    stored.forEach((b, i) => {
      if (b.seq !== i + 1) failures.push(`chain gap at ${i + 1}`)
      if (i && Number(b.amount_fen) < Number(stored[i - 1]!.amount_fen) + 1) failures.push(`seq ${b.seq} does not rise`)
      const at = b.placed_at.getTime()
      if (at >= end) failures.push(`seq ${b.seq} placed after the end`)
      if (at >= end - ext) end = Math.max(end, at + ext)
    })
    const row = await db.selectFrom('auctions').select(['current_price_fen', 'leader_registration_id', 'bid_count', 'ends_at']).where('id', '=', lot.auctionId).executeTakeFirstOrThrow()
    const last = stored[stored.length - 1]
    if (row.bid_count !== stored.length) failures.push(`bid_count ${row.bid_count} ≠ ${stored.length} stored`)
    if ((row.current_price_fen === null ? null : Number(row.current_price_fen)) !== (last ? Number(last.amount_fen) : null)) failures.push('price ≠ last bid')
    if (row.leader_registration_id !== (last?.registration_id ?? null)) failures.push('leader ≠ last bidder')
    if (row.ends_at.getTime() !== end) failures.push(`end ${row.ends_at.toISOString()} ≠ ${new Date(end).toISOString()} replayed from the chain`)
    console.log(
      `test:crash — ${KILLS} SIGKILLs in ${((Date.now() - started) / 1000).toFixed(0)} s: ${counts.sent} sends (${counts.retries} retries after no answer: ${counts.timeouts} timeouts/lost connections, ${counts.unavailable} unavailable), ` +
        `${counts.accepted} accepted + ${counts.duplicates} acknowledged on a retry as already stored, ${counts.refusals} refused by the rules; ${stored.length} bids stored; ` +
        `end moved ${((row.ends_at.getTime() - scheduledEnd.getTime()) / 1000).toFixed(0)} s by 延时; load ${load()}`,
    )
    if (failures.length) {
      console.error(`FAILED (${failures.length}):\n${failures.slice(0, 30).join('\n')}`)
      process.exitCode = 1
    } else console.log('OK: every acknowledged bid is stored, every stored bid was acknowledged, the lot agrees with its chain')
  } finally {
    sockets.forEach((s) => s.disconnect())
    await server.stop()
    await db.destroy()
    await pg.stop()
    rmSync(tmp, { recursive: true, force: true })
  }
}

await main()
