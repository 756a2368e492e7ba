import type { Database } from '../../../db/index'
import type { ListingStatus } from '../../../db/schema'
import {
  countBoardNeeds,
  countManagerWork,
  listBoardNeeds,
  listMatchesByManager,
  listMatchesForNeeds,
  listMatchesForOrgs,
  type MatchSide,
  type MatchStatus,
} from '../../../db/repos/matches'
import type { SearchEngine } from '../../../search/types'
import { listingRef } from '../../listings/workflow'
import { needChoices } from '../../listings/needs'
import { can, isLive, membershipRole } from '../../identity/permissions'
import type { Principal } from '../../identity/principal'
import type { MatchExplanation } from './matches'
import { DEFAULT_CLAIM_LIMITS, type ClaimLimits } from './claims'
import { recommendAchievementsForNeed, recommendNeedsForAchievement, type Recommendation } from './recommend'

// Read models of matching: the recommendations a listing's page shows, the
// technology managers' match board, and each side's list of proposed matches.

export const BOARD_PAGE_SIZE = 10
export const BOARD_CANDIDATES = 3
const MAX_CLAIMED_SHOWN = 50
export const PAGE_RECOMMENDATIONS = 5

type Listing = { id: string; org_id: string; created_by: string; status: ListingStatus; expires_at: Date | string | null }

/**
 * The recommendations on a need's page (achievements) or an achievement's page
 * (needs): only for the listing's organisation, technology managers and platform
 * admins, and only while the listing is live. A search engine outage leaves the
 * page working with the section saying so.
 */
export async function recommendationsForPage(
  db: Database,
  engine: SearchEngine,
  viewer: Principal | null,
  kind: 'need' | 'achievement',
  listing: Listing,
): Promise<{ items: Recommendation[]; unavailable: boolean; forManager: boolean } | null> {
  const ref = listingRef(kind, listing)
  if (!viewer || !isLive(ref) || !can(viewer, { action: 'match:view-recommendations', listing: ref })) return null
  const forManager = can(viewer, { action: 'match:board' })
  try {
    const items =
      kind === 'need'
        ? await recommendAchievementsForNeed(db, engine, listing.id, PAGE_RECOMMENDATIONS)
        : await recommendNeedsForAchievement(db, engine, listing.id, PAGE_RECOMMENDATIONS)
    return { items, unavailable: false, forManager }
  } catch {
    return { items: [], unavailable: true, forManager }
  }
}

export interface BoardFilter {
  industry?: string
  county?: string
  need?: string
  page?: number
}

/** The match board of one technology manager: their claimed needs first, then the unclaimed ones, each with its best candidates. */
export async function matchBoard(db: Database, engine: SearchEngine, manager: Principal, f: BoardFilter, limits: ClaimLimits = DEFAULT_CLAIM_LIMITS) {
  const choices = await needChoices(db)
  const industryCode = f.industry && choices.industries.some((i) => i.code === f.industry) ? f.industry : undefined
  const divisionCode = f.county && choices.divisions.some((d) => d.code === f.county) ? f.county : undefined
  const needId = f.need || undefined
  // A lapsed claim shows as open, to everyone (server/engagement/matching/claims.ts).
  const filter = { managerId: manager.userId, industryCode, divisionCode, needId, lapseDays: limits.lapseDays }
  const openTotal = await countBoardNeeds(db, { ...filter, scope: 'open' })
  const pages = Math.max(1, Math.ceil(openTotal / BOARD_PAGE_SIZE))
  const page = Math.min(Math.max(1, Math.trunc(f.page ?? 1) || 1), pages)
  const [mine, open, work, myMatches] = await Promise.all([
    listBoardNeeds(db, { ...filter, scope: 'mine', limit: MAX_CLAIMED_SHOWN }),
    listBoardNeeds(db, { ...filter, scope: 'open', limit: BOARD_PAGE_SIZE, offset: (page - 1) * BOARD_PAGE_SIZE }),
    countManagerWork(db, manager.userId, limits.lapseDays),
    listMatchesByManager(db, manager.userId, 100),
  ])
  const needs = [...mine, ...open]
  const [candidates, proposed] = await Promise.all([
    Promise.all(
      needs.map((n) =>
        recommendAchievementsForNeed(db, engine, n.id, BOARD_CANDIDATES).then(
          (r) => r,
          () => null, // the search engine is down: the need stays on the board without candidates
        ),
      ),
    ),
    listMatchesForNeeds(db, needs.map((n) => n.id)),
  ])
  const withCandidates = (n: (typeof needs)[number], i: number) => ({
    ...n,
    candidatesUnavailable: candidates[i] === null,
    candidates: (candidates[i] ?? []).map((c) => {
      const m = proposed.find((p) => p.need_id === n.id && p.achievement_id === c.id)
      return { ...c, match: m ? { id: m.id, status: m.status, mine: m.manager_id === manager.userId } : null }
    }),
  })
  return {
    ...choices,
    filter: { industry: industryCode ?? '', county: divisionCode ?? '', need: needId ?? '' },
    work,
    mine: mine.map((n, i) => withCandidates(n, i)),
    open: open.map((n, i) => withCandidates(n, mine.length + i)),
    openTotal,
    limits,
    page,
    pages,
    // Ready to become a deal first, then waiting, then declined; most recently changed first within each.
    matches: myMatches.map((m) => ({ ...matchView(m), ready: m.status === 'accepted' })).sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]),
  }
}

type MatchRow = Awaited<ReturnType<typeof listMatchesByManager>>[number]

const STATUS_ORDER: Record<MatchStatus, number> = { accepted: 0, proposed: 1, declined: 2 }

function matchView(m: MatchRow) {
  const explanation = m.explanation as MatchExplanation
  return {
    id: m.id,
    status: m.status,
    score: m.score,
    reasons: explanation?.reasons ?? [],
    note: m.note,
    createdAt: m.created_at,
    updatedAt: m.updated_at,
    managerName: m.manager_name,
    need: { id: m.need_id, title: m.need_title, orgName: m.need_org_name },
    achievement: { id: m.achievement_id, title: m.achievement_title, orgName: m.achievement_org_name },
    enterprise: { answer: m.enterprise_answer, reason: m.enterprise_reason, note: m.enterprise_note },
    institution: { answer: m.institution_answer, reason: m.institution_reason, note: m.institution_note },
  }
}

/**
 * The matches proposed to the viewer's organisations: as the enterprise side
 * for their needs, as the institution side for their achievements. Each side
 * may answer while the match is open and it has not answered yet; the ones
 * waiting for the viewer's answer come first.
 */
export async function matchesForViewer(db: Database, viewer: Principal) {
  const orgIds = viewer.memberships.map((m) => m.orgId)
  const rows = await listMatchesForOrgs(db, orgIds)
  const list = rows.map((m) => {
    const sides: MatchSide[] = []
    if (membershipRole(viewer, m.need_org_id) !== null) sides.push('enterprise')
    if (membershipRole(viewer, m.achievement_org_id) !== null) sides.push('institution')
    const canAnswer = (side: MatchSide) => {
      if (m.status !== 'proposed') return false
      if ((side === 'enterprise' ? m.enterprise_answer : m.institution_answer) !== null) return false
      const listing =
        side === 'enterprise'
          ? listingRef('need', { org_id: m.need_org_id, created_by: m.need_created_by, status: m.need_status, expires_at: m.need_expires_at })
          : listingRef('achievement', {
              org_id: m.achievement_org_id,
              created_by: m.achievement_created_by,
              status: m.achievement_status,
              expires_at: m.achievement_expires_at,
            })
      return can(viewer, { action: 'match:answer', listing })
    }
    const answerable = sides.filter(canAnswer)
    return { ...matchView(m), agencyName: m.agency_name, sides, answerable, managerEmail: m.manager_email }
  })
  list.sort((a, b) => Number(b.answerable.length > 0) - Number(a.answerable.length > 0) || STATUS_ORDER[a.status] - STATUS_ORDER[b.status])
  return {
    matches: list,
    counts: {
      waiting: list.filter((m) => m.answerable.length > 0).length,
      ready: list.filter((m) => m.status === 'accepted').length,
    },
    isManager: can(viewer, { action: 'match:board' }),
  }
}
