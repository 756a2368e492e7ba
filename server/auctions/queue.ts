import type { Database } from '../../db/index'
import { decideBatches, type BidAnswer, type BidRequest } from './engine'

// Group commit for bids (ADR 027). Each process keeps the commands waiting
// per lot: while a batch is being decided, arriving commands wait, and the
// next batch takes all of them at once — of every lot, in one transaction and
// one commit (engine.ts decideBatches). One commit then serves many bids, which
// is what lets a hot lot take thousands of bids a second and many lots share
// the cost of a commit; the lots' row locks still order batches from
// different processes. A batch that fails (the database went away, a
// constraint caught a bug) answers every command in it with the error — none
// of them was acknowledged.

export const MAX_BATCH = 500

interface Waiting {
  auctionId: string
  request: BidRequest
  resolve: (a: BidAnswer) => void
  reject: (err: unknown) => void
}

export class BidQueues {
  private waiting: Waiting[] = []
  private running = false

  constructor(private readonly db: Database) {}

  submit(auctionId: string, request: BidRequest): Promise<BidAnswer> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ auctionId, request, resolve, reject })
      if (!this.running) void this.drain()
    })
  }

  private async drain() {
    this.running = true
    try {
      while (this.waiting.length) {
        const batch = this.waiting.splice(0, MAX_BATCH)
        const byLot = new Map<string, Waiting[]>()
        for (const w of batch) {
          const list = byLot.get(w.auctionId)
          if (list) list.push(w)
          else byLot.set(w.auctionId, [w])
        }
        try {
          const answers = await decideBatches(
            this.db,
            [...byLot].map(([id, list]) => [id, list.map((w) => w.request)]),
          )
          for (const [id, list] of byLot) list.forEach((w, i) => w.resolve(answers.get(id)![i]!))
        } catch (err) {
          batch.forEach((w) => w.reject(err))
        }
      }
    } finally {
      this.running = false
    }
  }
}

const perDatabase = new WeakMap<Database, BidQueues>()

/** The process's queues for a database (every request and socket of the process shares them). */
export function bidQueuesFor(db: Database): BidQueues {
  let q = perDatabase.get(db)
  if (!q) perDatabase.set(db, (q = new BidQueues(db)))
  return q
}
