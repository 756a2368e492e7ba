import { DECLINE_REASONS } from '../listings/schemas'
import type { Database } from '../../db/index'
import { countFeedback, listFeedbackNotes, type FeedbackSource } from '../../db/repos/feedback'
import type { DeclineReason } from '../../db/schema'
import type { Principal } from '../identity/principal'

// The owners' feedback dashboard: why others said no to the viewer's
// organisations (see db/repos/feedback.ts for the three sources), counted per
// reason and per listing, with the notes they wrote.

export interface FeedbackListing {
  source: FeedbackSource
  kind: 'need' | 'achievement'
  id: string
  title: string
  orgId: string
  orgName: string
  counts: Record<DeclineReason, number>
  total: number
  lastAt: Date
}

const zero = () => Object.fromEntries(DECLINE_REASONS.map((r) => [r, 0])) as Record<DeclineReason, number>

/** The viewer's feedback, for all their organisations or only `orgId` (when it is one of theirs). */
export async function feedbackFor(db: Database, viewer: Principal, orgId?: string) {
  const orgs = viewer.memberships.map((m) => ({ id: m.orgId, name: m.orgName, type: m.orgType }))
  const selected = orgId && orgs.some((o) => o.id === orgId) ? [orgId] : orgs.map((o) => o.id)
  const [counts, notes] = await Promise.all([countFeedback(db, selected), listFeedbackNotes(db, selected, 100)])

  const byReason = zero()
  const listings = new Map<string, FeedbackListing>()
  for (const c of counts) {
    byReason[c.reason] += c.n
    const key = `${c.source}:${c.listing_id}:${c.recipient_org_id}`
    let l = listings.get(key)
    if (!l) {
      l = {
        source: c.source,
        kind: c.listing_kind,
        id: c.listing_id,
        title: c.listing_title,
        orgId: c.recipient_org_id,
        orgName: c.recipient_org_name,
        counts: zero(),
        total: 0,
        lastAt: new Date(c.last_at),
      }
      listings.set(key, l)
    }
    l.counts[c.reason] += c.n
    l.total += c.n
    if (new Date(c.last_at) > l.lastAt) l.lastAt = new Date(c.last_at)
  }
  const total = Object.values(byReason).reduce((s, n) => s + n, 0)
  return {
    orgs,
    selectedOrgId: selected.length === 1 && orgId ? orgId : null,
    total,
    byReason: DECLINE_REASONS.map((reason) => ({ reason, n: byReason[reason] })),
    listings: [...listings.values()].sort((a, b) => b.total - a.total || b.lastAt.getTime() - a.lastAt.getTime()),
    notes: notes.map((n) => ({
      source: n.source,
      kind: n.listing_kind,
      listingId: n.listing_id,
      listingTitle: n.listing_title,
      orgName: n.recipient_org_name,
      counterpart: n.counterpart_org_name,
      reason: n.reason,
      note: n.note ?? '',
      at: n.at,
    })),
  }
}
