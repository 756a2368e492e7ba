import { creditKey, creditLevels } from '../../server/credit/levels'
import { describe, expect, it } from 'vitest'
import { insertDeal, upsertDealMember } from '../../db/repos/deals'
import { insertManagerProfile } from '../../db/repos/managers'
import { insertMembership } from '../../db/repos/organisations'
import { contactManager } from '../../server/directory/contact'
import { agencyDirectory, AgencyQuery, managerDirectory, managerEntry, ManagerQuery } from '../../server/directory/directory'
import { setQualifications } from '../../server/directory/qualifications'
import { registerForTraining, markAttendance } from '../../server/trainings/attendance'
import { createTraining } from '../../server/trainings/events'
import { DomainError } from '../../server/platform/errors'
import { createMember, createOrganisation, createUser, principalFor, testMeta } from '../helpers/factories'
import { cityOfficer } from '../helpers/subsidies'
import { testDb } from '../helpers/worker-setup'

// The public directory (ADR 037): only approved managers of verified agencies
// and verified agencies appear, with the deals they brokered as manager and
// their training hours; the contact button opens one room with the manager.

type Db = ReturnType<typeof testDb>

async function agencyWithManagers(db: Db, o: { status?: 'verified' | 'pending'; divisionCode?: string } = {}) {
  const admin = await createUser(db)
  const name = `目录测试机构${Math.random().toString(36).slice(2, 8)}`
  const agency = await createOrganisation(db, { type: 'agency', status: o.status ?? 'verified', divisionCode: o.divisionCode ?? '450204', name, members: [{ userId: admin.id, role: 'owner' }] })
  const approved = await createUser(db, { name: `经理人${Math.random().toString(36).slice(2, 6)}` })
  const pending = await createUser(db)
  await insertMembership(db, { orgId: agency.id, userId: approved.id, role: 'member' })
  await insertManagerProfile(db, { userId: approved.id, certificateNo: `DIR-${approved.id.slice(0, 8)}`.toUpperCase(), agencyId: agency.id })
  await insertManagerProfile(db, { userId: pending.id, certificateNo: `DIRP-${pending.id.slice(0, 8)}`.toUpperCase(), agencyId: agency.id, status: 'pending' })
  return { agency, name, admin, approved, pending }
}

async function dealWithManager(db: Db, managerId: string, agencyId: string) {
  const dealId = await insertDeal(db, { title: '目录测试洽谈', sourceKind: 'manager', sourceId: null, createdBy: managerId })
  await upsertDealMember(db, { dealId, userId: managerId, role: 'manager', orgId: agencyId, addedBy: managerId })
  return dealId
}

describe('directory', () => {
  it('lists only approved managers of verified agencies, with deals brokered and training hours', async () => {
    const db = testDb()
    const a = await agencyWithManagers(db)
    const hidden = await agencyWithManagers(db, { status: 'pending' })
    await dealWithManager(db, a.approved.id, a.agency.id)
    await dealWithManager(db, a.approved.id, a.agency.id)
    // A deal where they are a party, not the manager, does not count.
    const partyDeal = await insertDeal(db, { title: '非经纪', sourceKind: 'manager', sourceId: null, createdBy: a.approved.id })
    await upsertDealMember(db, { dealId: partyDeal, userId: a.approved.id, role: 'party', orgId: a.agency.id, addedBy: null })
    const city = await cityOfficer(db)
    const start = new Date(Date.now() + 30 * 60_000)
    const t = await createTraining(db, city.principal, { kind: 'lecture', title: '目录学时', summary: '', venue: '会场', divisionCode: '450204', startsAt: start, endsAt: new Date(start.getTime() + 7_200_000), creditHours: 2, capacity: undefined, registrationClosesAt: undefined }, testMeta)
    const approvedP = await principalFor(db, a.approved.id)
    await registerForTraining(db, approvedP, t.id, testMeta)
    await markAttendance(db, city.principal, t.id, a.approved.id, true, testMeta)

    const list = await managerDirectory(db, ManagerQuery.parse({ q: a.name }))
    expect(list.rows.map((r) => r.userId)).toEqual([a.approved.id])
    // The level the credit records give (a record with no events yet stands at the template's base).
    const level = (await creditLevels(db, [{ kind: 'manager', id: a.approved.id }])).get(creditKey({ kind: 'manager', id: a.approved.id }))
    expect(level).toMatch(/^[ABCD]$/)
    expect(list.rows[0]).toMatchObject({ deals: 2, trainingMinutes: 120, agencyName: a.name, credit: level })
    expect((await managerDirectory(db, ManagerQuery.parse({ q: hidden.name }))).rows).toEqual([])
    expect(await managerEntry(db, a.pending.id)).toBeNull()
    expect(await managerEntry(db, hidden.approved.id)).toBeNull()
    expect(await managerEntry(db, a.approved.id)).toMatchObject({ deals: 2, trainingMinutes: 120, trainings: [{ id: t.id }] })

    const agencies = await agencyDirectory(db, AgencyQuery.parse({ q: a.name }))
    expect(agencies.rows).toHaveLength(1)
    expect(agencies.rows[0]).toMatchObject({ id: a.agency.id, managers: 1, deals: 2 })
    expect((await agencyDirectory(db, AgencyQuery.parse({ q: hidden.name }))).rows).toEqual([])
  })

  it('filters by level, field (a top code matches its sub-codes) and county', async () => {
    const db = testDb()
    const a = await agencyWithManagers(db, { divisionCode: '450223' })
    await setQualifications(db, await principalFor(db, a.approved.id), a.approved.id, { level: 'senior', industryCodes: ['auto.nev', 'materials'] }, testMeta)
    const find = (q: Record<string, string>) => managerDirectory(db, ManagerQuery.parse({ q: a.name, ...q })).then((r) => r.rows.map((x) => x.userId))
    expect(await find({ level: 'senior' })).toEqual([a.approved.id])
    expect(await find({ level: 'junior' })).toEqual([])
    expect(await find({ industry: 'auto' })).toEqual([a.approved.id])
    expect(await find({ industry: 'biomed' })).toEqual([])
    expect(await find({ division: '450223' })).toEqual([a.approved.id])
    expect(await find({ division: '450204' })).toEqual([])
    // Unknown filter values are ignored rather than failing.
    expect(ManagerQuery.parse({ level: 'guru', page: '-3' })).toMatchObject({ level: undefined, page: 1 })
    // Only the manager or their agency's admin sets the qualifications.
    const stranger = (await createMember(db, { type: 'enterprise' })).principal
    await expect(setQualifications(db, stranger, a.approved.id, { level: 'junior', industryCodes: [] }, testMeta)).rejects.toBeInstanceOf(DomainError)
    await setQualifications(db, await principalFor(db, a.admin.id), a.approved.id, { level: 'intermediate', industryCodes: ['auto'] }, testMeta)
    expect(await managerEntry(db, a.approved.id)).toMatchObject({ level: 'intermediate', fields: ['auto'] })
  })

  it('opens one conversation room with the manager from the contact button', async () => {
    const db = testDb()
    const a = await agencyWithManagers(db)
    const visitor = await createMember(db, { type: 'enterprise' })
    const room = await contactManager(db, visitor.principal, a.approved.id, testMeta)
    expect(room.created).toBe(true)
    const members = await db.selectFrom('deal_members').select(['user_id', 'role']).where('deal_id', '=', room.id).orderBy('role').execute()
    expect(members).toEqual([
      { user_id: a.approved.id, role: 'manager' },
      { user_id: visitor.user.id, role: 'party' },
    ].sort((x, y) => x.role.localeCompare(y.role)))
    const parties = await db.selectFrom('deal_parties').select(['org_id', 'side']).where('deal_id', '=', room.id).orderBy('side').execute()
    expect(parties).toEqual([
      { org_id: visitor.org.id, side: 'buyer' },
      { org_id: a.agency.id, side: 'seller' },
    ])
    const note = await db.selectFrom('notifications').select(['kind', 'link']).where('user_id', '=', a.approved.id).execute()
    expect(note).toEqual([{ kind: 'deal_opened', link: `/deals/${room.id}` }])
    // Again: the same room.
    expect(await contactManager(db, visitor.principal, a.approved.id, testMeta)).toEqual({ id: room.id, created: false })
    // Without an organisation, or to oneself, or to a pending manager: refused.
    const loner = await principalFor(db, (await createUser(db)).id)
    await expect(contactManager(db, loner, a.approved.id, testMeta)).rejects.toMatchObject({ messageKey: 'directory.contact.errors.noOrg' })
    await expect(contactManager(db, await principalFor(db, a.approved.id), a.approved.id, testMeta)).rejects.toMatchObject({ messageKey: 'directory.contact.errors.self' })
    await expect(contactManager(db, visitor.principal, a.pending.id, testMeta)).rejects.toMatchObject({ kind: 'not_found' })
  })
})
