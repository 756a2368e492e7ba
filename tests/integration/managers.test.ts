import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { insertManagerProfile } from '../../db/repos/managers'
import { insertMembership } from '../../db/repos/organisations'
import { loadPrincipal } from '../../db/repos/users'
import { registerManager } from '../../server/identity/managers'
import { productRoles } from '../../server/identity/principal'
import { catchError } from '../helpers/errors'
import { createManager, createMember, createOrganisation, createUser, principalFor, testMeta } from '../helpers/factories'
import { raceAgainst } from '../helpers/race'
import { testDb } from '../helpers/worker-setup'

const certificate = () => `JSJL-${randomBytes(4).toString('hex').toUpperCase()}`

async function newcomer() {
  return principalFor(testDb(), (await createUser(testDb())).id)
}

describe('registerManager', () => {
  it('registers a member of a verified agency: audited, and the principal becomes a manager', async () => {
    const agency = await createOrganisation(testDb(), { type: 'agency', status: 'verified' })
    const actor = await newcomer()
    await insertMembership(testDb(), { orgId: agency.id, userId: actor.userId, role: 'member' })
    // Anyone else's registration waits for the agency's admins: tests/integration/manager-approval.test.ts.
    expect(productRoles(actor).has('manager')).toBe(false)
    const certificateNo = certificate()
    await registerManager(testDb(), (await loadPrincipal(testDb(), actor.userId))!, { certificateNo, agencyId: agency.id }, testMeta)
    const after = (await loadPrincipal(testDb(), actor.userId))!
    expect(after.manager).toEqual({ certificateNo, agencyId: agency.id })
    expect(productRoles(after).has('manager')).toBe(true)
    const entry = await testDb().selectFrom('audit_log').selectAll().where('action', '=', 'manager.registered').where('entity_id', '=', actor.userId).executeTakeFirst()
    expect(entry).toMatchObject({ actor_id: actor.userId, org_id: agency.id, details: expect.objectContaining({ certificateNo }) })
  })

  it('refuses an organisation that is not a verified agency', async () => {
    const enterprise = await createOrganisation(testDb(), { type: 'enterprise', status: 'verified' })
    const pendingAgency = await createOrganisation(testDb(), { type: 'agency', status: 'pending' })
    const rejectedAgency = await createOrganisation(testDb(), { type: 'agency', status: 'rejected' })
    const actor = await newcomer()
    for (const agencyId of [enterprise.id, pendingAgency.id, rejectedAgency.id, '00000000-0000-4000-8000-000000000000']) {
      const err = await catchError(registerManager(testDb(), actor, { certificateNo: certificate(), agencyId }, testMeta))
      expect(err).toMatchObject({ kind: 'invalid', fieldErrors: { agencyId: [expect.any(String)] } })
    }
    expect((await loadPrincipal(testDb(), actor.userId))!.manager).toBeNull()
  })

  it('refuses a certificate number someone already holds', async () => {
    const existing = await createManager(testDb())
    const agency = await createOrganisation(testDb(), { type: 'agency', status: 'verified' })
    const actor = await newcomer()
    const err = await catchError(registerManager(testDb(), actor, { certificateNo: existing.principal.manager!.certificateNo, agencyId: agency.id }, testMeta))
    expect(err).toMatchObject({ kind: 'conflict', fieldErrors: { certificateNo: [expect.any(String)] } })
    expect((await loadPrincipal(testDb(), actor.userId))!.manager).toBeNull()
  })

  it('reports a conflict, not a database error, when a competing registration commits first', async () => {
    const agency = await createOrganisation(testDb(), { type: 'agency', status: 'verified' })
    // someone else registers the same certificate
    const certificateNo = certificate()
    const rival = await newcomer()
    const actor = await newcomer()
    const sameCertificate = await raceAgainst(
      testDb(),
      (trx) => insertManagerProfile(trx, { userId: rival.userId, certificateNo, agencyId: agency.id }),
      () => registerManager(testDb(), actor, { certificateNo, agencyId: agency.id }, testMeta),
    )
    expect(sameCertificate).toMatchObject({ status: 'rejected', reason: { kind: 'conflict', fieldErrors: { certificateNo: [expect.any(String)] } } })
    // the same person's other submission (a second tab) registers first
    const twice = await raceAgainst(
      testDb(),
      (trx) => insertManagerProfile(trx, { userId: actor.userId, certificateNo: certificate(), agencyId: agency.id }),
      () => registerManager(testDb(), actor, { certificateNo: certificate(), agencyId: agency.id }, testMeta),
    )
    expect(twice).toMatchObject({ status: 'rejected', reason: { kind: 'conflict' } })
  })

  it('refuses someone who is already a manager', async () => {
    const existing = await createManager(testDb())
    const agency = await createMember(testDb(), { type: 'agency' })
    const err = await catchError(registerManager(testDb(), existing.principal, { certificateNo: certificate(), agencyId: agency.org.id }, testMeta))
    expect(err).toMatchObject({ kind: 'conflict' })
  })
})
