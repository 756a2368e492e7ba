import type { Database, Executor } from '../../db/index'
import { dealMembers, insertStageChange, lockDeal, setDealStage, stageChanges } from '../../db/repos/deals'
import type { DealClosedReason, DealStage } from '../../db/schema'
import { translate } from '../i18n/catalog'
import type { Principal, RequestMeta } from '../identity/principal'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import { conflict, notFound } from '../platform/errors'
import { publish, roomName } from '../realtime/publish'
import { dealAccess, type DealAccess } from './access'
import { DEAL_PATH, manualNext, mayCloseFrom } from './stage-rules'
import { postSystemLine } from './system-line'

// Moving a deal along 意向 → 洽谈 → 条款确认 → 签约 → 合同登记 → 实施, or
// closing it as 成交失败 with a structured reason. Any party member or manager
// in the room may take the manual steps (stage-rules.ts); 条款确认 comes only
// from an accepted offer. Each change: the deal row locked, the stage history,
// an audit entry, a system line, a `stage` event and a notice to the others.

async function lockedAccess(trx: Executor, actor: Principal, dealId: string) {
  const locked = await lockDeal(trx, dealId)
  if (!locked) throw notFound()
  const access = await dealAccess(trx, actor, locked.id)
  if (!access) throw notFound()
  return access
}

async function tellOthers(trx: Executor, access: DealAccess, actor: Principal, stage: DealStage) {
  const others = (await dealMembers(trx, access.deal.id)).map((m) => m.user_id).filter((u) => u !== actor.userId)
  // Names in the notice are plain text (translated once, zh first): the centre shows params as given.
  await notify(trx, others, {
    kind: 'deal_stage',
    params: { title: access.deal.title, actor: actor.name, stage: translate('zh-CN', `deals.stage.${stage}`) },
    link: `/deals/${access.deal.id}`,
  })
}

/** Takes the next manual step from `from` (the stage the page showed). */
export async function advanceStage(db: Database, actor: Principal, dealId: string, from: DealStage, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const access = await lockedAccess(trx, actor, dealId)
    const current = access.deal.stage
    if (current !== from) throw conflict('deals.errors.stageChanged')
    const to = manualNext(current)
    if (!to) throw conflict(current === 'negotiation' ? 'deals.errors.termsFromOffer' : 'deals.errors.noNextStage')
    await setDealStage(trx, access.deal.id, to)
    await insertStageChange(trx, { dealId: access.deal.id, from: current, to, actorId: actor.userId })
    await audit(trx, meta, actor.userId, 'deal.stage_changed', { type: 'deal', id: access.deal.id, orgId: access.orgId }, { from: current, to })
    await postSystemLine(trx, access.deal.id, 'deals.system.stage', { actor: actor.name, from: current, to })
    await publish(trx, roomName('deal', access.deal.id), 'stage', { from: current, to })
    await tellOthers(trx, access, actor, to)
    return { from: current, to }
  })
}

/** Closes the room as 成交失败 with a structured reason and an optional note. */
export async function closeDealLost(db: Database, actor: Principal, dealId: string, input: { reason: DealClosedReason; note: string }, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const access = await lockedAccess(trx, actor, dealId)
    const current = access.deal.stage
    if (!mayCloseFrom(current)) throw conflict(current === 'closed_lost' ? 'deals.errors.closed' : 'deals.errors.cannotClose')
    const note = input.note.trim() || null
    await setDealStage(trx, access.deal.id, 'closed_lost', { reason: input.reason, note })
    await insertStageChange(trx, { dealId: access.deal.id, from: current, to: 'closed_lost', reason: input.reason, note, actorId: actor.userId })
    await audit(trx, meta, actor.userId, 'deal.closed_lost', { type: 'deal', id: access.deal.id, orgId: access.orgId }, { from: current, reason: input.reason, note })
    await postSystemLine(trx, access.deal.id, 'deals.system.closed', { actor: actor.name, reason: input.reason })
    await publish(trx, roomName('deal', access.deal.id), 'stage', { from: current, to: 'closed_lost' })
    await tellOthers(trx, access, actor, 'closed_lost')
    return { from: current }
  })
}

export async function timeline(db: Executor, access: DealAccess) {
  const rows = await stageChanges(db, access.deal.id)
  return rows.map((r) => ({ id: r.id, from: r.from_stage, to: r.to_stage, reason: r.reason as DealClosedReason | null, note: r.note, at: r.at.toISOString(), actorName: r.actor_name }))
}

/**
 * Moves the deal forward to `to` inside the caller's transaction, for a step
 * another service decides (a signed contract → 合同登记): the same history,
 * audit entry, system line, `stage` event and notices as advanceStage. The
 * caller holds the deal's lock and has authorised the actor. A deal already at
 * or past `to` (or closed) is left as it is; returns whether it moved.
 */
export async function moveStageIn(trx: Executor, actor: Principal, access: DealAccess, to: DealStage, meta: RequestMeta) {
  const current = access.deal.stage
  const path: readonly DealStage[] = DEAL_PATH
  if (current === 'closed_lost' || path.indexOf(current) >= path.indexOf(to)) return false
  await setDealStage(trx, access.deal.id, to)
  await insertStageChange(trx, { dealId: access.deal.id, from: current, to, actorId: actor.userId })
  await audit(trx, meta, actor.userId, 'deal.stage_changed', { type: 'deal', id: access.deal.id, orgId: access.orgId }, { from: current, to })
  await postSystemLine(trx, access.deal.id, 'deals.system.stage', { actor: actor.name, from: current, to })
  await publish(trx, roomName('deal', access.deal.id), 'stage', { from: current, to })
  await tellOthers(trx, access, actor, to)
  return true
}
