import { z } from 'zod'
import type { Executor } from '../../db/index'
import { contractChildren, findContract, findContractByDeal, type ContractRow } from '../../db/repos/contracts'
import { contractInScope, contractRegistration, listContracts, userNames, type ContractScope } from '../../db/repos/contracts-work'
import { agreedTerms } from '../../db/repos/offers'
import type { DealAccess } from '../deals/access'
import { officerScope, type Principal } from '../identity/principal'
import { categoryOf } from './types'

// Reading contracts (ADR 036): one view shape for the deal's contract page, the
// /contracts list and the partner API. Who sees what: the people in the deal
// room see its contract (the page); a list shows the contracts of the viewer's
// organisations, all of them to a city officer (with the reward-floor filter),
// those with a party in their county to a county officer; an API token sees its
// organisation's. Nobody else learns that a contract exists (404).

/** A `date` column (read as local midnight) as YYYY-MM-DD. */
export function dayString(d: Date | string | null): string | null {
  if (d === null) return null
  if (typeof d === 'string') return d.slice(0, 10)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

export async function contractView(db: Executor, c: ContractRow) {
  const [{ parties, payments, nonTechnical, rewards }, reg] = await Promise.all([contractChildren(db, c.id), contractRegistration(db, [c.id])])
  const names = await userNames(db, [...new Set([...parties.map((p) => p.confirmed_by), c.signed_by].filter((x): x is string => !!x))])
  const nonTechnicalFen = nonTechnical.reduce((s, n) => s + n.amount_fen, 0)
  const registration = reg.get(c.id) ?? null
  return {
    id: c.id,
    dealId: c.deal_id,
    status: c.status,
    revision: c.revision,
    title: c.title,
    contractType: c.contract_type,
    category: categoryOf(c.contract_type),
    subject: c.subject,
    termStart: dayString(c.term_start),
    termEnd: dayString(c.term_end),
    contractAmountFen: c.contract_amount_fen,
    technologyAmountFen: c.technology_amount_fen,
    nonTechnicalFen,
    serviceAchievement: c.service_achievement,
    reward: { sharePpm: c.reward_share_ppm, floorPpm: c.reward_floor_ppm, belowFloor: c.reward_below_floor },
    buyerApplication: c.buyer_application,
    projectedInvestmentFen: c.projected_investment_fen,
    projectedOutputFen: c.projected_output_fen,
    termsVersion: c.terms_version,
    parties: parties.map((p) => ({
      orgId: p.org_id,
      side: p.side,
      name: p.name,
      creditCode: p.credit_code,
      divisionCode: p.division_code,
      confirmed: p.confirmed_revision === c.revision,
      confirmedRevision: p.confirmed_revision,
      confirmedByName: p.confirmed_by ? (names.get(p.confirmed_by) ?? null) : null,
      confirmedAt: p.confirmed_at?.toISOString() ?? null,
    })),
    payments: payments.map((p) => ({ milestone: p.milestone, amountFen: p.amount_fen, dueOn: dayString(p.due_on) })),
    nonTechnical: nonTechnical.map((n) => ({ kind: n.kind, description: n.description, amountFen: n.amount_fen })),
    rewards: rewards.map((r) => ({ personName: r.person_name, role: r.role, sharePpm: r.share_ppm })),
    signedScanId: c.signed_scan_id,
    confirmedAt: c.confirmed_at?.toISOString() ?? null,
    signedAt: c.signed_at?.toISOString() ?? null,
    signedByName: c.signed_by ? (names.get(c.signed_by) ?? null) : null,
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
    registration: registration ? { id: registration.id, status: registration.status, number: registration.number } : null,
  }
}
export type ContractView = Awaited<ReturnType<typeof contractView>>

/** The deal page's contract and what the viewer may do with it. */
export async function dealContractPage(db: Executor, access: DealAccess) {
  const [row, agreed] = await Promise.all([findContractByDeal(db, access.deal.id), agreedTerms(db, access.deal.id)])
  const contract = row ? await contractView(db, row) : null
  const party = access.side !== 'manager'
  const open = access.deal.stage !== 'closed_lost'
  const mine = contract?.parties.find((p) => p.orgId === access.orgId)
  return {
    contract,
    hasTerms: !!agreed,
    may: {
      draft: !contract && !!agreed && open,
      edit: !!contract && contract.status !== 'signed' && open,
      confirm: !!contract && party && contract.status === 'draft' && !!mine && !mine.confirmed && open,
      sign: !!contract && party && contract.status === 'confirmed' && open,
      // 认定登记 is the seller's step once signed; a refused submission may be followed by a new one.
      register: !!contract && mine?.side === 'seller' && contract.status === 'signed' && (!contract.registration || contract.registration.status === 'refused'),
    },
  }
}

/** The deal room's link to its contract: 'view' once drafted, 'draft' when terms are agreed, else null. */
export async function contractLinkFor(db: Executor, access: DealAccess): Promise<'view' | 'draft' | null> {
  if (await findContractByDeal(db, access.deal.id)) return 'view'
  return access.deal.stage !== 'closed_lost' && (await agreedTerms(db, access.deal.id)) ? 'draft' : null
}

/** The contracts a person's lists show (see the header). */
export function viewerScope(p: Principal): ContractScope {
  const officer = officerScope(p)
  if (officer === 'all') return 'all'
  return { orgIds: p.memberships.filter((m) => m.orgStatus === 'verified' && m.orgType !== 'government').map((m) => m.orgId), divisions: officer }
}

/** Whether the viewer is a city officer (who gets the reward-floor filter). */
export const isCityOfficer = (p: Principal) => officerScope(p) === 'all'

export const ContractListQuery = z.object({
  page: z.coerce.number({ invalid_type_error: 'api.errors.page' }).int('api.errors.page').min(1, 'api.errors.page').max(100_000, 'api.errors.page').default(1),
  pageSize: z.coerce.number({ invalid_type_error: 'api.errors.pageSize' }).int('api.errors.pageSize').min(1, 'api.errors.pageSize').max(100, 'api.errors.pageSize').default(20),
  flag: z.enum(['below']).optional(),
  status: z.enum(['draft', 'confirmed', 'signed']).optional(),
})
export type ContractListQuery = z.infer<typeof ContractListQuery>

export async function contractPage(db: Executor, scope: ContractScope, q: ContractListQuery) {
  const { rows, total } = await listContracts(db, scope, { belowFloor: q.flag === 'below', status: q.status, limit: q.pageSize, offset: (q.page - 1) * q.pageSize })
  const regs = await contractRegistration(
    db,
    rows.map((r) => r.id),
  )
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      dealId: r.deal_id,
      title: r.title,
      status: r.status,
      contractType: r.contract_type,
      category: categoryOf(r.contract_type),
      contractAmountFen: r.contract_amount_fen,
      technologyAmountFen: r.technology_amount_fen,
      sellerName: r.seller_name ?? null,
      buyerNames: r.buyer_names ?? null,
      serviceAchievement: r.service_achievement,
      reward: { sharePpm: r.reward_share_ppm, floorPpm: r.reward_floor_ppm, belowFloor: r.reward_below_floor },
      signedAt: r.signed_at?.toISOString() ?? null,
      updatedAt: r.updated_at.toISOString(),
      registration: regs.get(r.id) ?? null,
    })),
  }
}

/** One contract in the viewer's scope, or null (→ 404). */
export async function contractInScopeView(db: Executor, scope: ContractScope, id: string) {
  if (!(await contractInScope(db, id, scope))) return null
  const row = await findContract(db, id)
  return row ? contractView(db, row) : null
}

// ── The partner API (/api/v1/contracts): a token sees its organisation's contracts, a session the page's scope. ──

export const apiScope = (principal: Principal, tokenOrgId: string | null): ContractScope => (tokenOrgId ? { orgIds: [tokenOrgId], divisions: [] } : viewerScope(principal))

export async function apiContractPage(db: Executor, principal: Principal, tokenOrgId: string | null, q: ContractListQuery, origin: string) {
  const { items, total } = await contractPage(db, apiScope(principal, tokenOrgId), q)
  return { total, items: items.map((i) => ({ ...i, url: `${origin}/deals/${i.dealId}/contract` })) }
}

export async function apiContract(db: Executor, principal: Principal, tokenOrgId: string | null, id: string, origin: string) {
  const c = await contractInScopeView(db, apiScope(principal, tokenOrgId), id)
  if (!c) return null
  // Who confirmed is a name inside the parties' organisations: not for partner systems.
  const { signedScanId: _scan, signedByName: _by, ...rest } = c
  return {
    ...rest,
    parties: c.parties.map((p) => ({ orgId: p.orgId, side: p.side, name: p.name, creditCode: p.creditCode, divisionCode: p.divisionCode, confirmed: p.confirmed, confirmedAt: p.confirmedAt })),
    url: `${origin}/deals/${c.dealId}/contract`,
  }
}
