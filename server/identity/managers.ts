import { isUniqueViolation, type Database } from '../../db/index'
import { findManagerByCertificate, insertManagerProfile } from '../../db/repos/managers'
import { findOrganisation } from '../../db/repos/organisations'
import { audit } from '../platform/audit'
import { conflict, forbidden, invalid } from '../platform/errors'
import { can } from './permissions'
import type { Principal, RequestMeta } from './principal'

/** A technology manager (技术经理人) registers with a certificate and the verified agency they work for. */
export async function registerManager(
  db: Database,
  actor: Principal,
  input: { certificateNo: string; agencyId: string },
  meta: RequestMeta,
) {
  if (!can(actor, { action: 'manager:register' })) throw forbidden()
  if (actor.manager) throw conflict('errors.alreadyManager')
  const certificateTaken = () => conflict('errors.certificateTaken', { certificateNo: ['errors.certificateTaken'] })
  try {
    await db.transaction().execute(async (trx) => {
      const agency = await findOrganisation(trx, input.agencyId)
      if (!agency || agency.type !== 'agency' || agency.status !== 'verified') throw invalid({ agencyId: ['errors.agency'] })
      if (await findManagerByCertificate(trx, input.certificateNo)) throw certificateTaken()
      await insertManagerProfile(trx, { userId: actor.userId, ...input })
      await audit(trx, meta, actor.userId, 'manager.registered', { type: 'user', id: actor.userId, orgId: agency.id }, {
        certificateNo: input.certificateNo,
        agency: agency.name,
      })
    })
  } catch (err) {
    // Concurrent registrations got past the checks first: the same certificate, or this user twice.
    if (isUniqueViolation(err, 'manager_profiles_certificate_no_key')) throw certificateTaken()
    if (isUniqueViolation(err, 'manager_profiles_pkey')) throw conflict('errors.alreadyManager')
    throw err
  }
}
