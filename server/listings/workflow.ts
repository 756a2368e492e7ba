import type { Database, Executor } from '../../db/index'
import { lockAchievement, setAchievementStatus } from '../../db/repos/achievements'
import { lockNeed, setNeedStatus } from '../../db/repos/needs'
import { enqueueOutbox } from '../../db/repos/outbox'
import { findUserById } from '../../db/repos/users'
import type { ListingStatus } from '../../db/schema'
import { queueIndex } from '../../search/indexer'
import { audit } from '../platform/audit'
import { notifyWithOwnMail } from '../notifications/notify'
import { requireCompleteForSubmit } from './completeness'
import { conflict, forbidden, notFound } from '../platform/errors'
import { can, reviewWaitsForSecondPerson, type ListingRef, type Permission } from '../identity/permissions'
import type { Principal, RequestMeta } from '../identity/principal'

// The review workflow shared by achievements and needs:
//   draft ─submit→ submitted ─approve→ published ─takedown→ taken_down
//                      └─return(reason)→ returned ─submit→ submitted
//   published ─reconfirm→ published (expiry pushed forward)
//   submitted | published ─withdraw→ withdrawn ─submit→ submitted   (the owner's 撤回/下架)
//   taken_down ─restore→ published                                  (the platform admin)
// Editing a published listing sends it back to submitted (listings/achievements.ts,
// needs.ts). With four eyes on, whoever submitted or last edited a listing may not
// approve it (ADR 019).
// Expiry is not a status: a published listing past expires_at is "expired"
// (out of lists and search, page kept) until its owner re-confirms it.

export type ListingKind = 'achievement' | 'need'
export type Transition = 'submit' | 'approve' | 'return' | 'takedown' | 'reconfirm' | 'withdraw' | 'restore'

const RULES: Record<Transition, { from: ListingStatus[]; to: ListingStatus; permission: Permission['action'] }> = {
  submit: { from: ['draft', 'returned', 'withdrawn'], to: 'submitted', permission: 'listing:submit' },
  approve: { from: ['submitted'], to: 'published', permission: 'listing:review' },
  return: { from: ['submitted'], to: 'returned', permission: 'listing:review' },
  takedown: { from: ['published'], to: 'taken_down', permission: 'listing:takedown' },
  reconfirm: { from: ['published'], to: 'published', permission: 'listing:reconfirm' },
  withdraw: { from: ['submitted', 'published'], to: 'withdrawn', permission: 'listing:withdraw' },
  // Undoing a takedown is the platform admin's, as the takedown was.
  restore: { from: ['taken_down'], to: 'published', permission: 'listing:takedown' },
}

/** The transitions whose outcome the listing's author is e-mailed about. */
const MAILED: Transition[] = ['approve', 'return', 'takedown', 'restore']
/** The review decisions that also land in the notification centre (ADR 024). */
const NOTIFIED: Transition[] = ['approve', 'return', 'takedown']

const store = {
  achievement: { lock: lockAchievement, setStatus: setAchievementStatus },
  need: { lock: lockNeed, setStatus: setNeedStatus },
}

export function listingRef(
  kind: ListingKind,
  r: {
    org_id: string
    created_by: string
    status: ListingStatus
    expires_at: Date | string | null
    submitted_by?: string | null
    last_edited_by?: string | null
    four_eyes?: boolean | null
  },
): ListingRef {
  return {
    kind,
    orgId: r.org_id,
    createdBy: r.created_by,
    status: r.status,
    expiresAt: r.expires_at,
    submittedBy: r.submitted_by ?? null,
    lastEditedBy: r.last_edited_by ?? null,
    fourEyes: !!r.four_eyes,
  }
}

/**
 * What the viewer may do to the listing through the workflow (and edit), for its page. `workflow` says
 * whether any workflow control is there to show, so pages do not re-derive it from the flags.
 */
export function workflowAbilities(viewer: Principal | null, ref: ListingRef) {
  const flags = {
    submit: can(viewer, { action: 'listing:submit', listing: ref }),
    review: can(viewer, { action: 'listing:review', listing: ref }),
    waitsForSecondPerson: reviewWaitsForSecondPerson(viewer, ref),
    reconfirm: can(viewer, { action: 'listing:reconfirm', listing: ref }),
    withdraw: can(viewer, { action: 'listing:withdraw', listing: ref }),
    takedown: ref.status === 'published' && can(viewer, { action: 'listing:takedown' }),
    restore: ref.status === 'taken_down' && can(viewer, { action: 'listing:takedown' }),
  }
  return { edit: can(viewer, { action: 'listing:edit', listing: ref }), ...flags, workflow: Object.values(flags).some(Boolean) }
}

export function expiryFrom(now: Date, ttlMonths: number) {
  const d = new Date(now)
  d.setUTCMonth(d.getUTCMonth() + ttlMonths)
  return d
}

export async function transitionListing(
  db: Database,
  actor: Principal,
  kind: ListingKind,
  id: string,
  transition: Transition,
  opts: { reason?: string; ttlMonths: number },
  meta: RequestMeta,
) {
  const rule = RULES[transition]
  return db.transaction().execute(async (trx) => {
    const row = await store[kind].lock(trx, id)
    if (!row) throw notFound()
    const ref = listingRef(kind, row)
    // Outsiders learn nothing about unpublished listings.
    if (row.status !== 'published' && !can(actor, { action: 'listing:view-unpublished', listing: ref })) throw notFound()
    if (!rule.from.includes(row.status)) throw conflict('errors.invalidTransition')
    const permission = rule.permission === 'listing:takedown' ? { action: rule.permission } : { action: rule.permission, listing: ref }
    if (!can(actor, permission as Permission)) {
      throw transition === 'approve' && reviewWaitsForSecondPerson(actor, ref) ? forbidden('errors.fourEyes') : forbidden()
    }
    // A draft may be just a title; what goes to review must be complete.
    if (transition === 'submit') await requireCompleteForSubmit(trx, kind, id)
    const now = new Date()
    const patch =
      transition === 'approve' || transition === 'reconfirm'
        ? { status: rule.to, statusReason: null, publishedAt: transition === 'approve' ? now : undefined, expiresAt: expiryFrom(now, opts.ttlMonths), remindedAt: null }
        : transition === 'restore'
          ? // Back as it was: the same listing period (an expired one stays expired until re-confirmed).
            { status: rule.to, statusReason: null }
          : transition === 'submit'
            ? { status: rule.to, statusReason: null, submittedBy: actor.userId }
            : { status: rule.to, statusReason: opts.reason ?? null }
    await store[kind].setStatus(trx, id, patch)
    await audit(trx, meta, actor.userId, `${kind}.${transition}`, { type: kind, id, orgId: row.org_id }, {
      from: row.status,
      to: rule.to,
      ...(opts.reason ? { reason: opts.reason } : {}),
    })
    // Search follows publication: the indexer re-reads the listing and indexes or removes it.
    await queueIndex(trx, kind, id)
    // An owner who withdraws their own listing needs no mail; its author does when an admin withdrew it.
    let mailNow = (_userId: string) => true
    if (NOTIFIED.includes(transition)) {
      // Approve and return answer whoever submitted it; a takedown concerns its creator.
      const to = transition === 'takedown' ? row.created_by : (row.submitted_by ?? row.created_by)
      mailNow = await notifyWithOwnMail(trx, actor.userId, [to], {
        kind: `listing_${transition}`,
        params: { title: row.title, reason: opts.reason ?? '' },
        link: `/${kind === 'achievement' ? 'achievements' : 'needs'}/${id}`,
      })
    }
    if ((MAILED.includes(transition) || (transition === 'withdraw' && actor.userId !== row.created_by)) && mailNow(row.created_by)) {
      await notifyCreator(trx, row.created_by, `listing_${transition}`, { kind, id, title: row.title, reason: opts.reason ?? '' })
    }
    return { id, status: rule.to }
  })
}

async function notifyCreator(trx: Executor, userId: string, template: string, params: { kind: ListingKind; id: string; title: string; reason: string }) {
  const user = await findUserById(trx, userId)
  if (!user) return
  await enqueueOutbox(trx, 'email', {
    to: user.email,
    locale: user.locale,
    template,
    params: { name: user.name, title: params.title, reason: params.reason, path: `/${params.kind === 'achievement' ? 'achievements' : 'needs'}/${params.id}` },
  })
}
