import type { z } from 'zod'
import type { Database } from '../../db/index'
import { listClaims, paymentsAndBalances, type ClaimScope } from '../../db/repos/subsidies'
import type { Principal } from '../identity/principal'
import { forbidden } from '../platform/errors'
import type { SubsidyClaimDto, SubsidyClaimQuery } from './api-schemas'
import { deskAccess } from './desk'

// GET /api/v1/subsidy-claims: a bearer token reads its own organisation's
// claims; a session reads what the desk shows that person (a city officer all,
// a county officer the county's beneficiaries, a member their organisations').

export async function apiClaimPage(db: Database, p: Principal, tokenOrgId: string | null, q: z.infer<typeof SubsidyClaimQuery>, origin: string) {
  let scope: ClaimScope
  if (tokenOrgId) scope = { divisions: [], orgIds: [tokenOrgId] }
  else {
    const access = deskAccess(p)
    if (!access) throw forbidden()
    scope = access.scope
  }
  const { rows, count, amountFen } = await listClaims(db, scope, { status: q.status, kind: q.kind, division: q.county, from: q.from, to: q.to }, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize })
  const extra = await paymentsAndBalances(
    db,
    rows.map((r) => r.id),
  )
  const items: SubsidyClaimDto[] = rows.map((r) => ({
    id: r.id,
    number: r.number,
    kind: r.kind,
    status: r.status,
    beneficiaryOrgId: r.beneficiary_org_id,
    beneficiaryName: r.beneficiary_name,
    beneficiaryCreditCode: r.beneficiary_credit_code,
    beneficiaryDivision: r.beneficiary_division,
    registrationNumber: r.registration_number,
    registeredOn: r.registered_on,
    schemeVersion: r.scheme_version,
    baseFen: r.base_fen,
    ratePpm: r.rate_ppm,
    computedFen: r.computed_fen,
    amountFen: r.amount_fen,
    capped: r.capped,
    capKind: r.cap_kind,
    ...extra.get(r.id)!,
    url: `${origin}/subsidies/${r.id}`,
  }))
  return { items, total: count, totalAmountFen: amountFen }
}
