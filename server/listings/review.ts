import type { Database } from '../../db/index'
import { listAchievements } from '../../db/repos/achievements'
import { listNeeds } from '../../db/repos/needs'
import { can } from '../identity/permissions'
import type { Principal } from '../identity/principal'
import { listingRef, type ListingKind } from './workflow'

// The review queue (发布审核): submitted achievements and needs of every
// organisation where the user may review, oldest first so nothing waits long.

const PER_ORG = 100

export interface ReviewItem {
  kind: ListingKind
  id: string
  title: string
  /** The public summary (achievement) or the problem statement (need). */
  summary: string
  /** Who drafted it, when known. */
  createdByName: string | null
  orgId: string
  orgName: string
  industryNameZh: string
  industryNameEn: string
  submittedAt: Date | string
}

export async function reviewQueue(db: Database, p: Principal) {
  // Owners and admins of verified organisations: permissions decide per listing below.
  const orgs = p.memberships.filter((m) => (m.role === 'owner' || m.role === 'admin') && m.orgStatus === 'verified')
  const items: ReviewItem[] = []
  for (const m of orgs) {
    const [achievements, needs] = await Promise.all([
      listAchievements(db, { orgId: m.orgId, statuses: ['submitted'], limit: PER_ORG }),
      listNeeds(db, { orgId: m.orgId, statuses: ['submitted'], limit: PER_ORG }),
    ])
    for (const a of achievements) {
      if (!can(p, { action: 'listing:review', listing: listingRef('achievement', a) })) continue
      items.push({ kind: 'achievement', id: a.id, title: a.title, summary: a.summary, createdByName: a.created_by_name, orgId: a.org_id, orgName: a.org_name, industryNameZh: a.industry_name_zh ?? '', industryNameEn: a.industry_name_en ?? '', submittedAt: a.updated_at })
    }
    for (const n of needs) {
      if (!can(p, { action: 'listing:review', listing: listingRef('need', n) })) continue
      items.push({ kind: 'need', id: n.id, title: n.title, summary: n.problem, createdByName: null, orgId: n.org_id, orgName: n.org_name, industryNameZh: n.industry_name_zh ?? '', industryNameEn: n.industry_name_en ?? '', submittedAt: n.updated_at })
    }
  }
  items.sort((a, b) => new Date(a.submittedAt).getTime() - new Date(b.submittedAt).getTime())
  return { items, reviewsFor: orgs.map((m) => ({ id: m.orgId, name: m.orgName })) }
}
