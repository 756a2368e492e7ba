import type { Database } from '../../db/index'
import { decideBatch, type BidAnswer, type BidRequest } from './engine'

// Group commit for bids (ADR 027). Each process keeps one queue per lot: while
// a batch for the lot is being decided, arriving commands wait, and the next
// batch takes all of them at once. One transaction and one commit then serve
// many bids, which is what lets a hot lot take thousands of bids a second; the
// lot's row lock still orders batches from different processes. A batch that
// fails (the database went away, a constraint caught a bug) answers every
// command in it with the error — none of them was acknowledged.

export const MAX_BATCH = 500

interface Waiting {
  request: BidRequest
  resolve: (a: BidAnswer) => void
  reject: (err: unknown) => void
}

export class BidQueues {
  private readonly waiting = new Map<string, Waiting[]>()
  private readonly running = new Set<string>()

  constructor(private readonly db: Database) {}

  submit(auctionId: string, request: BidRequest): Promise<BidAnswer> {
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(auctionId)
      if (list) list.push({ request, resolve, reject })
      else this.waiting.set(auctionId, [{ request, resolve, reject }])
      if (!this.running.has(auctionId)) void this.drain(auctionId)
    })
  }

  private async drain(auctionId: string) {
    this.running.add(auctionId)
    try {
      for (;;) {
        const list = this.waiting.get(auctionId)
        if (!list || list.length === 0) break
        const batch = list.splice(0, MAX_BATCH)
        if (list.length === 0) this.waiting.delete(auctionId)
        try {
          const answers = await decideBatch(
            this.db,
            auctionId,
            batch.map((w) => w.request),
          )
          batch.forEach((w, i) => w.resolve(answers[i]!))
        } catch (err) {
          batch.forEach((w) => w.reject(err))
        }
      }
    } finally {
      this.running.delete(auctionId)
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
