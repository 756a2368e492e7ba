import type { Database } from '../../db/index'
import { auctionResults, registeredResults } from '../../db/repos/portal'
import { portalConfigOn } from './config'

// 成交公示: registered technology contracts (status 'registered', not
// terminated) and the results of closed auctions. The amounts are shown: a
// registered contract's type, parties and amounts are already public through
// the registration check by number (/api/v1/registrations/:number), and a
// technology market's results notice is where buyers and sellers see prices.
// Drafts, submitted, refused or terminated registrations never appear.

export async function resultsPage(db: Database, page: number) {
  const size = portalConfigOn().pageSize
  const [contracts, auctions] = await Promise.all([registeredResults(db, { limit: size, offset: (page - 1) * size }), page === 1 ? auctionResults(db, size) : Promise.resolve([])])
  return { contracts: contracts.rows, total: contracts.total, page, pages: Math.max(1, Math.ceil(contracts.total / size)), auctions }
}
