import { isLocale, translate, type Locale } from '../../i18n/catalog'
import type { ProposeMatchInput } from './schemas'
import { isUniqueViolation, type Database, type Executor } from '../../../db/index'
import { achievementsForMatching, needsForMatching } from '../../../db/repos/matching'
import {
  countOpenClaims,
  deleteClaim,
  deleteLapsedClaim,
  findAchievementForMatch,
  findClaim,
  lockManagerClaims,
  findMatchByPair,
  insertClaim,
  insertMatch,
  lockMatch,
  lockNeedForMatch,
  setMatchAnswer,
  type MatchSide,
  type MatchStatus,
} from '../../../db/repos/matches'
import { enqueueOutbox } from '../../../db/repos/outbox'
import { findUserById } from '../../../db/repos/users'
import type { DeclineReason } from '../../../db/schema'
import { audit } from '../../platform/audit'
import { notifyWithOwnMail } from '../../notifications/notify'
import { conflict, forbidden, notFound } from '../../platform/errors'
import { listingRef } from '../../listings/workflow'
import type { MailTemplate } from '../../platform/mail/templates'
import { can, isLive, membershipRole } from '../../identity/permissions'
import type { Principal, RequestMeta } from '../../identity/principal'
import { scoreMatch, type Reason } from './score'
import { weightsOn } from './weights'
import { DEFAULT_CLAIM_LIMITS, type ClaimLimits } from './claims'

// The technology managers' side of matching. A manager claims a live need (one
// manager per need), proposes one of its candidate achievements (the score and
// its reasons are kept as they were at that moment), and both sides are told —
// an e-mail through the outbox and the match on their /my/matches. Each side
// answers "interested" or declines with a structured reason; both interested
// makes the match 'accepted' (ready to become a deal), either declining makes it
// 'declined'. Every step is one transaction with its audit entry.

/** What a match keeps of the recommendation it came from. */
export interface MatchExplanation {
  /** The weights version (effective date) the score was computed with. */
  weights: string
  reasons: Reason[]
}

export type MatchAnswerInput =
  | { side: MatchSide; answer: 'interested' }
  | { side: MatchSide; answer: 'declined'; reason: DeclineReason; note: string }

function requireManager(actor: Principal) {
  if (!can(actor, { action: 'match:board' })) throw forbidden('errors.match.managersOnly')
}

/** Locks a need a manager works on: unpublished needs do not exist for managers; expired ones take no claims. */
async function lockLiveNeed(trx: Executor, actor: Principal, needId: string) {
  const need = await lockNeedForMatch(trx, needId)
  if (!need) throw notFound()
  const ref = listingRef('need', need)
  if (need.status !== 'published' && !can(actor, { action: 'listing:view-unpublished', listing: ref })) throw notFound()
  if (!isLive(ref)) throw conflict(need.status === 'published' ? 'errors.listingExpired' : 'errors.listingNotLive')
  return { need, ref }
}

async function mailUser(trx: Executor, userId: string, template: MailTemplate, params: (locale: Locale) => Record<string, string>) {
  const user = await findUserById(trx, userId)
  if (!user) return
  const locale = isLocale(user.locale) ? user.locale : 'zh-CN'
  await enqueueOutbox(trx, 'email', { to: user.email, locale, template, params: { name: user.name, ...params(locale) } })
}

type Claim = NonNullable<Awaited<ReturnType<typeof findClaim>>>

/** A lapsed claim found while working on a need: it goes, with an audit entry, and the need is free. */
async function dropLapsedClaim(trx: Executor, claim: Claim, need: { id: string; org_id: string; title: string }, meta: RequestMeta, lapseDays: number) {
  if (!(await deleteLapsedClaim(trx, claim, lapseDays))) return
  await audit(trx, meta, null, 'match.claim_lapsed', { type: 'need_claim', id: need.id, orgId: need.org_id }, {
    title: need.title,
    managerId: claim.manager_id,
    claimedAt: claim.claimed_at,
    lapseDays,
  })
}

/**
 * The manager claims a live need: nobody else may hold it (a lapsed claim does
 * not count), and the manager may hold at most `limits.maxOpenClaims` claims
 * without a proposed match.
 */
export async function claimNeed(db: Database, actor: Principal, needId: string, meta: RequestMeta, limits: ClaimLimits = DEFAULT_CLAIM_LIMITS) {
  requireManager(actor)
  return db.transaction().execute(async (trx) => {
    const { need } = await lockLiveNeed(trx, actor, needId)
    const claim = await findClaim(trx, need.id, limits.lapseDays)
    if (claim && !claim.lapsed) throw conflict(claim.manager_id === actor.userId ? 'errors.match.alreadyClaimed' : 'errors.match.claimedByOther')
    await lockManagerClaims(trx, actor.userId)
    if ((await countOpenClaims(trx, actor.userId, limits.lapseDays)) >= limits.maxOpenClaims) {
      throw conflict(`errors.match.tooManyClaims|max=${limits.maxOpenClaims}`)
    }
    if (claim) await dropLapsedClaim(trx, claim, need, meta, limits.lapseDays)
    if (!(await insertClaim(trx, need.id, actor.userId))) throw conflict('errors.match.claimedByOther')
    await audit(trx, meta, actor.userId, 'match.need_claimed', { type: 'need_claim', id: need.id, orgId: need.org_id }, { title: need.title })
    return { needId: need.id }
  })
}

/** The manager lets a need go back to the board; their proposed matches stay. */
export async function releaseNeed(db: Database, actor: Principal, needId: string, meta: RequestMeta) {
  requireManager(actor)
  return db.transaction().execute(async (trx) => {
    const need = await lockNeedForMatch(trx, needId)
    if (!need) throw notFound()
    if (!(await deleteClaim(trx, need.id, actor.userId))) throw conflict('errors.match.notYourClaim')
    await audit(trx, meta, actor.userId, 'match.need_released', { type: 'need_claim', id: need.id, orgId: need.org_id }, { title: need.title })
    return { needId: need.id }
  })
}

export async function proposeMatch(db: Database, actor: Principal, input: ProposeMatchInput, meta: RequestMeta, limits: ClaimLimits = DEFAULT_CLAIM_LIMITS) {
  requireManager(actor)
  return db.transaction().execute(async (trx) => {
    const { need, ref: needRef } = await lockLiveNeed(trx, actor, input.needId)
    const a = await findAchievementForMatch(trx, input.achievementId)
    if (!a) throw notFound()
    const achRef = listingRef('achievement', a)
    if (a.status !== 'published' && !can(actor, { action: 'listing:view-unpublished', listing: achRef })) throw notFound()
    if (!isLive(achRef)) throw conflict(a.status === 'published' ? 'errors.listingExpired' : 'errors.listingNotLive')
    let claim = await findClaim(trx, need.id, limits.lapseDays)
    if (claim?.lapsed) {
      await dropLapsedClaim(trx, claim, need, meta, limits.lapseDays)
      claim = undefined
    }
    if (claim && claim.manager_id !== actor.userId) throw conflict('errors.match.claimedByOther')
    const existing = await findMatchByPair(trx, need.id, a.id)
    if (existing) throw conflict('errors.match.alreadyProposed')
    const allowed = can(actor, {
      action: 'match:propose',
      need: needRef,
      achievement: achRef,
      claimedBy: claim?.manager_id ?? null,
      alreadyProposed: false,
    })
    if (!allowed) throw forbidden()

    // Proposing on an unclaimed need claims it: one manager works a need.
    if (!claim) {
      await insertClaim(trx, need.id, actor.userId)
      await audit(trx, meta, actor.userId, 'match.need_claimed', { type: 'need_claim', id: need.id, orgId: need.org_id }, { title: need.title })
    }

    const [[n], [ach]] = await Promise.all([needsForMatching(trx, [need.id]), achievementsForMatching(trx, [a.id])])
    const weights = weightsOn()
    const scored = scoreMatch(n!, ach!, weights)
    const explanation: MatchExplanation = { weights: weights.effectiveFrom, reasons: scored.reasons }
    let id: string
    try {
      id = await insertMatch(trx, { needId: need.id, achievementId: a.id, managerId: actor.userId, score: scored.score, explanation, note: input.note })
    } catch (err) {
      if (isUniqueViolation(err, 'matches_pair_unique')) throw conflict('errors.match.alreadyProposed')
      throw err
    }
    await audit(trx, meta, actor.userId, 'match.proposed', { type: 'match', id, orgId: need.org_id }, {
      needId: need.id,
      achievementId: a.id,
      achievementOrgId: a.org_id,
      score: scored.score,
    })
    const common = (locale: Locale) => ({
      need: need.title,
      needOrg: need.org_name,
      achievement: a.title,
      achievementOrg: a.org_name,
      manager: actor.name,
      score: String(scored.score),
      note: input.note || translate(locale, 'match.mail.noNote'),
      path: `/my/matches#match-${id}`,
    })
    // Both sides: the need's creator and the achievement's creator, who answer it.
    const mailNow = await notifyWithOwnMail(trx, actor.userId, [need.created_by, a.created_by], {
      kind: 'match_proposed',
      params: { need: need.title, achievement: a.title, manager: actor.name },
      link: `/my/matches#match-${id}`,
    })
    if (mailNow(need.created_by)) await mailUser(trx, need.created_by, 'match_proposed_need', common)
    if (mailNow(a.created_by)) await mailUser(trx, a.created_by, 'match_proposed_achievement', common)
    return { id, score: scored.score }
  })
}

export async function answerMatch(db: Database, actor: Principal, matchId: string, input: MatchAnswerInput, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const m = await lockMatch(trx, matchId)
    if (!m) throw notFound()
    // Only the two sides and the manager know a match exists.
    const party =
      m.manager_id === actor.userId || membershipRole(actor, m.need_org_id) !== null || membershipRole(actor, m.achievement_org_id) !== null
    if (!party && !actor.isPlatformAdmin) throw notFound()
    const listing =
      input.side === 'enterprise'
        ? listingRef('need', { org_id: m.need_org_id, created_by: m.need_created_by, status: m.need_status, expires_at: m.need_expires_at })
        : listingRef('achievement', {
            org_id: m.achievement_org_id,
            created_by: m.achievement_created_by,
            status: m.achievement_status,
            expires_at: m.achievement_expires_at,
          })
    if (!can(actor, { action: 'match:answer', listing })) throw forbidden('errors.match.notYourSide')
    const mine = input.side === 'enterprise' ? m.enterprise_answer : m.institution_answer
    const theirs = input.side === 'enterprise' ? m.institution_answer : m.enterprise_answer
    if (m.status !== 'proposed' || mine !== null) throw conflict('errors.match.answered')

    const status: MatchStatus = input.answer === 'declined' ? 'declined' : theirs === 'interested' ? 'accepted' : 'proposed'
    await setMatchAnswer(trx, m.id, {
      side: input.side,
      answer: input.answer,
      reason: input.answer === 'declined' ? input.reason : null,
      note: input.answer === 'declined' ? input.note || null : null,
      status,
    })
    await audit(trx, meta, actor.userId, `match.${input.answer}`, { type: 'match', id: m.id, orgId: input.side === 'enterprise' ? m.need_org_id : m.achievement_org_id }, {
      side: input.side,
      status,
      ...(input.answer === 'declined' ? { reason: input.reason } : {}),
    })

    const org = input.side === 'enterprise' ? m.need_org_name : m.achievement_org_name
    const base = { need: m.need_title, achievement: m.achievement_title, org }
    // The manager who proposed it acts on every answer (opens the deal once both are interested).
    const mailNow = await notifyWithOwnMail(trx, actor.userId, [m.manager_id], {
      kind: status === 'accepted' ? 'match_accepted' : input.answer === 'declined' ? 'match_declined' : 'match_interested',
      params: base,
      link: `/match-board#match-${m.id}`,
    })
    if (status === 'accepted') {
      const params = () => ({ ...base, needOrg: m.need_org_name, achievementOrg: m.achievement_org_name, manager: m.manager_name })
      if (mailNow(m.manager_id)) await mailUser(trx, m.manager_id, 'match_accepted', () => ({ ...params(), path: `/match-board#match-${m.id}` }))
      for (const userId of new Set([m.need_created_by, m.achievement_created_by])) {
        await mailUser(trx, userId, 'match_accepted', () => ({ ...params(), path: `/my/matches#match-${m.id}` }))
      }
    } else if (input.answer === 'declined') {
      if (mailNow(m.manager_id)) await mailUser(trx, m.manager_id, 'match_declined', (locale) => ({
        ...base,
        reason: translate(locale, `decline.${input.reason}`),
        note: input.note || '—',
        path: `/match-board#match-${m.id}`,
      }))
    } else {
      if (mailNow(m.manager_id)) await mailUser(trx, m.manager_id, 'match_interested', () => ({ ...base, path: `/match-board#match-${m.id}` }))
    }
    return { id: m.id, status }
  })
}
