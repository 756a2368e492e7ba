import type { Database } from '../../db/index'
import {
  dealsAwaitingFirstWord,
  matchesAwaitingAnswer,
  objectionsAwaitingAnswer,
  offersAwaitingAnswer,
  openInterests,
  openNeedResponses,
  pendingDetailRequests,
} from '../../db/repos/todo'
import { can } from '../identity/permissions'
import type { Principal } from '../identity/principal'
import { listingRef } from '../listings/workflow'
import { reviewQueue } from '../listings/review'

// 待办 (ADR 024): one list per person of what waits on them now, computed from
// the records on every visit — listings to review (four eyes respected through
// the review queue's permission check), detail requests to decide, interests and
// need responses to answer, matches waiting for their side, deal rooms where
// they have not spoken yet. Nothing is stored, so nothing goes stale.

export const TODO_KINDS = ['review', 'details', 'interest', 'response', 'match', 'deal', 'offer', 'objection'] as const
export type TodoKind = (typeof TODO_KINDS)[number]

export interface TodoItem {
  kind: TodoKind
  id: string
  title: string
  /** Who or what it concerns (the other organisation, the other listing). */
  detail: string
  link: string
  since: Date
}

export async function todoFor(db: Database, p: Principal) {
  const adminOrgs = p.memberships.filter((m) => m.role === 'owner' || m.role === 'admin').map((m) => m.orgId)
  const [review, details, interests, responses, matches, deals, offers, objections] = await Promise.all([
    reviewQueue(db, p),
    pendingDetailRequests(db, p.userId, adminOrgs),
    openInterests(db, p.userId, adminOrgs),
    openNeedResponses(db, p.userId, adminOrgs),
    matchesAwaitingAnswer(db, p.userId, adminOrgs),
    dealsAwaitingFirstWord(db, p.userId),
    offersAwaitingAnswer(db, p.userId, adminOrgs),
    objectionsAwaitingAnswer(db, adminOrgs),
  ])
  const items: TodoItem[] = []
  for (const r of review.items) {
    items.push({ kind: 'review', id: r.id, title: r.title, detail: r.orgName, link: `/${r.kind === 'achievement' ? 'achievements' : 'needs'}/${r.id}`, since: new Date(r.submittedAt) })
  }
  for (const r of details) {
    if (!can(p, { action: 'details:decide', listing: listingRef('achievement', r) })) continue
    items.push({ kind: 'details', id: r.id, title: r.title, detail: r.other_org, link: `/achievements/${r.listing_id}/access`, since: r.created_at })
  }
  for (const r of interests) {
    if (!can(p, { action: 'listing:answer', listing: listingRef('achievement', r) })) continue
    items.push({ kind: 'interest', id: r.id, title: r.title, detail: r.other_org, link: `/achievements/${r.listing_id}/access`, since: r.created_at })
  }
  for (const r of responses) {
    if (!can(p, { action: 'listing:answer', listing: listingRef('need', r) })) continue
    items.push({ kind: 'response', id: r.id, title: r.title, detail: r.other_org, link: `/needs/${r.listing_id}#responses`, since: r.created_at })
  }
  for (const m of matches) {
    const needSide = m.enterprise_answer === null && can(p, { action: 'match:answer', listing: listingRef('need', { org_id: m.need_org_id, created_by: m.need_created_by, status: m.need_status, expires_at: m.need_expires_at }) })
    const achSide =
      m.institution_answer === null &&
      can(p, { action: 'match:answer', listing: listingRef('achievement', { org_id: m.achievement_org_id, created_by: m.achievement_created_by, status: m.achievement_status, expires_at: m.achievement_expires_at }) })
    if (!needSide && !achSide) continue
    items.push({
      kind: 'match',
      id: m.id,
      title: needSide ? m.need_title : m.achievement_title,
      detail: needSide ? m.achievement_title : m.need_title,
      link: `/my/matches#match-${m.id}`,
      since: m.created_at,
    })
  }
  for (const d of deals) items.push({ kind: 'deal', id: d.id, title: d.title, detail: '', link: `/deals/${d.id}`, since: d.created_at })
  for (const o of offers) items.push({ kind: 'offer', id: String(o.id), title: o.title, detail: `v${o.version}`, link: `/deals/${o.deal_id}/offers`, since: o.created_at })
  for (const x of objections) items.push({ kind: 'objection', id: x.id, title: x.title, detail: '', link: `/notices/${x.notice_id}#objections`, since: x.lodged_at })

  items.sort((a, b) => a.since.getTime() - b.since.getTime())
  const counts = Object.fromEntries(TODO_KINDS.map((k) => [k, items.filter((i) => i.kind === k).length])) as Record<TodoKind, number>
  return { items, counts, total: items.length }
}
