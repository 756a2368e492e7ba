// Run by e2e/auction.spec.ts under tsx (Playwright's loader cannot take the
// achievement helpers' imports): makes a lot open for bidding on the database
// given as the first argument — two enterprises registered with confirmed
// deposits, a third registered without one — and prints what the spec needs as JSON.
import { createDatabase } from '../db/index'
import { liveAuction } from '../tests/helpers/auctions'

const db = createDatabase(process.argv[2]!, { max: 2 })
const endsInMs = Number(process.argv[3] ?? 240_000)
const w = await liveAuction(db, { bidders: 2, startFen: 10_000_000, incrementFen: 500_000, endsInMs, startedMsAgo: 3_600_000 })
const who = (m: { user: { email: string; password: string } }, paddleNo: number | null) => ({ email: m.user.email, password: m.user.password, paddleNo })
console.log(
  JSON.stringify({
    auctionId: w.auctionId,
    a: who(w.bidders[0]!, w.bidders[0]!.paddleNo),
    b: who(w.bidders[1]!, w.bidders[1]!.paddleNo),
    c: who(w.unpaid, null),
  }),
)
await db.destroy()
