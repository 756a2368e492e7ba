import { z } from 'zod'
import type { Database } from '../../db/index'
import { lockDeal } from '../../db/repos/deals'
import { acceptManagerTerms as acceptRow, managerMemberIds, managerTerms, sideMemberIds, upsertManagerTerms } from '../../db/repos/offers'
import type { Principal, RequestMeta } from '../identity/principal'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import { conflict, forbidden, notFound } from '../platform/errors'
import { validText } from '../platform/input'
import { fenToWan } from '../platform/money'
import { publish, roomName } from '../realtime/publish'
import { dealAccess } from './access'
import { postSystemLine } from './system-line'
import { formatBp } from './terms-diff'

// A technology manager's service terms (经纪人服务条款): the commission (a rate,
// a fixed sum or both) and what they do for it. The manager states them in
// the room; each party side accepts them (any party member of that side).
// Restating them resets both acceptances. Audited, a system line, a `terms`
// event, the other people told.

export const ManagerTermsSchema = z.object({
  rateBp: z.number().int('errors.integer').min(0, 'errors.rate').max(10_000, 'errors.rate'),
  fixedFen: z.number().int('errors.integer').min(0, 'errors.amount').max(10_000_000_000_000, 'errors.amount'),
  services: z.string().trim().min(1, 'errors.required').max(2000, 'errors.maxLength|max=2000').refine(...validText),
})
export type ManagerTermsInput = z.infer<typeof ManagerTermsSchema>

const link = (dealId: string) => `/deals/${dealId}/offers#manager-terms`

export async function stateManagerTerms(db: Database, actor: Principal, dealId: string, input: ManagerTermsInput, meta: RequestMeta) {
  const t = ManagerTermsSchema.parse(input)
  return db.transaction().execute(async (trx) => {
    const access = await dealAccess(trx, actor, dealId)
    if (!access) throw notFound()
    if (access.side !== 'manager') throw forbidden('offers.errors.onlyManager')
    const deal = await lockDeal(trx, dealId)
    if (!deal) throw notFound()
    if (deal.stage === 'closed_lost') throw conflict('offers.errors.notNegotiable')
    await upsertManagerTerms(trx, { dealId, managerId: actor.userId, agencyId: access.orgId, ...t })
    const rate = formatBp(t.rateBp)
    const fixed = fenToWan(t.fixedFen)
    await audit(trx, meta, actor.userId, 'deal.managerTermsStated', { type: 'deal', id: dealId, orgId: access.orgId }, { rateBp: t.rateBp, fixedFen: t.fixedFen })
    await postSystemLine(trx, dealId, 'deals.system.managerTermsStated', { actor: actor.name, rate, fixed })
    await publish(trx, roomName('deal', dealId), 'terms', { managerId: actor.userId })
    const parties = [...(await sideMemberIds(trx, dealId, 'seller')), ...(await sideMemberIds(trx, dealId, 'buyer'))]
    await notify(trx, parties, { kind: 'deal_manager_terms', params: { title: deal.title, actor: actor.name, rate, fixed }, link: link(dealId) })
  })
}

/** One side (a party member or admin of it) accepts the terms of `managerId` as stated at `statedAt`. */
export async function acceptManagerTerms(db: Database, actor: Principal, dealId: string, managerId: string, statedAt: string | null, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const access = await dealAccess(trx, actor, dealId)
    if (!access) throw notFound()
    if (access.side === 'manager') throw forbidden('offers.errors.onlyParties')
    const deal = await lockDeal(trx, dealId)
    if (!deal) throw notFound()
    const terms = (await managerTerms(trx, dealId)).find((m) => m.manager_id === managerId)
    if (!terms) throw notFound()
    // The terms the person read: a restatement since then must be read again.
    if (statedAt && terms.stated_at.toISOString() !== statedAt) throw conflict('offers.errors.managerTermsChanged')
    const ok = await acceptRow(trx, dealId, managerId, access.side, actor.userId, terms.stated_at)
    if (!ok) throw conflict('offers.errors.managerTermsAlreadyAccepted')
    await audit(trx, meta, actor.userId, 'deal.managerTermsAccepted', { type: 'deal', id: dealId, orgId: access.orgId }, { manager: managerId, side: access.side })
    await postSystemLine(trx, dealId, 'deals.system.managerTermsAccepted', { actor: actor.name, manager: terms.manager_name, side: access.side })
    await publish(trx, roomName('deal', dealId), 'terms', { managerId })
    const managers = (await managerMemberIds(trx, dealId)).filter((u) => u === managerId)
    await notify(trx, managers, { kind: 'deal_manager_terms_accepted', params: { title: deal.title, actor: actor.name }, link: link(dealId) })
  })
}

export async function managerTermsView(db: Database, dealId: string) {
  return (await managerTerms(db, dealId)).map((m) => ({
    managerId: m.manager_id,
    managerName: m.manager_name,
    agencyName: m.agency_name,
    rateBp: m.rate_bp,
    fixedFen: m.fixed_fen,
    services: m.services,
    statedAt: m.stated_at.toISOString(),
    sellerAcceptedBy: m.seller_accepted_name,
    sellerAcceptedAt: m.seller_accepted_at?.toISOString() ?? null,
    buyerAcceptedBy: m.buyer_accepted_name,
    buyerAcceptedAt: m.buyer_accepted_at?.toISOString() ?? null,
  }))
}
