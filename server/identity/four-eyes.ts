import type { Database } from '../../db/index'
import { countOrgAdmins, findOrganisation, setOrganisationFourEyes } from '../../db/repos/organisations'
import { audit } from '../platform/audit'
import { forbidden, notFound } from '../platform/errors'
import { can } from './permissions'
import type { Principal, RequestMeta } from './principal'

// Four eyes (双人审核, ADR 019): when an organisation turns it on, whoever
// submitted or last edited a listing may not approve it; another of the
// organisation's admins must. On by default for universities and institutes.

/** The setting as the organisation page shows it; `needsSecondAdmin` when it is on and only one admin could approve. */
export async function fourEyesStatus(db: Database, orgId: string) {
  const org = await findOrganisation(db, orgId)
  if (!org) throw notFound()
  const admins = await countOrgAdmins(db, orgId)
  return { on: org.four_eyes, admins, needsSecondAdmin: org.four_eyes && admins < 2 }
}

/** An owner or admin of the organisation turns four eyes on or off; audited. */
export async function setFourEyes(db: Database, actor: Principal, orgId: string, on: boolean, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const org = await findOrganisation(trx, orgId)
    if (!org) throw notFound()
    if (!can(actor, { action: 'organisation:edit', org: { id: org.id, divisionCode: org.division_code } })) throw forbidden()
    if (org.four_eyes === on) return { changed: false }
    await setOrganisationFourEyes(trx, orgId, on)
    await audit(trx, meta, actor.userId, 'organisation.four_eyes', { type: 'organisation', id: orgId, orgId }, { from: org.four_eyes, to: on })
    return { changed: true }
  })
}
