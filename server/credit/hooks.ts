import type { Executor } from '../../db/index'
import { creditPartiesOfContract, registrationContract, dealManagersOfContract, insertCreditEvent, orgTypeOf, CREDIT_ORG_TYPES } from '../../db/repos/credit'
import type { CreditSubjectKind } from '../../db/schema'
import { creditConfigOn, type CreditEventKind } from './config'

// Credit events the platform sees, recorded inside the transaction of the
// change that causes them (one call where it happens): a registered contract
// brokered by a manager (+ for the manager and their agency), a refused
// registration (− for the parties that are institutions or agencies, and the
// brokering manager and agency), an auction default (− for the defaulting
// bidder when it is an institution or agency). Each is unique per subject and
// source, so a repeated call records nothing twice. Late progress reports are
// the enterprise's and never count here.

async function record(
  trx: Executor,
  kind: CreditEventKind,
  subjects: { kind: CreditSubjectKind; id: string }[],
  source: { type: string; id: string },
  at: Date,
  note = ''
) {
  const rule = creditConfigOn(at).events[kind]
  const seen = new Set<string>()
  for (const s of subjects) {
    const key = `${s.kind}:${s.id}`
    if (seen.has(key)) continue
    seen.add(key)
    await insertCreditEvent(trx, {
      subject_kind: s.kind,
      subject_id: s.id,
      kind,
      dimension: rule.dimension,
      points: rule.points,
      source_type: source.type,
      source_id: source.id,
      at,
      note,
    })
  }
}

async function brokers(trx: Executor, contractId: string) {
  const rows = await dealManagersOfContract(trx, contractId)
  return rows.flatMap((r) => [{ kind: 'manager' as const, id: r.user_id }, ...(r.org_id ? [{ kind: 'org' as const, id: r.org_id }] : [])])
}

/** In registerContractIn: the deal's managers and their agencies brokered a registered contract. */
export async function creditOnRegistered(trx: Executor, registrationId: string, now = new Date()) {
  const reg = await registrationContract(trx, registrationId)
  await record(
    trx,
    'deal_brokered',
    await brokers(trx, reg.contract_id),
    { type: 'registration', id: registrationId },
    now,
    [reg.number, reg.title].filter(Boolean).join(' · ')
  )
}

/** In refuseRegistration: 不予登记 counts against the institution parties and whoever brokered it. */
export async function creditOnRefused(trx: Executor, registrationId: string, now = new Date()) {
  const reg = await registrationContract(trx, registrationId)
  const parties = (await creditPartiesOfContract(trx, reg.contract_id)).map((p) => ({ kind: 'org' as const, id: p.org_id }))
  await record(
    trx,
    'registration_refused',
    [...parties, ...(await brokers(trx, reg.contract_id))],
    { type: 'registration', id: registrationId },
    now,
    reg.title
  )
}

/** In the auction default job: 悔拍 by an institution or agency counts against it. */
export async function creditOnAuctionDefault(trx: Executor, lotId: string, buyerOrgId: string | null, now = new Date()) {
  if (!buyerOrgId) return
  const org = await orgTypeOf(trx, buyerOrgId)
  if (!org || !(CREDIT_ORG_TYPES as readonly string[]).includes(org.type)) return
  await record(trx, 'auction_default', [{ kind: 'org', id: buyerOrgId }], { type: 'auction', id: lotId }, now)
}
