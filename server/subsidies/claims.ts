import type { Transaction } from 'kysely'
import type { DB, SubsidyKind } from '../../db/schema'
import {
  claimsOfRegistrationForUpdate,
  insertClaim,
  insertEntry,
  liveClaimsTotal,
  lockBeneficiaryYear,
  memberIds,
  paymentOf,
  registrationForClaims,
  setClaimStatus,
} from '../../db/repos/subsidies'
import { bringsTechnologyIn } from '../contracts/types'
import type { RequestMeta } from '../identity/principal'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import { shanghaiDate } from '../platform/intl'
import { formatFen } from '../platform/money'
import { newVerificationCode } from '../platform/verification'
import { claimFigures } from './compute'
import { groupOf, ruleFor, schemeOn, SUBSIDY_KINDS } from './policy'

// 免申即享: claims are computed from registered data, never applied for. The
// registration service calls these inside its own transaction (hooks.ts), so a
// registration never exists without its claims and a terminated one never
// keeps a live claim. Who gets what, on the registration's day:
// - the registrar: its rate of the contract amount it registered (成交额);
// - the agency whose manager brokered the deal (the agency named in the
//   manager's terms, else the manager member's agency): its rate of the
//   technology transaction amount (技术交易额) the registrar confirmed;
// - the buying enterprise of a transfer or licence, by the contract's
//   buyer_application (购买型 / 转化型): its type's rate of 技术交易额.
// Each amount is applyPpm(base, rate) (half up, the one rounding rule), then
// the per-claim cap, then what is left of the beneficiary's annual cap for the
// group (summed over that year's live claims under an advisory lock). A zero
// amount makes no claim. Every claim starts its ledger with a 'claim' entry.

interface Candidate {
  kind: SubsidyKind
  orgId: string
  baseFen: number
}

export async function generateClaims(trx: Transaction<DB>, registrationId: string, actorId: string, meta: RequestMeta) {
  const reg = await registrationForClaims(trx, registrationId)
  if (!reg || !reg.registered_at || reg.status !== 'registered') return []
  const existing = await claimsOfRegistrationForUpdate(trx, registrationId)
  if (existing.length) return [] // generated once per registration; a re-run (retry) adds nothing
  const day = shanghaiDate(reg.registered_at)
  const year = Number(day.slice(0, 4))
  const scheme = schemeOn(reg.registered_at)

  const candidates: Candidate[] = [{ kind: 'registrar', orgId: reg.registrar_org_id, baseFen: reg.contract_amount_fen }]
  if (reg.agencyOrgId) candidates.push({ kind: 'intermediary', orgId: reg.agencyOrgId, baseFen: reg.technology_amount_fen })
  if (bringsTechnologyIn(reg.contract_type) && reg.buyer_application) {
    for (const b of reg.buyers) {
      if (b.type !== 'enterprise') continue
      candidates.push({ kind: reg.buyer_application === 'purchase' ? 'enterprise_purchase' : 'enterprise_transformation', orgId: b.org_id, baseFen: reg.technology_amount_fen })
    }
  }

  const made = []
  for (const c of candidates) {
    const rule = ruleFor(scheme, c.kind, day)
    const group = groupOf(c.kind)
    const annualCapFen = scheme.annualCapFen[group]
    let used = 0
    if (annualCapFen !== null) {
      await lockBeneficiaryYear(trx, c.orgId, year)
      used = await liveClaimsTotal(trx, c.orgId, year, SUBSIDY_KINDS.filter((k) => groupOf(k) === group))
    }
    const f = claimFigures({ baseFen: c.baseFen, ratePpm: rule.ratePpm, claimCapFen: rule.claimCapFen, annualCapFen, usedThisYearFen: used })
    if (f.amountFen === 0) continue
    const claim = await insertClaim(
      trx,
      {
        registration_id: registrationId,
        kind: c.kind,
        beneficiary_org_id: c.orgId,
        scheme_version: scheme.id,
        registered_on: day,
        scheme_year: year,
        base_fen: c.baseFen,
        rate_ppm: rule.ratePpm,
        computed_fen: f.computedFen,
        amount_fen: f.amountFen,
        capped: f.capped,
        cap_kind: f.capKind,
        cap_fen: f.capFen,
        verification_code: newVerificationCode(),
      },
      scheme.numberPrefix.claim,
    )
    await insertEntry(trx, { claim_id: claim.id, kind: 'claim', amount_fen: f.amountFen, actor_id: actorId, note: reg.number ?? '' })
    await audit(trx, meta, actorId, 'subsidy.claim', { type: 'subsidy_claim', id: claim.id, orgId: c.orgId }, {
      registration: registrationId,
      kind: c.kind,
      base: c.baseFen,
      rate: rule.ratePpm,
      amount: f.amountFen,
      cap: f.capKind,
      scheme: scheme.id,
    })
    await notify(trx, await memberIds(trx, c.orgId), {
      kind: 'subsidy_claim',
      params: { number: claim.number, amount: formatFen(f.amountFen, 'zh-CN'), registration: reg.number ?? '' },
      link: `/subsidies/${claim.id}`,
    })
    made.push(claim)
  }
  return made
}

/**
 * A terminated registration (注销): an unpaid claim is reversed (its ledger
 * nets to zero), a paid one is marked recovery_due with a recovery entry (the
 * ledger shows what the beneficiary owes back); reversed or recovered ones are
 * left alone. Nothing is deleted; every change is audited.
 */
export async function reverseClaims(trx: Transaction<DB>, registrationId: string, actorId: string, reason: string, meta: RequestMeta) {
  const claims = await claimsOfRegistrationForUpdate(trx, registrationId)
  for (const c of claims) {
    if (c.status === 'pending' || c.status === 'approved') {
      await insertEntry(trx, { claim_id: c.id, kind: 'reversal', amount_fen: -c.amount_fen, actor_id: actorId, note: reason })
      await setClaimStatus(trx, c.id, { status: 'reversed', closed_reason: reason })
      await audit(trx, meta, actorId, 'subsidy.reverse', { type: 'subsidy_claim', id: c.id, orgId: c.beneficiary_org_id }, { from: c.status, reason, amount: c.amount_fen })
    } else if (c.status === 'paid') {
      await insertEntry(trx, { claim_id: c.id, kind: 'recovery', amount_fen: -c.amount_fen, actor_id: actorId, note: reason })
      await setClaimStatus(trx, c.id, { status: 'recovery_due', closed_reason: reason })
      const paid = await paymentOf(trx, c.id)
      await audit(trx, meta, actorId, 'subsidy.recovery_due', { type: 'subsidy_claim', id: c.id, orgId: c.beneficiary_org_id }, { reason, paid: paid?.amount_fen ?? 0 })
    } else continue
    await notify(trx, await memberIds(trx, c.beneficiary_org_id), {
      kind: c.status === 'paid' ? 'subsidy_recovery' : 'subsidy_reversed',
      params: { number: c.number, reason },
      link: `/subsidies/${c.id}`,
    })
  }
}
