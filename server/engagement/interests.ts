import type { InterestInput, PassInput } from './schemas'
import type { Database, Executor } from '../../db/index'
import { findActiveInterest, insertInterest, latestInterestsOfOrgs, lockInterest, setInterestDecision } from '../../db/repos/interests'
import type { DeclineReason } from '../../db/schema'
import { audit } from '../platform/audit'
import { notifyWithOwnMail } from '../notifications/notify'
import { mailUser } from './details'
import { enterpriseOrgs, isInsider, lockAchievementToAnswer, lockAchievementToEngage, viewableAchievement } from './rules'
import { conflict, forbidden, notFound } from '../platform/errors'
import { can, isLive } from '../identity/permissions'
import type { Principal, RequestMeta } from '../identity/principal'

// Interest in an achievement. An enterprise registers interest (how it wants
// to be contacted, a note) and the owner accepts or declines it with a
// structured reason; or the enterprise passes on the achievement with a
// structured reason (too early, benefit unclear, price, not our field, other),
// stored as an interest row declined by the enterprise itself (decided_by =
// user_id) so the owner learns why. One open-or-accepted interest per
// organisation and achievement.

export async function interestPage(db: Database, viewer: Principal, achievementId: string) {
  const { a, ref } = await viewableAchievement(db, viewer, achievementId)
  const head = { id: a.id, title: a.title, orgName: a.org_name, summary: a.summary, status: a.status, live: isLive(ref) }
  if (isInsider(viewer, ref)) return { state: 'own' as const, achievement: head, canDecide: can(viewer, { action: 'listing:answer', listing: ref }) }
  const orgs = enterpriseOrgs(viewer)
  if (!orgs.length) throw forbidden()
  if (a.status !== 'published') throw notFound()
  const latest = await latestInterestsOfOrgs(db, a.id, orgs.map((o) => o.orgId))
  const mine = latest.map((i) => ({
    id: i.id,
    orgName: orgs.find((o) => o.orgId === i.org_id)?.orgName ?? '',
    status: i.status,
    passed: i.status === 'declined' && i.decided_by === i.user_id,
    contactPreference: i.contact_preference,
    note: i.note,
    reason: i.decline_reason,
    reasonNote: i.decline_note,
    createdAt: i.created_at,
    decidedAt: i.decided_at,
  }))
  return {
    state: 'enterprise' as const,
    achievement: head,
    orgs: orgs.map((o) => ({ id: o.orgId, name: o.orgName })),
    mine,
    // An organisation with an open or accepted interest has nothing more to say here.
    canAct: can(viewer, { action: 'interest:create', listing: ref }) && mine.filter((m) => m.status !== 'declined').length < orgs.length,
  }
}

/** Locks the achievement for a new interest or pass of the acting organisation; a conflict when it has an open or accepted one. */
async function lockForNewInterest(trx: Executor, actor: Principal, achievementId: string, orgId: string | undefined) {
  const { a, org } = await lockAchievementToEngage(trx, actor, achievementId, 'interest:create', orgId)
  const active = await findActiveInterest(trx, a.id, org.orgId)
  if (active) throw conflict(active.status === 'accepted' ? 'engagement.errors.interestAccepted' : 'engagement.errors.interestExists')
  return { a, org }
}

/** Registers interest; the owner is e-mailed. */
export async function registerInterest(db: Database, actor: Principal, achievementId: string, input: InterestInput, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const { a, org } = await lockForNewInterest(trx, actor, achievementId, input.orgId)
    const id = await insertInterest(trx, {
      achievementId: a.id,
      userId: actor.userId,
      orgId: org.orgId,
      contactPreference: input.contactPreference,
      note: input.note,
    })
    await audit(trx, meta, actor.userId, 'interest.registered', { type: 'interest', id, orgId: a.org_id }, {
      achievementId: a.id,
      interestedOrgId: org.orgId,
      contactPreference: input.contactPreference,
    })
    const mailNow = await notifyWithOwnMail(trx, actor.userId, [a.created_by], {
      kind: 'interest_registered',
      params: { title: a.title, org: org.orgName },
      link: `/achievements/${a.id}/access`,
    })
    if (mailNow(a.created_by)) await mailUser(trx, a.created_by, 'interest_registered', (t) => ({
      title: a.title,
      org: org.orgName,
      person: actor.name,
      contact: t(`engagement.contact.${input.contactPreference}`),
      note: input.note || '—',
      path: `/achievements/${a.id}/access`,
    }))
    return { id }
  })
}

/** The enterprise passes on the achievement and says why; no e-mail, the owner sees it on the access page and dashboard. */
export async function passOnAchievement(db: Database, actor: Principal, achievementId: string, input: PassInput, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const { a, org } = await lockForNewInterest(trx, actor, achievementId, input.orgId)
    const [latest] = await latestInterestsOfOrgs(trx, a.id, [org.orgId])
    if (latest && latest.status === 'declined' && latest.decided_by === latest.user_id) throw conflict('engagement.errors.alreadyPassed')
    const id = await insertInterest(trx, {
      achievementId: a.id,
      userId: actor.userId,
      orgId: org.orgId,
      contactPreference: 'platform',
      note: '',
      pass: { reason: input.reason, note: input.note },
    })
    await audit(trx, meta, actor.userId, 'interest.passed', { type: 'interest', id, orgId: a.org_id }, {
      achievementId: a.id,
      interestedOrgId: org.orgId,
      reason: input.reason,
    })
    return { id }
  })
}

/** The owner accepts an open interest, or declines it with a structured reason; the enterprise is e-mailed. */
export async function decideInterest(
  db: Database,
  actor: Principal,
  achievementId: string,
  interestId: string,
  decision: { accept: true } | { accept: false; reason: DeclineReason; note: string },
  meta: RequestMeta,
) {
  return db.transaction().execute(async (trx) => {
    const a = await lockAchievementToAnswer(trx, actor, achievementId, 'listing:answer')
    const i = await lockInterest(trx, interestId)
    if (!i || i.achievement_id !== a.id) throw notFound()
    if (i.status !== 'open') throw conflict('engagement.errors.alreadyDecided')
    if (decision.accept) {
      await setInterestDecision(trx, i.id, { status: 'accepted', decidedBy: actor.userId })
    } else {
      await setInterestDecision(trx, i.id, { status: 'declined', decidedBy: actor.userId, reason: decision.reason, note: decision.note || null })
    }
    const status = decision.accept ? 'accepted' : 'declined'
    await audit(trx, meta, actor.userId, `interest.${status}`, { type: 'interest', id: i.id, orgId: a.org_id }, {
      achievementId: a.id,
      interestedOrgId: i.org_id,
      ...(decision.accept ? {} : { reason: decision.reason }),
    })
    const mailNow = await notifyWithOwnMail(trx, actor.userId, [i.user_id], {
      kind: decision.accept ? 'interest_accepted' : 'interest_declined',
      params: { title: a.title },
      link: `/achievements/${a.id}/interest`,
    })
    if (mailNow(i.user_id)) await mailUser(trx, i.user_id, decision.accept ? 'interest_accepted' : 'interest_declined', (t) => ({
      title: a.title,
      owner: actor.name,
      ownerEmail: actor.email,
      reason: decision.accept ? '' : t(`decline.${decision.reason}`),
      note: decision.accept ? '' : decision.note || '—',
      path: `/achievements/${a.id}/interest`,
    }))
    return { id: i.id, status }
  })
}
