import type { Database } from '../../../db/index'
import { achievementsForMatching, needsForMatching, newestLiveIds } from '../../../db/repos/matching'
import { isLive } from '../../identity/permissions'
import type { SearchEngine } from '../../../search/types'
import { scoreMatch, type Scored } from './score'
import { weightsOn } from './weights'

// Explainable recommendations: candidates come from the search engine (any of
// the listing's key terms, live listings only, best ranked first) and, for
// those sharing no term, the newest live listings of the same industry (straight
// from the database: no count or facets needed); each is scored on the reasons
// in score.ts and the best come first with their reasons.

const CANDIDATES = 60
const SAME_INDUSTRY = 20

export interface Recommendation extends Scored {
  id: string
  title: string
  orgName: string
}

export async function recommendAchievementsForNeed(db: Database, engine: SearchEngine, needId: string, limit = 10): Promise<Recommendation[]> {
  const [need] = await needsForMatching(db, [needId])
  if (!need) return []
  const q = [need.title, ...need.keywords].join(' ')
  const [byTerms, byIndustry] = await Promise.all([
    engine.search({ q, types: ['achievement'], match: 'any', pageSize: CANDIDATES }),
    newestLiveIds(db, 'achievement', need.industry_top, new Date(), SAME_INDUSTRY),
  ])
  const ids = [...new Set([...byTerms.hits.map((h) => h.id), ...byIndustry])]
  const candidates = (await achievementsForMatching(db, ids)).filter((a) => isLive({ status: a.status, expiresAt: a.expires_at }))
  const w = weightsOn()
  return candidates
    .map((a) => ({ id: a.id, title: a.title, orgName: a.org_name, ...scoreMatch(need, a, w) }))
    .sort((x, y) => y.score - x.score || x.title.localeCompare(y.title))
    .slice(0, limit)
}

export async function recommendNeedsForAchievement(db: Database, engine: SearchEngine, achievementId: string, limit = 10): Promise<Recommendation[]> {
  const [a] = await achievementsForMatching(db, [achievementId])
  if (!a) return []
  const q = [a.title, ...a.keywords].join(' ')
  const [byTerms, byIndustry] = await Promise.all([
    engine.search({ q, types: ['need'], match: 'any', pageSize: CANDIDATES }),
    newestLiveIds(db, 'need', a.industry_top, new Date(), SAME_INDUSTRY),
  ])
  const ids = [...new Set([...byTerms.hits.map((h) => h.id), ...byIndustry])]
  const needs = (await needsForMatching(db, ids)).filter((n) => isLive({ status: n.status, expiresAt: n.expires_at }))
  const w = weightsOn()
  return needs
    .map((n) => ({ id: n.id, title: n.title, orgName: n.org_name, ...scoreMatch(n, a, w) }))
    .sort((x, y) => y.score - x.score || x.title.localeCompare(y.title))
    .slice(0, limit)
}
