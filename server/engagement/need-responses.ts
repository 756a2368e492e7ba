import { isLocale, translate } from '../i18n/catalog'
import type { NeedPassInput, NeedResponseInput } from '../listings/schemas'
import { isUniqueViolation, type Database, type Executor } from '../../db/index'
import { listAchievements, lockAchievement } from '../../db/repos/achievements'
import {
  countNeedResponses,
  decideNeedResponse,
  findActiveNeedResponse,
  insertNeedPass,
  insertNeedResponse,
  listNeedResponses,
  lockNeedResponse,
} from '../../db/repos/need-responses'
import { lockNeed } from '../../db/repos/needs'
import { enqueueOutbox } from '../../db/repos/outbox'
import { findUserById } from '../../db/repos/users'
import type { DeclineReason } from '../../db/schema'
import { audit } from '../platform/audit'
import { notifyWithOwnMail } from '../notifications/notify'
import { conflict, forbidden, invalid, notFound } from '../platform/errors'
import type { MailTemplate } from '../platform/mail/templates'
import { listingRef } from '../listings/workflow'
import { can, isLive, LISTING_ORG_TYPES, membershipRole, type ListingRef } from '../identity/permissions'
import type { Principal, RequestMeta } from '../identity/principal'

// Answers to a need (技术需求). An institution responds with one of its
// published achievements and/or a written proposal, or passes with a
// structured reason; the need's creator or its organisation's admins accept or
// decline each response with a structured reason. Every step is one
// transaction with its audit entry and an e-mail to the other side.

/** The verified universities and institutes the principal may respond for. */
export function responderOrgs(p: Principal) {
  return p.memberships.filter((m) => m.orgStatus === 'verified' && LISTING_ORG_TYPES.achievement.includes(m.orgType))
}

/**
 * Locks the need and checks that `actor` may answer it: outsiders learn nothing
 * about an unpublished need (404); its own organisation may not answer it (403);
 * an expired or unpublished need takes no answers (409); only institutions answer (403).
 */
async function needOpenTo(trx: Executor, actor: Principal, needId: string) {
  const need = await lockNeed(trx, needId)
  if (!need) throw notFound()
  const ref = listingRef('need', need)
  if (need.status !== 'published' && !can(actor, { action: 'listing:view-unpublished', listing: ref })) throw notFound()
  if (membershipRole(actor, need.org_id) !== null) throw forbidden('errors.ownNeed')
  if (!isLive(ref)) throw conflict(need.status === 'published' ? 'errors.listingExpired' : 'errors.listingNotLive')
  if (!can(actor, { action: 'need:respond', listing: ref })) throw forbidden('errors.respondInstitutionsOnly')
  return need
}

function responderOrg(actor: Principal, orgId: string) {
  const org = responderOrgs(actor).find((m) => m.orgId === orgId)
  if (!org) throw forbidden('errors.respondInstitutionsOnly')
  return org
}

async function mailUser(
  trx: Executor,
  userId: string,
  template: MailTemplate,
  params: (locale: 'zh-CN' | 'en') => Record<string, string>,
) {
  const user = await findUserById(trx, userId)
  if (!user) return
  const locale = isLocale(user.locale) ? user.locale : 'zh-CN'
  await enqueueOutbox(trx, 'email', { to: user.email, locale, template, params: { name: user.name, ...params(locale) } })
}

const reasonLabel = (locale: 'zh-CN' | 'en', reason: DeclineReason) => translate(locale, `decline.${reason}`)
const duplicate = (err: unknown) => isUniqueViolation(err, 'need_responses_one_per_org_idx')

export async function respondToNeed(db: Database, actor: Principal, needId: string, input: NeedResponseInput, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const need = await needOpenTo(trx, actor, needId)
    const org = responderOrg(actor, input.orgId)
    let achievementTitle = ''
    if (input.achievementId) {
      const a = await lockAchievement(trx, input.achievementId)
      if (!a || a.org_id !== org.orgId || !isLive(listingRef('achievement', a))) {
        throw invalid({ achievementId: ['errors.achievementNotOffered'] })
      }
      achievementTitle = a.title
    }
    if (await findActiveNeedResponse(trx, needId, org.orgId, 'response')) throw conflict('errors.alreadyResponded')
    let id: string
    try {
      id = await insertNeedResponse(trx, { needId, userId: actor.userId, orgId: org.orgId, achievementId: input.achievementId, proposal: input.proposal })
    } catch (err) {
      if (duplicate(err)) throw conflict('errors.alreadyResponded')
      throw err
    }
    await audit(trx, meta, actor.userId, 'need.responded', { type: 'need', id: needId, orgId: need.org_id }, {
      responseId: id,
      responderOrgId: org.orgId,
      responderOrg: org.orgName,
      ...(input.achievementId ? { achievementId: input.achievementId } : {}),
    })
    const mailNow = await notifyWithOwnMail(trx, actor.userId, [need.created_by], {
      kind: 'need_responded',
      params: { title: need.title, org: org.orgName },
      link: `/needs/${needId}#responses`,
    })
    if (mailNow(need.created_by)) await mailUser(trx, need.created_by, 'need_responded', () => ({
      title: need.title,
      org: org.orgName,
      achievement: achievementTitle || '—',
      path: `/needs/${needId}#responses`,
    }))
    return { id }
  })
}

export async function passOnNeed(db: Database, actor: Principal, needId: string, input: NeedPassInput, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const need = await needOpenTo(trx, actor, needId)
    const org = responderOrg(actor, input.orgId)
    if (await findActiveNeedResponse(trx, needId, org.orgId, 'response')) throw conflict('errors.alreadyResponded')
    if (await findActiveNeedResponse(trx, needId, org.orgId, 'pass')) throw conflict('errors.alreadyPassed')
    let id: string
    try {
      id = await insertNeedPass(trx, { needId, userId: actor.userId, orgId: org.orgId, reason: input.reason, note: input.note })
    } catch (err) {
      if (duplicate(err)) throw conflict('errors.alreadyPassed')
      throw err
    }
    await audit(trx, meta, actor.userId, 'need.passed', { type: 'need', id: needId, orgId: need.org_id }, {
      responseId: id,
      responderOrgId: org.orgId,
      responderOrg: org.orgName,
      reason: input.reason,
    })
    await mailUser(trx, need.created_by, 'need_passed', (locale) => ({
      title: need.title,
      org: org.orgName,
      reason: reasonLabel(locale, input.reason),
      note: input.note || '—',
      path: `/needs/${needId}#responses`,
    }))
    return { id }
  })
}

type Decision = { verdict: 'accept' } | { verdict: 'decline'; reason: DeclineReason; note: string }

async function decide(db: Database, actor: Principal, responseId: string, decision: Decision, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const r = await lockNeedResponse(trx, responseId)
    if (!r) throw notFound()
    const ref: ListingRef = listingRef('need', { org_id: r.need_org_id, created_by: r.need_created_by, status: r.need_status, expires_at: r.need_expires_at })
    if (r.need_status !== 'published' && !can(actor, { action: 'listing:view-unpublished', listing: ref })) throw notFound()
    if (!can(actor, { action: 'listing:answer', listing: ref })) throw forbidden()
    if (r.kind !== 'response' || r.status !== 'open') throw conflict('errors.responseDecided')
    const status = decision.verdict === 'accept' ? 'accepted' : 'declined'
    await decideNeedResponse(trx, r.id, {
      status,
      decidedBy: actor.userId,
      ...(decision.verdict === 'decline' ? { reason: decision.reason, note: decision.note } : {}),
    })
    await audit(trx, meta, actor.userId, `need.response_${status}`, { type: 'need', id: r.need_id, orgId: r.need_org_id }, {
      responseId: r.id,
      responderOrgId: r.org_id,
      ...(decision.verdict === 'decline' ? { reason: decision.reason } : {}),
    })
    const mailNow = await notifyWithOwnMail(trx, actor.userId, [r.user_id], {
      kind: status === 'accepted' ? 'need_response_accepted' : 'need_response_declined',
      params: { title: r.need_title, org: r.need_org_name },
      link: `/needs/${r.need_id}#responses`,
    })
    if (mailNow(r.user_id)) await mailUser(trx, r.user_id, status === 'accepted' ? 'need_response_accepted' : 'need_response_declined', (locale) => ({
      title: r.need_title,
      org: r.need_org_name,
      ...(decision.verdict === 'decline' ? { reason: reasonLabel(locale, decision.reason), note: decision.note || '—' } : {}),
      path: `/needs/${r.need_id}#responses`,
    }))
    return { id: r.id, status }
  })
}

export function acceptResponse(db: Database, actor: Principal, responseId: string, meta: RequestMeta) {
  return decide(db, actor, responseId, { verdict: 'accept' }, meta)
}

export function declineResponse(db: Database, actor: Principal, responseId: string, input: { reason: DeclineReason; note: string }, meta: RequestMeta) {
  return decide(db, actor, responseId, { verdict: 'decline', reason: input.reason, note: input.note }, meta)
}

/**
 * What the need's page shows about answers: insiders (its organisation, platform
 * admins) see every response and pass; an institution sees its own; a viewer
 * who may respond gets the organisations and live achievements to offer.
 */
export async function responsesForViewer(
  db: Database,
  viewer: Principal | null,
  need: { id: string; insider: boolean; canRespond: boolean },
) {
  const own = viewer ? responderOrgs(viewer).map((m) => m.orgId) : []
  const [all, mine] = await Promise.all([
    need.insider ? listNeedResponses(db, need.id) : Promise.resolve(null),
    !need.insider && own.length ? listNeedResponses(db, need.id, own) : Promise.resolve([]),
  ])
  let options: { orgs: { id: string; name: string }[]; achievements: { id: string; title: string; orgId: string; orgName: string }[] } | null = null
  if (viewer && need.canRespond) {
    const orgs = responderOrgs(viewer)
    const live = await listAchievements(db, { orgIds: orgs.map((o) => o.orgId), liveOnly: true, limit: 200 })
    options = {
      orgs: orgs.map((o) => ({ id: o.orgId, name: o.orgName })),
      achievements: live.map((a) => ({ id: a.id, title: a.title, orgId: a.org_id, orgName: a.org_name })),
    }
  }
  return { all, mine, options }
}

/** Responses (all, open) and passes per need, as a map. */
export async function responseCounts(db: Database, needIds: string[]) {
  const rows = await countNeedResponses(db, needIds)
  return Object.fromEntries(rows.map((r) => [r.need_id, { responses: r.responses, open: r.open, passes: r.passes }]))
}
