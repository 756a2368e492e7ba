import type { Executor } from '../../db/index'
import { outcomeCounts } from '../../db/repos/roadshow-report'

// 路演成效: the figures the government's reports ask of roadshows — sessions
// held, audience, intents, deal rooms opened, bids on agenda lots — for an
// organiser (organisation) and/or a technology manager (host or scheduler),
// over roadshows that started between `from` (inclusive) and `to` (exclusive).
// A cancelled or never-started session counts for nothing.

export interface RoadshowOutcomes {
  roadshows: number
  /** Sum of each session's peak concurrent audience. */
  peakAudience: number
  /** Distinct people per session who watched at least one item, summed over sessions. */
  viewers: number
  registrations: number
  items: number
  intents: number
  dealRooms: number
  bids: number
}

export async function roadshowOutcomes(db: Executor, f: { orgId?: string; managerUserId?: string; from: Date; to: Date }): Promise<RoadshowOutcomes> {
  return outcomeCounts(db, f)
}
