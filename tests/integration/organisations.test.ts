import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { loadPrincipal } from '../../db/repos/users'
import { insertOrganisation, type OrganisationInput } from '../../db/repos/organisations'
import { DomainError } from '../../server/platform/errors'
import { inviteMember } from '../../server/identity/invitations'
import { createOrganisation, organisationPage, reviewOrganisation, reviewQueue } from '../../server/identity/organisations'
import { productRoles } from '../../server/identity/principal'
import { catchError } from '../helpers/errors'
import { createMember, createUser, principalFor, testMeta, uniqueCreditCode } from '../helpers/factories'
import { raceAgainst } from '../helpers/race'
import { testDb } from '../helpers/worker-setup'

function orgInput(o: Partial<OrganisationInput> = {}): OrganisationInput {
  return {
    name: `柳州测试科技有限公司${Math.random().toString(36).slice(2, 7)}`,
    nameEn: null,
    type: 'enterprise',
    creditCode: uniqueCreditCode('450204'),
    divisionCode: '450204',
    address: '柳南区航鹰大道1号',
    contactName: '李四',
    contactPhone: '0772-2800001',
    contactEmail: 'contact@example.test',
    website: null,
    description: null,
    ...o,
  }
}

async function auditFor(orgId: string, action: string) {
  return testDb().selectFrom('audit_log').selectAll().where('entity_id', '=', orgId).where('action', '=', action).execute()
}

async function mailsQueuedFor(email: string) {
  const rows = await testDb()
    .selectFrom('outbox')
    .select(['kind', 'payload'])
    .where(sql<string>`payload->>'to'`, '=', email)
    .execute()
  return rows as { kind: string; payload: { template: string; params: Record<string, string> } }[]
}

/** A fresh user who has just registered an organisation that waits for review. */
async function pendingOrgWithOwner(o: Partial<OrganisationInput> = {}) {
  const owner = await createUser(testDb())
  const org = await createOrganisation(testDb(), await principalFor(testDb(), owner.id), orgInput(o), testMeta)
  return { owner, org }
}

describe('createOrganisation', () => {
  it('creates a pending organisation owned by its creator and audits it', async () => {
    const { owner, org } = await pendingOrgWithOwner({ type: 'university' })
    expect(org.status).toBe('pending')
    const row = await testDb().selectFrom('organisations').selectAll().where('id', '=', org.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'pending', type: 'university', created_by: owner.id, division_code: '450204' })
    const principal = await principalFor(testDb(), owner.id)
    expect(principal.memberships).toEqual([expect.objectContaining({ orgId: org.id, role: 'owner', orgStatus: 'pending' })])
    const entries = await auditFor(org.id, 'organisation.created')
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ actor_id: owner.id, org_id: org.id, details: expect.objectContaining({ creditCode: row.credit_code }) })
  })

  it('refuses a credit code that is already registered', async () => {
    const { org } = await pendingOrgWithOwner()
    const { credit_code } = await testDb().selectFrom('organisations').select('credit_code').where('id', '=', org.id).executeTakeFirstOrThrow()
    const other = await principalFor(testDb(), (await createUser(testDb())).id)
    const err = await catchError(createOrganisation(testDb(), other, orgInput({ creditCode: credit_code }), testMeta))
    expect(err).toBeInstanceOf(DomainError)
    expect(err).toMatchObject({ kind: 'conflict', fieldErrors: { creditCode: [expect.any(String)] } })
    expect(other.memberships).toHaveLength(0)
    expect((await principalFor(testDb(), other.userId)).memberships).toHaveLength(0)
  })

  it('reports a conflict, not a database error, when another registration of the code commits first', async () => {
    const input = orgInput()
    const actor = await principalFor(testDb(), (await createUser(testDb())).id)
    const outcome = await raceAgainst(
      testDb(),
      (trx) => insertOrganisation(trx, { ...orgInput(), creditCode: input.creditCode, createdBy: null }),
      () => createOrganisation(testDb(), actor, input, testMeta),
    )
    expect(outcome.status).toBe('rejected')
    if (outcome.status !== 'rejected') return
    expect(outcome.reason).toBeInstanceOf(DomainError)
    expect(outcome.reason).toMatchObject({ kind: 'conflict', fieldErrors: { creditCode: [expect.any(String)] } })
    expect((await principalFor(testDb(), actor.userId)).memberships).toHaveLength(0)
  })

  it('refuses a division that does not exist', async () => {
    const actor = await principalFor(testDb(), (await createUser(testDb())).id)
    const input = orgInput({ divisionCode: '110101' })
    const err = await catchError(createOrganisation(testDb(), actor, input, testMeta))
    expect(err).toMatchObject({ kind: 'invalid', fieldErrors: { divisionCode: [expect.any(String)] } })
    const found = await testDb().selectFrom('organisations').select('id').where('credit_code', '=', input.creditCode).executeTakeFirst()
    expect(found).toBeUndefined()
  })
})

describe('reviewOrganisation', () => {
  it('is for platform admins only: not an ordinary user, the owner, or a city officer', async () => {
    const { owner, org } = await pendingOrgWithOwner()
    const ordinary = await principalFor(testDb(), (await createUser(testDb())).id)
    const cityOfficer = (await createMember(testDb(), { type: 'government', divisionCode: '450200', role: 'owner' })).principal
    expect(productRoles(cityOfficer).has('city_officer')).toBe(true)
    for (const actor of [ordinary, await principalFor(testDb(), owner.id), cityOfficer]) {
      const err = await catchError(reviewOrganisation(testDb(), actor, org.id, { verdict: 'verify' }, testMeta))
      expect(err).toMatchObject({ kind: 'forbidden' })
    }
    const row = await testDb().selectFrom('organisations').select('status').where('id', '=', org.id).executeTakeFirstOrThrow()
    expect(row.status).toBe('pending')
  })

  it('verifies: status, audit entry and an e-mail to the owners', async () => {
    const { owner, org } = await pendingOrgWithOwner()
    const admin = await principalFor(testDb(), (await createUser(testDb(), { platformAdmin: true })).id)
    expect(await reviewOrganisation(testDb(), admin, org.id, { verdict: 'verify' }, testMeta)).toMatchObject({ id: org.id, status: 'verified' })
    const row = await testDb().selectFrom('organisations').selectAll().where('id', '=', org.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'verified', reviewed_by: admin.userId, rejection_reason: null })
    expect(row.reviewed_at).toBeInstanceOf(Date)
    const entries = await auditFor(org.id, 'organisation.verified')
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ actor_id: admin.userId, details: expect.objectContaining({ from: 'pending' }) })
    const mails = await mailsQueuedFor(owner.email)
    expect(mails).toEqual([expect.objectContaining({ kind: 'email', payload: expect.objectContaining({ template: 'organisation_verified' }) })])
  })

  it('rejects with a reason that is stored, audited and mailed', async () => {
    const { owner, org } = await pendingOrgWithOwner()
    const admin = await principalFor(testDb(), (await createUser(testDb(), { platformAdmin: true })).id)
    const reason = '营业执照与信用代码不符'
    await reviewOrganisation(testDb(), admin, org.id, { verdict: 'reject', reason }, testMeta)
    const row = await testDb().selectFrom('organisations').selectAll().where('id', '=', org.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'rejected', rejection_reason: reason })
    const entries = await auditFor(org.id, 'organisation.rejected')
    expect(entries).toHaveLength(1)
    expect(entries[0]!.details).toMatchObject({ reason })
    const mails = await mailsQueuedFor(owner.email)
    expect(mails).toEqual([expect.objectContaining({ payload: expect.objectContaining({ template: 'organisation_rejected', params: expect.objectContaining({ reason }) }) })])
  })

  it('says not found for an organisation that does not exist', async () => {
    const admin = await principalFor(testDb(), (await createUser(testDb(), { platformAdmin: true })).id)
    const err = await catchError(reviewOrganisation(testDb(), admin, '00000000-0000-4000-8000-000000000000', { verdict: 'verify' }, testMeta))
    expect(err).toMatchObject({ kind: 'not_found' })
  })

  it('gives the members their product role only once the organisation is verified', async () => {
    const { owner, org } = await pendingOrgWithOwner({ type: 'enterprise' })
    const before = productRoles((await loadPrincipal(testDb(), owner.id))!)
    expect(before.has('enterprise')).toBe(false)
    expect(before.size).toBe(0)
    const admin = await principalFor(testDb(), (await createUser(testDb(), { platformAdmin: true })).id)
    await reviewOrganisation(testDb(), admin, org.id, { verdict: 'verify' }, testMeta)
    expect([...productRoles((await loadPrincipal(testDb(), owner.id))!)]).toEqual(['enterprise'])
  })
})

describe('organisationPage', () => {
  it('shows an organisation to its members, admins and the officers of its county only', async () => {
    const { org, principal: owner } = await createMember(testDb(), { type: 'enterprise', role: 'owner', divisionCode: '450222' })
    await inviteMember(testDb(), owner, org.id, { email: 'someone@example.test', role: 'member' }, 'https://techmarket.test', testMeta)
    const page = await organisationPage(testDb(), owner, org.id)
    expect(page).toMatchObject({ canManage: true, org: { id: org.id }, members: [expect.objectContaining({ id: owner.userId, role: 'owner' })] })
    expect(page!.invitations).toEqual([expect.objectContaining({ email: 'someone@example.test' })])

    const countyOfficer = (await createMember(testDb(), { type: 'government', divisionCode: '450222' })).principal
    const countyView = await organisationPage(testDb(), countyOfficer, org.id)
    expect(countyView).toMatchObject({ canManage: false, invitations: [] })
    const cityOfficer = (await createMember(testDb(), { type: 'government', divisionCode: '450200' })).principal
    expect(await organisationPage(testDb(), cityOfficer, org.id)).not.toBeNull()
    const admin = await principalFor(testDb(), (await createUser(testDb(), { platformAdmin: true })).id)
    expect(await organisationPage(testDb(), admin, org.id)).toMatchObject({ canManage: false })

    const otherCounty = (await createMember(testDb(), { type: 'government', divisionCode: '450223' })).principal
    const outsider = (await createMember(testDb(), { type: 'enterprise', divisionCode: '450222' })).principal
    expect(await organisationPage(testDb(), otherCounty, org.id)).toBeNull()
    expect(await organisationPage(testDb(), outsider, org.id)).toBeNull()
    expect(await organisationPage(testDb(), owner, 'not-a-uuid')).toBeNull()
  })
})

describe('reviewQueue', () => {
  it('lists pending organisations for admins and refuses everyone else', async () => {
    const { org } = await pendingOrgWithOwner()
    const admin = await principalFor(testDb(), (await createUser(testDb(), { platformAdmin: true })).id)
    const queue = await reviewQueue(testDb(), admin, 'pending')
    expect(queue.map((o) => o.id)).toContain(org.id)
    expect(queue.every((o) => o.status === 'pending')).toBe(true)
    const ordinary = await principalFor(testDb(), (await createUser(testDb())).id)
    expect(await catchError(reviewQueue(testDb(), ordinary))).toMatchObject({ kind: 'forbidden' })
  })
})
