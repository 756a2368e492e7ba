import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { createDatabase, type Database } from '../../db/index'
import { insertRegistration, nextSerial, setDepositConfirmed } from '../../db/repos/auctions'
import { decideBatch, type BidAnswer, type BidRequest } from '../../server/auctions/engine'
import { BidQueues } from '../../server/auctions/queue'
import { liveAuction } from '../helpers/auctions'
import { createMember } from '../helpers/factories'
import { testDbUrl } from '../helpers/worker-setup'

// Model-based property test of the bidding engine (ADR 030). Random sequences
// of registrations, deposit confirmations, bids, proxy maxima, retries with the
// same idempotency key, bursts decided as one batch, clock advances and
// restarts (a fresh queue on a fresh connection pool, the same database) run
// against the real engine on PostgreSQL and against the reference model below,
// which is written from the rules and knows nothing of bidding.ts.
// Every answer and the final state (price, leader, end, bid chain, proxies)
// must agree. The clock is fake: each command carries the model's `now` as its
// receipt time.

const RUNS = Number(process.env.AUCTION_MODEL_RUNS ?? 60)
const START = 10_000_000
const INC = 100_000
const EXT_S = 300
const T0 = new Date('2026-12-10T02:00:00.000Z').getTime()

// ---------- the reference model ----------

interface MBid { seq: number; amount: number; reg: string; at: number; byProxy: boolean; key: string | null }
interface MReg { id: string; org: string; confirmed: boolean }
interface MProxy { max: number; setAt: number }

class Model {
  price: number | null = null
  leader: string | null = null
  bids: MBid[] = []
  proxies = new Map<string, MProxy>()
  regs = new Map<string, MReg>() // by org
  constructor(
    readonly sellerOrg: string,
    readonly startsAt: number,
    public endsAt: number,
  ) {}

  next() {
    return this.price === null ? START : this.price + INC
  }

  regById(id: string) {
    return [...this.regs.values()].find((r) => r.id === id)
  }

  /** Places one bid; true when the end moved. */
  private place(reg: string, amount: number, at: number, byProxy: boolean, key: string | null): MBid {
    const b = { seq: this.bids.length + 1, amount, reg, at, byProxy, key }
    this.bids.push(b)
    this.price = amount
    this.leader = reg
    return b
  }

  private snipe(at: number): boolean {
    // In the last five minutes a bid pushes the end to five minutes after it.
    if (at >= this.endsAt - EXT_S * 1000 && at + EXT_S * 1000 > this.endsAt) {
      this.endsAt = at + EXT_S * 1000
      return true
    }
    return false
  }

  /** Lets standing maxima answer: the largest (then earliest, then lowest id) non-leading one bids the minimum. */
  private runProxies(at: number, placed: MBid[]): boolean {
    let moved = false
    for (;;) {
      const want = this.next()
      const candidates = [...this.proxies.entries()]
        .filter(([reg, p]) => reg !== this.leader && p.max >= want && this.regById(reg)!.confirmed)
        .sort(([ra, a], [rb, b]) => b.max - a.max || a.setAt - b.setAt || (ra < rb ? -1 : ra > rb ? 1 : 0))
      if (!candidates.length) return moved
      placed.push(this.place(candidates[0]![0], want, at, true, null))
      moved = this.snipe(at) || moved
    }
  }

  refusal(org: string, at: number): string | null {
    if (at < this.startsAt) return 'not_open'
    if (at >= this.endsAt) return 'ended'
    const reg = this.regs.get(org)
    if (!reg) return 'not_registered'
    if (org === this.sellerOrg) return 'own_lot'
    if (!reg.confirmed) return 'no_deposit'
    return null
  }

  /** One command; the answer without the lot-after fields (they are the batch's). */
  apply(c: Cmd, at: number): ModelAnswer {
    const reg = this.regs.get(c.org)
    const no = this.refusal(c.org, at)
    if (no) return { ok: false, reason: no }
    const me = reg!.id
    const placed: MBid[] = []
    let moved = false
    if (c.kind === 'bid') {
      if (this.leader === me) return { ok: false, reason: 'leading' }
      if (c.amount < this.next()) return { ok: false, reason: 'too_low' }
      placed.push(this.place(me, c.amount, at, false, c.key))
      moved = this.snipe(at)
    } else {
      const lowest = this.leader === me ? this.price! + 1 : this.next()
      if (c.amount < lowest) return { ok: false, reason: 'too_low' }
      const old = this.proxies.get(me)
      this.proxies.set(me, { max: c.amount, setAt: old && old.max === c.amount ? old.setAt : at })
    }
    moved = this.runProxies(at, placed) || moved
    return { ok: true, duplicate: false, bids: placed, reg: me, extended: moved, proxyMax: c.kind === 'proxy' ? c.amount : undefined }
  }

  /**
   * A batch: commands in order. A key already stored for the bidder before the
   * batch answers with that bid; a key repeated within the batch answers like
   * its first occurrence.
   */
  batch(cmds: Cmd[], at: number) {
    const before = this.bids.length
    const seen = new Map<string, number>()
    const out: ModelAnswer[] = []
    cmds.forEach((c, i) => {
      const reg = this.regs.get(c.org)
      if (!reg) return out.push(this.apply(c, at))
      const prior = this.bids.find((b) => b.seq <= before && b.reg === reg.id && b.key === c.key)
      if (prior) return out.push({ ok: true, duplicate: true, bids: [prior], reg: reg.id, extended: false })
      const id = `${reg.id}/${c.key}`
      const first = seen.get(id)
      if (first !== undefined) {
        const a = out[first]!
        return out.push(a.ok ? { ...a, duplicate: true } : a)
      }
      seen.set(id, i)
      out.push(this.apply(c, at))
    })
    return out
  }
}

type ModelAnswer = { ok: true; duplicate: boolean; bids: MBid[]; reg: string; extended: boolean; proxyMax?: number } | { ok: false; reason: string }

interface Cmd { kind: 'bid' | 'proxy'; org: string; user: string; amount: number; key: string }

// ---------- the commands fast-check draws ----------

type Step =
  | { t: 'register'; who: number }
  | { t: 'confirm'; who: number }
  | { t: 'bid'; who: number; off: number }
  | { t: 'proxy'; who: number; off: number }
  | { t: 'retry'; pick: number }
  | { t: 'burst'; items: ({ t: 'bid'; who: number; off: number } | { t: 'proxy'; who: number; off: number } | { t: 'retry'; pick: number })[] }
  | { t: 'advance'; ms: number }
  | { t: 'restart' }

// People: 0, 1 paid; 2 registered unpaid; 3, 4 unregistered; 5 the seller's own organisation.
const who = fc.constantFrom(0, 0, 0, 1, 1, 1, 2, 3, 4, 5)
// Offsets from the next valid amount: below it, exactly it, above it.
const bidOff = fc.constantFrom(-INC, -1, 0, 0, 0, 1, INC, 3 * INC + 7)
// Offsets of a maximum from the current price (or the start): the leader's floor is price + 1.
const proxyOff = fc.constantFrom(0, 1, INC - 1, INC, 2 * INC, 5 * INC + 3, 12 * INC)
const bidStep = fc.record({ t: fc.constant('bid' as const), who, off: bidOff })
const proxyStep = fc.record({ t: fc.constant('proxy' as const), who, off: proxyOff })
const retryStep = fc.record({ t: fc.constant('retry' as const), pick: fc.nat() })
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ t: fc.constant('register' as const), who }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('confirm' as const), who }) },
  { weight: 10, arbitrary: bidStep },
  { weight: 3, arbitrary: proxyStep },
  { weight: 2, arbitrary: retryStep },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('burst' as const), items: fc.array(fc.oneof(bidStep, bidStep, proxyStep, retryStep), { minLength: 2, maxLength: 6 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('advance' as const), ms: fc.constantFrom(0, 1, 1000, 1000, 20_000, 90_000, 240_000, 299_999, 300_000) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('restart' as const) }) },
)

// ---------- the run ----------

const stats = { runs: 0, steps: 0, commands: 0, accepted: 0, byProxy: 0, refusals: new Map<string, number>(), duplicates: 0, extended: 0, restarts: 0 }

function viewOf(m: Model, a: ModelAnswer, paddleOf: (reg: string) => number) {
  const after = { priceFen: m.price, minNextFen: m.next(), endsAt: new Date(m.endsAt).toISOString(), bidCount: m.bids.length, leaderPaddle: m.leader ? paddleOf(m.leader) : null }
  if (!a.ok) return { ok: false, reason: a.reason, ...after }
  return {
    ok: true,
    duplicate: a.duplicate,
    bids: a.bids.map((b) => ({ seq: b.seq, amountFen: b.amount, paddleNo: paddleOf(b.reg), at: new Date(b.at).toISOString(), byProxy: b.byProxy })),
    leading: m.leader === a.reg,
    extended: a.extended,
    paddleNo: paddleOf(a.reg),
    ...(a.proxyMax !== undefined ? { proxyMaxFen: a.proxyMax } : {}),
    ...after,
  }
}

function count(a: BidAnswer) {
  stats.commands++
  if (a.ok) {
    if (a.duplicate) stats.duplicates++
    else {
      stats.accepted += a.bids.filter((b) => !b.byProxy).length
      stats.byProxy += a.bids.filter((b) => b.byProxy).length
      if (a.extended) stats.extended++
    }
  } else stats.refusals.set(a.reason, (stats.refusals.get(a.reason) ?? 0) + 1)
}

const pools: Database[] = []
afterAll(async () => {
  await Promise.all(pools.map((p) => p.destroy()))
  const refusals = [...stats.refusals.entries()].map(([r, n]) => `${r} ${n}`).join(', ')
  console.log(
    `[auction-model] ${stats.runs} runs, ${stats.steps} steps, ${stats.commands} commands answered: ${stats.accepted} manual + ${stats.byProxy} proxy bids accepted, ${stats.duplicates} duplicates, ${stats.extended} extensions, ${stats.restarts} restarts; refused: ${refusals}`,
  )
})

function pool() {
  const p = createDatabase(testDbUrl(), { max: 2 })
  pools.push(p)
  return p
}

async function runOne(early: boolean, steps: Step[]) {
  stats.runs++
  let db = pool()
  let queues = new BidQueues(db)
  // Bidding opens at T0 and ends seven minutes after it; two bidders
  // start registered with their deposits, one registered without, two not at all.
  const lot = await liveAuction(db, { bidders: 2, now: new Date(T0), startedMsAgo: 0, endsInMs: 420_000, startFen: START, incrementFen: INC, extensionSeconds: EXT_S })
  const others = await Promise.all(Array.from({ length: 2 }, () => createMember(db, { type: 'enterprise', role: 'owner' })))
  const people = [...lot.bidders, lot.unpaid, ...others, lot.seller]
  const m = new Model(lot.seller.org.id, T0, T0 + 420_000)
  const paddles = new Map<string, number>()
  for (const b of lot.bidders) m.regs.set(b.org.id, { id: b.registrationId, org: b.org.id, confirmed: true })
  m.regs.set(lot.unpaid.org.id, { id: lot.unpaid.registrationId, org: lot.unpaid.org.id, confirmed: false })
  for (const r of await db.selectFrom('auction_registrations').select(['id', 'paddle_no']).where('auction_id', '=', lot.auctionId).execute()) paddles.set(r.id, r.paddle_no)
  const paddleOf = (reg: string) => paddles.get(reg)!
  // A fifth of the runs begin a second before the opening.
  let now = early ? T0 - 1000 : T0
  let keyNo = 0
  const sent: Cmd[] = []

  const cmdOf = (s: { t: 'bid' | 'proxy' | 'retry'; who?: number; off?: number; pick?: number }): Cmd | null => {
    if (s.t === 'retry') return sent.length ? sent[s.pick! % sent.length]! : null
    const p = people[s.who!]!
    const amount = s.t === 'bid' ? m.next() + s.off! : (m.price ?? START) + s.off!
    const c: Cmd = { kind: s.t, org: p.org.id, user: p.user.id, amount: Math.max(1, amount), key: `k${++keyNo}` }
    sent.push(c)
    return c
  }
  const request = (c: Cmd): BidRequest => ({ command: c.kind === 'bid' ? { kind: 'bid', amountFen: c.amount } : { kind: 'proxy', maxFen: c.amount }, key: c.key, userId: c.user, orgIds: [c.org], at: new Date(now) })

  for (const s of steps) {
    stats.steps++
    switch (s.t) {
      case 'register': {
        const p = people[s.who]!
        if (m.regs.has(p.org.id)) break
        const r = await insertRegistration(db, { auctionId: lot.auctionId, orgId: p.org.id, userId: p.user.id, depositFen: START / 10, at: new Date(now) })
        paddles.set(r.id, r.paddle_no)
        m.regs.set(p.org.id, { id: r.id, org: p.org.id, confirmed: false })
        break
      }
      case 'confirm': {
        const reg = m.regs.get(people[s.who]!.org.id)
        if (!reg || reg.confirmed) break
        await db.transaction().execute(async (trx) => {
          const receiptNo = await nextSerial(trx, 'receipt', 2026)
          await setDepositConfirmed(trx, reg.id, { bankReference: `B-${reg.id.slice(0, 8)}`, receiptNo, by: lot.admin.id, at: new Date(now) })
        })
        reg.confirmed = true
        break
      }
      case 'bid':
      case 'proxy':
      case 'retry': {
        const c = cmdOf(s)
        if (!c) break
        const got = await queues.submit(lot.auctionId, request(c))
        const [want] = m.batch([c], now)
        count(got)
        expect(got, `step ${stats.steps}: ${JSON.stringify(s)}`).toEqual(viewOf(m, want!, paddleOf))
        break
      }
      case 'burst': {
        // Decided as one batch (group commit), as the queue does under load.
        const cmds = s.items.map(cmdOf).filter((c): c is Cmd => !!c)
        if (!cmds.length) break
        const got = await decideBatch(db, lot.auctionId, cmds.map(request))
        const want = m.batch(cmds, now)
        got.forEach(count)
        expect(got, `burst ${JSON.stringify(s)}`).toEqual(want.map((w) => viewOf(m, w, paddleOf)))
        break
      }
      case 'advance':
        now += s.ms
        break
      case 'restart':
        // A new process: nothing in memory survives, only the database.
        stats.restarts++
        db = pool()
        queues = new BidQueues(db)
        break
    }
  }

  const row = await db.selectFrom('auctions').select(['current_price_fen', 'leader_registration_id', 'ends_at', 'bid_count']).where('id', '=', lot.auctionId).executeTakeFirstOrThrow()
  expect({ price: row.current_price_fen === null ? null : Number(row.current_price_fen), leader: row.leader_registration_id, endsAt: row.ends_at.getTime(), bidCount: row.bid_count }).toEqual({
    price: m.price,
    leader: m.leader,
    endsAt: m.endsAt,
    bidCount: m.bids.length,
  })
  const chain = await db.selectFrom('auction_bids').select(['seq', 'amount_fen', 'registration_id', 'placed_at', 'by_proxy', 'idempotency_key']).where('auction_id', '=', lot.auctionId).orderBy('seq').execute()
  expect(chain.map((b) => ({ seq: b.seq, amount: Number(b.amount_fen), reg: b.registration_id, at: b.placed_at.getTime(), byProxy: b.by_proxy, key: b.by_proxy ? null : b.idempotency_key }))).toEqual(m.bids)
  const proxies = await db.selectFrom('auction_proxies').select(['registration_id', 'max_fen', 'set_at']).where('auction_id', '=', lot.auctionId).execute()
  expect(new Map(proxies.map((p) => [p.registration_id, { max: Number(p.max_fen), setAt: p.set_at.getTime() }]))).toEqual(m.proxies)
}

describe('bidding engine against a reference model', () => {
  it(
    'answers every command and ends in the same state as the model, across batches, retries and restarts',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 4 }).map((n) => n === 0), fc.array(step, { minLength: 10, maxLength: 60 }), (early, steps) => runOne(early, steps)),
        { numRuns: RUNS },
      )
    },
    600_000,
  )
})
