import { createHash, randomUUID } from 'node:crypto'
import type { Database, Executor } from '../../db/index'
import { contractChildren, findContract, findContractByDeal, insertContract, insertContractChildren, lockContract, type ContractRow } from '../../db/repos/contracts'
import { cityOfficerIds, confirmParty, dealPartyOrganisations, dealPatentStatuses, updateContractHead } from '../../db/repos/contracts-work'
import { insertDealAttachment } from '../../db/repos/deal-rooms'
import { isUuid } from '../../db/repos/ids'
import { dealMembers, lockDeal } from '../../db/repos/deals'
import { agreedTerms } from '../../db/repos/offers'
import { divisionExists } from '../../db/repos/organisations'
import { dealAccess, type DealAccess } from '../deals/access'
import { moveStageIn } from '../deals/stages'
import { postSystemLine } from '../deals/system-line'
import { DealTermsSchema, fixedPriceFen, type DealTerms } from '../deals/terms'
import { translate } from '../i18n/catalog'
import { CITY_DIVISION, type Principal, type RequestMeta } from '../identity/principal'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import { conflict, forbidden, invalid, notFound } from '../platform/errors'
import type { FileStore } from '../platform/files/store'
import { fenToWan } from '../platform/money'
import { formatPpm } from '../platform/policy'
import { publish, roomName } from '../realtime/publish'
import { MAX_SCAN_BYTES, PDF_MAGIC, rewardFloorPpmOn } from './config'
import { ContractInputSchema, contractProblems, rewardSharePpm, technologyAmountFen, type ContractInput } from './form'
import type { ContractType } from './types'

// 技术合同 from a deal's agreed terms to the signed scan (ADR 036).
// - Drafting: only once the deal has agreed (frozen) terms, one contract per
//   deal (a second call returns the first); prefilled from the terms and a
//   snapshot of the parties' organisations.
// - Editing: the parties' members (and the deal's manager, who helps) save a
//   whole revision; the form carries the revision it started from, a stale save
//   is refused (409) and the page keeps what was typed. Every save bumps
//   `revision` and clears all confirmations: a confirmation is of one text.
// - Confirming: a member of each party organisation confirms the current
//   revision; when every party has, the contract is 'confirmed'.
// - Signing: a party member uploads the signed scan (a PDF, checked by its
//   magic bytes) of a confirmed contract: 'signed', frozen (the database
//   trigger enforces it; the service refuses first with a 409), the deal moves
//   to 合同登记 through the stage service.
// - The reward floor (职务科技成果): the split is compared with the policy floor
//   in force; below it is flagged, never blocked, and at signing the city
//   officers are told.
// Who: dealAccess decides who is in the room (outsiders 404); managers may
// draft and edit but not confirm or sign for a party (403).

const dealLink = (dealId: string) => `/deals/${dealId}/contract`

/** The deal's access for `actor`, or 404. */
async function accessOr404(trx: Executor, actor: Principal, dealId: string): Promise<DealAccess> {
  const access = await dealAccess(trx, actor, dealId)
  if (!access) throw notFound()
  return access
}

function partyOrgOf(access: DealAccess, key: string) {
  if (access.side === 'manager' || !access.orgId) throw forbidden(key)
  return access.orgId
}

/** The contract type the agreed terms suggest (the parties may change it). */
export function guessContractType(terms: DealTerms, patents: { kind: string; status: string }[]): ContractType {
  const patented = patents.some((p) => ['invention_patent', 'utility_model', 'design_patent'].includes(p.kind) && ['granted', 'pending'].includes(p.status))
  switch (terms.mode) {
    case 'transfer':
      return patented ? 'transfer_patent' : 'transfer_other'
    case 'licence':
      return patented ? 'licence_patent' : 'licence_other'
    case 'co_development':
      return 'development_cooperative'
    case 'service':
      return 'service'
    case 'consulting':
      return 'consulting'
    default:
      return 'transfer_other'
  }
}

/** The payment plan the terms imply: instalments as agreed, otherwise one line per fixed amount. */
export function planFromTerms(terms: DealTerms) {
  const zh = (key: string) => translate('zh-CN', key)
  const p = terms.price
  const rows: { milestone: string; amount_fen: number }[] =
    p.structure === 'instalments'
      ? p.instalments.map((i) => ({ milestone: i.dueDays === null ? i.milestone : `${i.milestone}（${translate('zh-CN', 'contract.draft.dueDays', { days: i.dueDays })}）`, amount_fen: i.amountFen }))
      : p.structure === 'lump_sum'
        ? [{ milestone: zh('contract.draft.lumpSum'), amount_fen: p.amountFen }]
        : p.structure === 'royalty'
          ? [
              { milestone: zh('contract.draft.upfront'), amount_fen: p.upfrontFen },
              { milestone: zh('contract.draft.minimum'), amount_fen: p.minimumFen },
            ].filter((r) => r.amount_fen > 0)
          : [{ milestone: zh('contract.draft.equity'), amount_fen: p.valuationFen }]
  return rows.map((r, i) => ({ position: i + 1, milestone: r.milestone.slice(0, 200), amount_fen: r.amount_fen, due_on: null }))
}

/** The reward columns for a split on `date`: flagged below the floor, never blocked. */
export function rewardColumns(serviceAchievement: boolean, rewards: { sharePpm: number }[], date: Date) {
  if (!serviceAchievement) return { reward_share_ppm: null, reward_floor_ppm: null, reward_below_floor: false }
  const floor = rewardFloorPpmOn(date)
  // No split entered yet counts as 0%: flagged until the parties fill it in.
  const share = rewardSharePpm(rewards)
  return { reward_share_ppm: share, reward_floor_ppm: floor, reward_below_floor: share < floor }
}

/** Drafts the deal's contract from its agreed terms; returns the existing one when there is one. */
export function createContractDraft(db: Database, actor: Principal, dealId: string, meta: RequestMeta) {
  return db.transaction().execute((trx) => createContractDraftIn(trx, actor, dealId, meta))
}

/** createContractDraft inside the caller's transaction (the demo seed uses it). */
export async function createContractDraftIn(trx: Executor, actor: Principal, dealId: string, meta: RequestMeta) {
  const access = await accessOr404(trx, actor, dealId)
  const deal = await lockDeal(trx, access.deal.id)
  if (!deal) throw notFound()
  const existing = await findContractByDeal(trx, deal.id)
  if (existing) return { id: existing.id, created: false }
  if (deal.stage === 'closed_lost') throw conflict('deals.errors.closed')
  const agreed = await agreedTerms(trx, deal.id)
  if (!agreed) throw conflict('contract.errors.noTerms')
  const terms = DealTermsSchema.parse(agreed.terms)
  const [patents, orgs] = await Promise.all([dealPatentStatuses(trx, deal.id), dealPartyOrganisations(trx, deal.id)])
  const seller = orgs.find((o) => o.side === 'seller')
  const amount = fixedPriceFen(terms.price)
  const serviceAchievement = seller?.type === 'university' || seller?.type === 'institute'
  const id = await insertContract(
    trx,
    {
      deal_id: deal.id,
      title: deal.title.slice(0, 200),
      contract_type: guessContractType(terms, patents),
      subject: terms.deliverables.slice(0, 4000),
      contract_amount_fen: amount,
      technology_amount_fen: amount,
      service_achievement: serviceAchievement,
      ...rewardColumns(serviceAchievement, [], new Date()),
      terms_version: agreed.version,
      created_by: actor.userId,
    },
    {
      parties: orgs.map((o) => ({ org_id: o.org_id, side: o.side, name: o.name, credit_code: o.credit_code, division_code: o.division_code })),
      payments: planFromTerms(terms),
      nonTechnical: [],
      rewards: [],
    },
  )
  await audit(trx, meta, actor.userId, 'contract.drafted', { type: 'contract', id, orgId: access.orgId }, { dealId: deal.id, termsVersion: agreed.version, amountFen: amount })
  await postSystemLine(trx, deal.id, 'deals.system.contractDrafted', { actor: actor.name, amount: fenToWan(amount) })
  await publish(trx, roomName('deal', deal.id), 'contract', { status: 'draft', revision: 1 })
  const others = (await dealMembers(trx, deal.id)).map((m) => m.user_id).filter((u) => u !== actor.userId)
  await notify(trx, others, { kind: 'contract_drafted', params: { title: deal.title, actor: actor.name }, link: dealLink(deal.id) })
  return { id, created: true }
}

async function lockedContract(trx: Executor, actor: Principal, contractId: string) {
  const c = isUuid(contractId) ? await lockContract(trx, contractId) : undefined
  if (!c) throw notFound()
  const access = await accessOr404(trx, actor, c.deal_id)
  return { c, access }
}

/** Saves a new revision: every confirmation is cleared; a stale revision or a signed contract is refused. */
export async function updateContract(db: Database, actor: Principal, contractId: string, raw: ContractInput, meta: RequestMeta) {
  const parsed = ContractInputSchema.safeParse(raw)
  if (!parsed.success) throw invalid(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || 'form', [i.message]])))
  const input = parsed.data
  const problems = contractProblems(input)
  if (Object.keys(problems).length) throw invalid(problems)
  return db.transaction().execute(async (trx) => {
    const { c, access } = await lockedContract(trx, actor, contractId)
    if (c.status === 'signed') throw conflict('contract.errors.signed')
    if (input.revision !== c.revision) throw conflict('contract.errors.stale')
    const { parties } = await contractChildren(trx, c.id)
    const known = new Map(parties.map((p) => [p.org_id, p]))
    if (input.parties.length !== parties.length || input.parties.some((p) => !known.has(p.orgId))) throw invalid({ parties: ['contract.errors.partiesFixed'] })
    const fieldErrors: Record<string, string[]> = {}
    for (const [n, p] of input.parties.entries()) {
      if (!(await divisionExists(trx, p.divisionCode))) fieldErrors[`parties[${n}].divisionCode`] = ['contract.errors.division']
    }
    if (Object.keys(fieldErrors).length) throw invalid(fieldErrors)
    const revision = c.revision + 1
    const wasConfirmed = c.status === 'confirmed'
    const technology = technologyAmountFen(input.contractAmountFen, input.nonTechnical)
    await updateContractHead(trx, c.id, {
      status: 'draft',
      confirmed_at: null,
      revision,
      contract_type: input.contractType,
      title: input.title,
      subject: input.subject,
      term_start: input.termStart,
      term_end: input.termEnd,
      contract_amount_fen: input.contractAmountFen,
      technology_amount_fen: technology,
      service_achievement: input.serviceAchievement,
      ...rewardColumns(input.serviceAchievement, input.rewards, new Date()),
      buyer_application: input.buyerApplication,
      projected_investment_fen: input.projectedInvestmentFen,
      projected_output_fen: input.projectedOutputFen,
    })
    await insertContractChildren(
      trx,
      c.id,
      {
        parties: input.parties.map((p) => ({ org_id: p.orgId, side: known.get(p.orgId)!.side, name: p.name, credit_code: p.creditCode, division_code: p.divisionCode })),
        payments: input.payments.map((p, i) => ({ position: i + 1, milestone: p.milestone, amount_fen: p.amountFen, due_on: p.dueOn })),
        nonTechnical: input.nonTechnical.map((n, i) => ({ position: i + 1, kind: n.kind, description: n.description, amount_fen: n.amountFen })),
        rewards: input.serviceAchievement ? input.rewards.map((r, i) => ({ position: i + 1, person_name: r.personName, role: r.role, share_ppm: r.sharePpm })) : [],
      },
      true,
    )
    await audit(trx, meta, actor.userId, 'contract.edited', { type: 'contract', id: c.id, orgId: access.orgId }, {
      revision,
      wasConfirmed,
      amountFen: input.contractAmountFen,
      technologyFen: technology,
      type: input.contractType,
    })
    await postSystemLine(trx, c.deal_id, wasConfirmed ? 'deals.system.contractReopened' : 'deals.system.contractEdited', { actor: actor.name, revision: String(revision) })
    await publish(trx, roomName('deal', c.deal_id), 'contract', { status: 'draft', revision })
    if (wasConfirmed || parties.some((p) => p.confirmed_at)) {
      const others = (await dealMembers(trx, c.deal_id)).map((m) => m.user_id).filter((u) => u !== actor.userId)
      await notify(trx, others, { kind: 'contract_reopened', params: { title: c.title, actor: actor.name }, link: dealLink(c.deal_id) })
    }
    return { revision }
  })
}

/** The actor's party confirms `revision`; when every party has, the contract is confirmed. */
export async function confirmContract(db: Database, actor: Principal, contractId: string, revision: number, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const { c, access } = await lockedContract(trx, actor, contractId)
    const orgId = partyOrgOf(access, 'contract.errors.managerCannotConfirm')
    if (c.status === 'signed') throw conflict('contract.errors.signed')
    if (revision !== c.revision) throw conflict('contract.errors.staleConfirm')
    const { parties } = await contractChildren(trx, c.id)
    const mine = parties.find((p) => p.org_id === orgId)
    if (!mine) throw forbidden()
    if (mine.confirmed_revision === c.revision) return { status: c.status }
    await confirmParty(trx, c.id, orgId, c.revision, actor.userId)
    const all = parties.every((p) => p.org_id === orgId || p.confirmed_revision === c.revision)
    if (all) await updateContractHead(trx, c.id, { status: 'confirmed', confirmed_at: new Date() })
    await audit(trx, meta, actor.userId, 'contract.confirmed', { type: 'contract', id: c.id, orgId }, { revision: c.revision, all })
    await postSystemLine(trx, c.deal_id, all ? 'deals.system.contractConfirmedAll' : 'deals.system.contractConfirmed', { actor: actor.name, org: mine.name, revision: String(c.revision) })
    await publish(trx, roomName('deal', c.deal_id), 'contract', { status: all ? 'confirmed' : 'draft', revision: c.revision })
    const others = (await dealMembers(trx, c.deal_id)).map((m) => m.user_id).filter((u) => u !== actor.userId)
    await notify(trx, others, { kind: all ? 'contract_confirmed' : 'contract_party_confirmed', params: { title: c.title, actor: actor.name, org: mine.name }, link: dealLink(c.deal_id) })
    return { status: all ? ('confirmed' as const) : c.status }
  })
}

function refuseSigning(c: ContractRow) {
  if (c.status === 'signed') throw conflict('contract.errors.signed')
  if (c.status !== 'confirmed') throw conflict('contract.errors.notConfirmed')
}

/** PDF only, by its magic bytes, within the size limit. */
export function checkScan(bytes: Uint8Array) {
  if (!bytes.byteLength) throw invalid({ file: ['contract.errors.scanRequired'] })
  if (bytes.byteLength > MAX_SCAN_BYTES) throw invalid({ file: [`contract.errors.scanTooLarge|max=${MAX_SCAN_BYTES / 1024 / 1024}`] })
  if (Buffer.from(bytes.subarray(0, PDF_MAGIC.length)).toString('latin1') !== PDF_MAGIC) throw invalid({ file: ['contract.errors.scanNotPdf'] })
}

/** A party uploads the signed scan of the confirmed contract: signed and frozen; the deal moves to 合同登记. */
export async function uploadSignedScan(db: Database, store: FileStore, actor: Principal, contractId: string, file: { bytes: Uint8Array; name: string }, meta: RequestMeta) {
  // Refuse before the bytes are stored when the answer is already known.
  const first = isUuid(contractId) ? await findContract(db, contractId) : undefined
  if (!first) throw notFound()
  partyOrgOf(await accessOr404(db, actor, first.deal_id), 'contract.errors.managerCannotSign')
  refuseSigning(first)
  checkScan(file.bytes)
  const key = `deals/${first.deal_id}/${randomUUID()}`
  await store.put(key, file.bytes, 'application/pdf')
  try {
    return await db.transaction().execute(async (trx) => {
      const { c, access } = await lockedContract(trx, actor, contractId)
      const orgId = partyOrgOf(access, 'contract.errors.managerCannotSign')
      refuseSigning(c)
      const deal = await lockDeal(trx, c.deal_id)
      if (!deal) throw notFound()
      if (deal.stage === 'closed_lost') throw conflict('deals.errors.closed')
      const now = new Date()
      const filename = (file.name.replace(/[^\p{L}\p{N}._ -]/gu, '').trim() || 'contract').replace(/(\.pdf)?$/i, '.pdf').slice(-120)
      const messageId = await postSystemLine(trx, c.deal_id, 'deals.system.contractSigned', { actor: actor.name, title: c.title })
      const sha256 = createHash('sha256').update(file.bytes).digest('hex')
      const scanId = await insertDealAttachment(trx, { dealId: c.deal_id, messageId, kind: 'document', filename, mime: 'application/pdf', sizeBytes: file.bytes.byteLength, sha256, storageKey: key, uploadedBy: actor.userId })
      const { rewards } = await contractChildren(trx, c.id)
      const reward = rewardColumns(c.service_achievement, rewards.map((r) => ({ sharePpm: r.share_ppm })), now)
      await updateContractHead(trx, c.id, { status: 'signed', signed_at: now, signed_by: actor.userId, signed_scan_id: scanId, ...reward })
      await audit(trx, meta, actor.userId, 'contract.signed', { type: 'contract', id: c.id, orgId }, { revision: c.revision, attachmentId: scanId, sha256, sizeBytes: file.bytes.byteLength, rewardBelowFloor: reward.reward_below_floor })
      await publish(trx, roomName('deal', c.deal_id), 'contract', { status: 'signed', revision: c.revision })
      await moveStageIn(trx, actor, { ...access, deal }, 'contract', meta)
      const others = (await dealMembers(trx, c.deal_id)).map((m) => m.user_id).filter((u) => u !== actor.userId)
      await notify(trx, others, { kind: 'contract_signed', params: { title: c.title, actor: actor.name }, link: dealLink(c.deal_id) })
      if (reward.reward_below_floor) {
        const officers = await cityOfficerIds(trx, CITY_DIVISION)
        await notify(trx, officers, {
          kind: 'contract_below_floor',
          params: { title: c.title, share: formatPpm(reward.reward_share_ppm ?? 0), floor: formatPpm(reward.reward_floor_ppm ?? 0) },
          link: '/contracts?flag=below',
        })
      }
      return { scanId }
    })
  } catch (err) {
    await store.delete(key).catch(() => {})
    throw err
  }
}
