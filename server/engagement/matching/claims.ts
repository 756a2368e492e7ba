import type { Database } from '../../../db/index'
import { deleteLapsedClaim, lockLapsedClaims } from '../../../db/repos/matches'
import { audit } from '../../platform/audit'
import type { Config } from '../../platform/config'

// Limits on technology managers' claims (issue 7, item 7): a manager holds at
// most `maxOpenClaims` claimed needs without a proposed match, and a claim
// lapses when no match is proposed within `lapseDays`. A lapsed claim counts as
// free wherever claims are read (the board, claiming, proposing); the periodic
// job below also removes them, with an audit entry each.

export interface ClaimLimits {
  maxOpenClaims: number
  lapseDays: number
}

export const DEFAULT_CLAIM_LIMITS: ClaimLimits = { maxOpenClaims: 5, lapseDays: 14 }

export function claimLimits(config: Pick<Config, 'MATCH_MAX_OPEN_CLAIMS' | 'MATCH_CLAIM_LAPSE_DAYS'>): ClaimLimits {
  return { maxOpenClaims: config.MATCH_MAX_OPEN_CLAIMS, lapseDays: config.MATCH_CLAIM_LAPSE_DAYS }
}

const SYSTEM = { ip: null, userAgent: null, requestId: null }
const BATCH = 200

/** Releases lapsed claims; safe from several processes (locked rows are skipped). Returns how many. */
export async function releaseLapsedClaims(db: Database, lapseDays: number) {
  let released = 0
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const due = await lockLapsedClaims(trx, lapseDays, BATCH)
      for (const c of due) {
        if (!(await deleteLapsedClaim(trx, c, lapseDays))) continue
        await audit(trx, SYSTEM, null, 'match.claim_lapsed', { type: 'need_claim', id: c.need_id, orgId: c.org_id }, {
          title: c.title,
          managerId: c.manager_id,
          claimedAt: c.claimed_at,
          lapseDays,
        })
      }
      return due.length
    })
    released += n
    if (n < BATCH) return released
  }
}
