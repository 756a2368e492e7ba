import { translate, isLocale } from '../i18n/catalog'
import type { DetailRequestInput } from './schemas'
import { isUniqueViolation, type Database, type Executor } from '../../db/index'
import { listAttachments } from '../../db/repos/attachments'
import {
  findOpenRequest,
  insertDetailRequest,
  insertDetailView,
  latestRequestsOfOrgs,
  listDetailRequests,
  listDetailViews,
  lockDetailRequest,
  setDetailRequestDecision,
} from '../../db/repos/details'
import { listInterests } from '../../db/repos/interests'
import { enqueueOutbox } from '../../db/repos/outbox'
import { findUserById } from '../../db/repos/users'
import { audit } from '../platform/audit'
import { notifyWithOwnMail } from '../notifications/notify'
import type { MailTemplate } from '../platform/mail/templates'
import { enterpriseOrgs, isInsider, lockAchievementToAnswer, lockAchievementToEngage, viewableAchievement } from './rules'
import { conflict, forbidden, notFound } from '../platform/errors'
import { can, isLive } from '../identity/permissions'
import type { Principal, RequestMeta } from '../identity/principal'

// Gated details (NDA-style). An enterprise member asks for an achievement's
// confidential details with a purpose and accepts the confidentiality terms;
// the owner (its creator or the institution's admins) grants or declines per
// requesting organisation; once granted, every view is logged (detail_views
// and the audit log) and the owner sees who looked, from which organisation,
// when and from where. Members of the owning organisation read and edit the
// details on the achievement's own edit page, not through this gate, so this
// page never shows the details to them and logs nothing for them.

export type DetailsPage =
  | { state: 'insider'; achievement: AchievementHead; canDecide: boolean }
  | { state: 'granted'; achievement: AchievementHead; details: string; attachments: Awaited<ReturnType<typeof listAttachments>>; request: RequestSummary; view: { at: Date } }
  | { state: 'pending'; achievement: AchievementHead; request: RequestSummary }
  | { state: 'form'; achievement: AchievementHead; orgs: { id: string; name: string }[]; declined: RequestSummary | null }
  | { state: 'closed'; achievement: AchievementHead; declined: RequestSummary | null; reason: 'expired' }

interface AchievementHead {
  id: string
  title: string
  orgName: string
  status: string
  live: boolean
}

interface RequestSummary {
  id: string
  orgName: string
  purpose: string
  status: 'pending' | 'granted' | 'declined'
  createdAt: Date
  decidedAt: Date | null
  note: string | null
}

const summary = (r: Awaited<ReturnType<typeof latestRequestsOfOrgs>>[number]): RequestSummary => ({
  id: r.id,
  orgName: r.requester_org_name,
  purpose: r.purpose,
  status: r.status,
  createdAt: r.created_at,
  decidedAt: r.decided_at,
  note: r.decision_note,
})

/**
 * What /achievements/:id/details shows the viewer; a granted viewer's visit
 * is written to the access log (a detail_views row and an audit entry) here,
 * in one transaction, before the details are returned.
 */
export async function detailsPage(db: Database, viewer: Principal, achievementId: string, meta: RequestMeta): Promise<DetailsPage> {
  const { a, ref } = await viewableAchievement(db, viewer, achievementId)
  const head: AchievementHead = { id: a.id, title: a.title, orgName: a.org_name, status: a.status, live: isLive(ref) }
  if (isInsider(viewer, ref)) return { state: 'insider', achievement: head, canDecide: can(viewer, { action: 'details:decide', listing: ref }) }
  const orgs = enterpriseOrgs(viewer)
  if (!orgs.length) throw forbidden()
  if (a.status !== 'published') throw notFound()

  const latest = await latestRequestsOfOrgs(db, a.id, orgs.map((o) => o.orgId))
  const granted = latest.find((r) => r.status === 'granted')
  if (granted) {
    const view = await db.transaction().execute(async (trx) => {
      const v = await insertDetailView(trx, { achievementId: a.id, userId: viewer.userId, orgId: granted.requester_org_id, ip: meta.ip })
      await audit(trx, meta, viewer.userId, 'details.viewed', { type: 'detail_request', id: granted.id, orgId: a.org_id }, {
        achievementId: a.id,
        viewerOrgId: granted.requester_org_id,
        viewId: v.id,
      })
      return v
    })
    return {
      state: 'granted',
      achievement: head,
      details: a.details,
      attachments: await listAttachments(db, a.id, { confidential: true }),
      request: summary(granted),
      view: { at: view.at },
    }
  }
  const pending = latest.find((r) => r.status === 'pending')
  if (pending) return { state: 'pending', achievement: head, request: summary(pending) }
  const declined = latest.find((r) => r.status === 'declined') ?? null
  if (!can(viewer, { action: 'details:request', listing: ref })) {
    return { state: 'closed', achievement: head, declined: declined && summary(declined), reason: 'expired' }
  }
  return { state: 'form', achievement: head, orgs: orgs.map((o) => ({ id: o.orgId, name: o.orgName })), declined: declined && summary(declined) }
}

/** An enterprise member asks for the confidential details; the owner is e-mailed. */
export async function requestDetails(db: Database, actor: Principal, achievementId: string, input: DetailRequestInput, meta: RequestMeta) {
  try {
    return await db.transaction().execute(async (trx) => {
      const { a, org } = await lockAchievementToEngage(trx, actor, achievementId, 'details:request', input.orgId)
      const open = await findOpenRequest(trx, a.id, org.orgId)
      if (open) throw conflict(open.status === 'granted' ? 'engagement.errors.alreadyGranted' : 'engagement.errors.alreadyRequested')
      const id = await insertDetailRequest(trx, {
        achievementId: a.id,
        requesterId: actor.userId,
        requesterOrgId: org.orgId,
        purpose: input.purpose,
        termsAcceptedAt: new Date(),
      })
      await audit(trx, meta, actor.userId, 'details.requested', { type: 'detail_request', id, orgId: a.org_id }, {
        achievementId: a.id,
        requesterOrgId: org.orgId,
        termsAccepted: true,
      })
      const mailNow = await notifyWithOwnMail(trx, actor.userId, [a.created_by], {
        kind: 'details_requested',
        params: { title: a.title, org: org.orgName },
        link: `/achievements/${a.id}/access`,
      })
      if (mailNow(a.created_by)) await mailUser(trx, a.created_by, 'details_requested', {
        title: a.title,
        org: org.orgName,
        requester: actor.name,
        purpose: input.purpose,
        path: `/achievements/${a.id}/access`,
      })
      return { id }
    })
  } catch (err) {
    // Two requests of one organisation racing past the check meet at the unique index.
    if (isUniqueViolation(err, 'detail_requests_open_idx')) throw conflict('engagement.errors.alreadyRequested')
    throw err
  }
}

/** The owner grants or declines a pending request; the requester is e-mailed either way. */
export async function decideDetailRequest(
  db: Database,
  actor: Principal,
  achievementId: string,
  requestId: string,
  decision: { grant: true } | { grant: false; note: string },
  meta: RequestMeta,
) {
  return db.transaction().execute(async (trx) => {
    // The achievement first, then the request: the same order as requestDetails.
    const a = await lockAchievementToAnswer(trx, actor, achievementId, 'details:decide')
    const r = await lockDetailRequest(trx, requestId)
    if (!r || r.achievement_id !== a.id) throw notFound()
    if (r.status !== 'pending') throw conflict('engagement.errors.alreadyDecided')
    const status = decision.grant ? 'granted' : 'declined'
    const note = decision.grant ? null : decision.note
    await setDetailRequestDecision(trx, r.id, { status, decidedBy: actor.userId, note })
    await audit(trx, meta, actor.userId, `details.${status}`, { type: 'detail_request', id: r.id, orgId: a.org_id }, {
      achievementId: a.id,
      requesterOrgId: r.requester_org_id,
      ...(note ? { note } : {}),
    })
    const mailNow = await notifyWithOwnMail(trx, actor.userId, [r.requester_id], {
      kind: decision.grant ? 'details_granted' : 'details_declined',
      params: { title: a.title },
      link: `/achievements/${a.id}/details`,
    })
    if (mailNow(r.requester_id)) await mailUser(trx, r.requester_id, decision.grant ? 'details_granted' : 'details_declined', {
      title: a.title,
      note: note ?? '',
      path: `/achievements/${a.id}/details`,
    })
    return { id: r.id, status }
  })
}

/** The owner's page: requests, the full view log and the interests received. */
export async function accessPage(db: Database, viewer: Principal, achievementId: string) {
  const { a, ref } = await viewableAchievement(db, viewer, achievementId)
  if (!can(viewer, { action: 'details:decide', listing: ref })) throw forbidden()
  const [requests, views, interests, attachments] = await Promise.all([
    listDetailRequests(db, a.id),
    listDetailViews(db, a.id),
    listInterests(db, a.id),
    listAttachments(db, a.id, { confidential: true }),
  ])
  return {
    achievement: { id: a.id, title: a.title, orgName: a.org_name, status: a.status, live: isLive(ref), hasDetails: a.details.length > 0 },
    confidentialFiles: attachments.length,
    requests,
    views,
    interests,
  }
}

/** Queues an e-mail to a user in their language; `path` becomes an absolute link when sent. */
export async function mailUser(
  trx: Executor,
  userId: string,
  template: MailTemplate,
  /** Parameters, or a function of the recipient's language for those that are catalog text (a decline reason). */
  params: Record<string, string> | ((t: (key: string) => string) => Record<string, string>),
) {
  const user = await findUserById(trx, userId)
  if (!user) return
  const locale = isLocale(user.locale) ? user.locale : 'zh-CN'
  const values = typeof params === 'function' ? params((key) => translate(locale, key)) : params
  await enqueueOutbox(trx, 'email', { to: user.email, locale: user.locale, template, params: { name: user.name, ...values } })
}
