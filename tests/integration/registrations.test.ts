import { describe, expect, it } from 'vitest'
import { findOrganisation } from '../../db/repos/organisations'
import { insertSignedContractsBulk } from '../../db/repos/registrations-bulk'
import { findRegistrationView, registrationEvents } from '../../db/repos/registrations'
import type { Principal } from '../../server/identity/principal'
import { DomainError } from '../../server/platform/errors'
import {
  changeRegistration,
  correctTechnologyAmount,
  markExpertReview,
  reclassifyRegistration,
  refuseRegistration,
  registerContract,
  registerContractIn,
  registrationAccess,
  requestCorrection,
  resubmitRegistration,
  servingRegistrars,
  submitRegistration,
  terminateRegistration,
} from '../../server/registrations/service'
import { signedContract } from '../helpers/contracts'
import { createMember, testMeta } from '../helpers/factories'
import { testDb } from '../helpers/worker-setup'

// 技术合同认定登记 as the seller, the buyer, the registrar and outsiders meet
// it: who may do what, the clock that restarts after a 补正, the number that
// never skips or repeats even when a hundred registrations race, history kept.

const kind = async (p: Promise<unknown>) => {
  try {
    await p
    return 'ok'
  } catch (e) {
    if (e instanceof DomainError) return e.kind
    throw e
  }
}

// One registrar per division code (numbers carry the division): the seller's district's, shared by the tests of this file.
let districtRegistrar: Awaited<ReturnType<typeof createMember>> | null = null

async function setup() {
  const db = testDb()
  const c = await signedContract(db)
  districtRegistrar ??= await createMember(db, { type: 'registrar', divisionCode: '450204' })
  const registrar = districtRegistrar
  const registrarMate = await createMember(db, { type: 'registrar', divisionCode: '450204' })
  return { db, c, registrar, otherRegistrar: registrarMate, seller: c.uni.principal, buyer: c.ent.principal, outsider: c.outsider.principal }
}

describe('submitting a signed contract', () => {
  it('goes to a registrar serving the seller, with a 15 working day deadline; only the seller submits', async () => {
    const { db, c, registrar, seller, buyer, outsider } = await setup()
    const far = await createMember(db, { type: 'registrar', divisionCode: '450223' })
    const sellerOrg = (await findOrganisation(db, c.sellerOrgId))!
    const serving = await servingRegistrars(db, sellerOrg.division_code)
    expect(serving.map((r) => r.id)).toContain(registrar.org.id)
    expect(serving.map((r) => r.id)).not.toContain(far.org.id)

    expect(await kind(submitRegistration(db, buyer, { contractId: c.contractId, registrarId: registrar.org.id }, testMeta))).toBe('forbidden')
    expect(await kind(submitRegistration(db, outsider, { contractId: c.contractId, registrarId: registrar.org.id }, testMeta))).toBe('not_found')
    expect(await kind(submitRegistration(db, seller, { contractId: c.contractId, registrarId: far.org.id }, testMeta))).toBe('invalid')

    const now = new Date('2026-09-30T02:00:00Z')
    const reg = await submitRegistration(db, seller, { contractId: c.contractId, registrarId: registrar.org.id }, testMeta, now)
    expect(reg.status).toBe('submitted')
    expect(reg.deadline_working_days).toBe(15)
    expect(reg.deadline_at.toISOString()).toBe(new Date('2026-10-28T00:00:00+08:00').toISOString())
    expect(Number(reg.technology_amount_fen)).toBe(80_000_000)
    expect(await kind(submitRegistration(db, seller, { contractId: c.contractId, registrarId: registrar.org.id }, testMeta))).toBe('conflict')
    // The registrar's members were told.
    const notes = await db.selectFrom('notifications').select(['user_id', 'kind']).where('kind', '=', 'registration_submitted').execute()
    expect(notes.map((n) => n.user_id)).toContain(registrar.user.id)
  })

  it('refuses a contract that is not signed', async () => {
    const { db, registrar } = await setup()
    const draft = await signedContract(db)
    await db.executeQuery({ sql: 'alter table contracts disable trigger contracts_frozen', parameters: [] } as never)
    await db.updateTable('contracts').set({ status: 'confirmed', signed_at: null, signed_scan_id: null, signed_by: null }).where('id', '=', draft.contractId).execute()
    await db.executeQuery({ sql: 'alter table contracts enable trigger contracts_frozen', parameters: [] } as never)
    expect(await kind(submitRegistration(db, draft.uni.principal, { contractId: draft.contractId, registrarId: registrar.org.id }, testMeta))).toBe('conflict')
  })
})

describe('the registrar working the queue', () => {
  it('asks for a correction, the clock restarts on resubmission, expert review gives 30 days, then registers', async () => {
    const { db, c, registrar, otherRegistrar, seller, buyer, outsider } = await setup()
    const t0 = new Date('2026-09-30T02:00:00Z')
    const reg = await submitRegistration(db, seller, { contractId: c.contractId, registrarId: registrar.org.id }, testMeta, t0)

    // Parties read, the registrar reads, others (another registrar too) get 404.
    expect((await registrationAccess(db, buyer, reg.id)).role).toBe('buyer')
    expect((await registrationAccess(db, registrar.principal, reg.id)).role).toBe('registrar')
    expect(await kind(registrationAccess(db, outsider, reg.id))).toBe('not_found')
    expect(await kind(registrationAccess(db, otherRegistrar.principal, reg.id))).toBe('not_found')
    // Only the registrar acts on its queue.
    expect(await kind(requestCorrection(db, seller, reg.id, '请补充专利证书', testMeta))).toBe('forbidden')
    expect(await kind(requestCorrection(db, otherRegistrar.principal, reg.id, '请补充专利证书', testMeta))).toBe('not_found')
    expect(await kind(registerContract(db, buyer, reg.id, testMeta))).toBe('forbidden')

    const returned = await requestCorrection(db, registrar.principal, reg.id, '请补充专利证书复印件', testMeta)
    expect(returned.status).toBe('returned')
    expect(await kind(registerContract(db, registrar.principal, reg.id, testMeta))).toBe('conflict')
    expect(await kind(resubmitRegistration(db, buyer, reg.id, null, testMeta))).toBe('forbidden')
    const t1 = new Date('2026-10-12T03:00:00Z') // Monday
    const again = await resubmitRegistration(db, seller, reg.id, '已补充', testMeta, t1)
    expect(again.status).toBe('submitted')
    expect(again.clock_started_at.toISOString()).toBe(t1.toISOString())
    expect(again.deadline_at.getTime()).toBeGreaterThan(reg.deadline_at.getTime())

    const expert = await markExpertReview(db, registrar.principal, reg.id, null, testMeta)
    expect(expert.deadline_working_days).toBe(30)
    expect(expert.deadline_at.getTime()).toBeGreaterThan(again.deadline_at.getTime())

    expect(await kind(reclassifyRegistration(db, registrar.principal, reg.id, 'no_such_type', '错', testMeta))).toBe('invalid')
    const re = await reclassifyRegistration(db, registrar.principal, reg.id, 'transfer_know_how', '标的为技术秘密', testMeta)
    expect(re.contract_type).toBe('transfer_know_how')
    expect(await kind(correctTechnologyAmount(db, registrar.principal, reg.id, 100_000_001, '超额', testMeta))).toBe('invalid')
    const amt = await correctTechnologyAmount(db, registrar.principal, reg.id, 75_000_000, '培训费不计入', testMeta)
    expect(Number(amt.technology_amount_fen)).toBe(75_000_000)

    const done = await registerContract(db, registrar.principal, reg.id, testMeta, new Date('2026-10-20T02:00:00Z'))
    expect(done.status).toBe('registered')
    expect(done.number).toMatch(/^2026450204\d{6}$/)
    expect(done.verification_code).toMatch(/^[0-9A-Z]{16}$/)
    // The contract itself is untouched (frozen): the registration carries the registrar's view.
    const view = (await findRegistrationView(db, reg.id))!
    expect(view.original_type).toBe('transfer_patent')
    expect(view.contract_type).toBe('transfer_know_how')

    const kinds = (await registrationEvents(db, reg.id)).map((e) => e.kind)
    expect(kinds).toEqual(['submitted', 'returned', 'resubmitted', 'expert', 'reclassified', 'amountCorrected', 'registered'])
    const audits = await db.selectFrom('audit_log').select('action').where('entity_id', '=', reg.id).execute()
    expect(audits.map((a) => a.action)).toContain('registration.registered')
    const sellerNotes = await db.selectFrom('notifications').select('kind').where('user_id', '=', c.uni.user.id).where('kind', 'like', 'registration_%').execute()
    expect(sellerNotes.length).toBeGreaterThanOrEqual(5)

    // 变更 and 注销 after registration, with history.
    expect(await kind(changeRegistration(db, registrar.principal, reg.id, { contractType: null, contractAmountFen: null, technologyAmountFen: null, termEnd: null }, '无', testMeta))).toBe('invalid')
    const changed = await changeRegistration(db, registrar.principal, reg.id, { contractType: null, contractAmountFen: 120_000_000, technologyAmountFen: 95_000_000, termEnd: '2028-06-30' }, '补充协议增加价款', testMeta)
    expect(Number(changed.contract_amount_fen)).toBe(120_000_000)
    expect((await findRegistrationView(db, reg.id))!.changed).toBe(true)
    expect(await kind(terminateRegistration(db, seller, reg.id, '解除', testMeta))).toBe('forbidden')
    const ended = await terminateRegistration(db, registrar.principal, reg.id, '双方协议解除合同', testMeta)
    expect(ended.status).toBe('terminated')
    expect(ended.number).toBe(done.number)
    expect(await kind(terminateRegistration(db, registrar.principal, reg.id, '再次', testMeta))).toBe('conflict')
  })

  it('refuses with configured grounds; other needs a text; the seller may submit again', async () => {
    const { db, c, registrar, seller } = await setup()
    const reg = await submitRegistration(db, seller, { contractId: c.contractId, registrarId: registrar.org.id }, testMeta)
    expect(await kind(refuseRegistration(db, registrar.principal, reg.id, [], null, testMeta))).toBe('invalid')
    expect(await kind(refuseRegistration(db, registrar.principal, reg.id, ['made_up'], null, testMeta))).toBe('invalid')
    expect(await kind(refuseRegistration(db, registrar.principal, reg.id, ['other'], '  ', testMeta))).toBe('invalid')
    const refused = await refuseRegistration(db, registrar.principal, reg.id, ['name_mismatch', 'other'], '合同名称为技术服务，内容为设备买卖', testMeta)
    expect(refused.status).toBe('refused')
    expect(refused.refusal_grounds).toEqual(['name_mismatch', 'other'])
    expect(refused.number).toBeNull()
    const second = await submitRegistration(db, seller, { contractId: c.contractId, registrarId: registrar.org.id }, testMeta)
    expect(second.id).not.toBe(reg.id)
  })
})

describe('registration numbers', () => {
  async function bulk(db: ReturnType<typeof testDb>, count: number) {
    const c = await signedContract(db)
    const seller = (await findOrganisation(db, c.sellerOrgId))!
    const buyer = (await findOrganisation(db, c.buyerOrgId))!
    const scan = await db.selectFrom('contracts').select('signed_scan_id').where('id', '=', c.contractId).executeTakeFirstOrThrow()
    const party = (o: typeof seller) => ({ org_id: o.id, name: o.name, credit_code: o.credit_code, division_code: o.division_code })
    const ids = await insertSignedContractsBulk(db, {
      count,
      seller: party(seller),
      buyer: party(buyer),
      scanId: scan.signed_scan_id!,
      userId: c.uni.user.id,
      title: '并发登记测试合同',
      contractAmountFen: 10_000_000,
      technologyAmountFen: 8_000_000,
    })
    return { c, ids, seller: c.uni.principal }
  }

  it('never skip or repeat per registrar and year under 100 concurrent registrations', async () => {
    const db = testDb()
    const { ids, seller } = await bulk(db, 100)
    districtRegistrar ??= await createMember(db, { type: 'registrar', divisionCode: '450204' })
    const regA = districtRegistrar
    const regB = await createMember(db, { type: 'registrar', divisionCode: '450200' })
    const plan = ids.map((id, i) => ({ id, registrar: i % 2 ? regB : regA, now: new Date(i % 4 < 2 ? '2026-12-31T15:00:00Z' : '2026-12-31T16:30:00Z') }))
    const regs = []
    for (const p of plan) regs.push({ ...p, reg: await submitRegistration(db, seller, { contractId: p.id, registrarId: p.registrar.org.id }, testMeta) })
    const results = await Promise.allSettled(regs.map((r) => registerContract(db, r.registrar.principal as Principal, r.reg.id, testMeta, r.now)))
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
    const rows = await db.selectFrom('registrations').select(['registrar_org_id', 'year', 'serial', 'number']).where('status', 'in', ['registered', 'terminated']).execute()
    const groups = new Map<string, number[]>()
    for (const r of rows) groups.set(`${r.registrar_org_id}/${r.year}`, [...(groups.get(`${r.registrar_org_id}/${r.year}`) ?? []), r.serial!])
    expect(groups.size).toBe(4) // two registrars × 2026 and 2027 (Beijing time)
    for (const serials of groups.values()) {
      expect(serials.sort((a, b) => a - b)).toEqual(Array.from({ length: serials.length }, (_, i) => i + 1))
    }
    expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length)
    expect(rows.length).toBeGreaterThanOrEqual(100)
    expect(rows.filter((r) => r.year === 2027).every((r) => r.number!.startsWith('2027'))).toBe(true)
  })

  it('a rolled-back registration leaves no gap', async () => {
    const db = testDb()
    const { ids, seller } = await bulk(db, 3)
    const registrar = await createMember(db, { type: 'registrar', divisionCode: '450202' })
    const regs: Awaited<ReturnType<typeof submitRegistration>>[] = []
    for (const id of ids) regs.push(await submitRegistration(db, seller, { contractId: id, registrarId: registrar.org.id }, testMeta))
    await registerContract(db, registrar.principal, regs[0]!.id, testMeta)
    await expect(
      db.transaction().execute(async (trx) => {
        await registerContractIn(trx, registrar.principal, regs[1]!.id, testMeta)
        throw new Error('the claims could not be written')
      }),
    ).rejects.toThrow(/claims/)
    expect((await findRegistrationView(db, regs[1]!.id))!.status).toBe('submitted')
    const third = await registerContract(db, registrar.principal, regs[2]!.id, testMeta)
    expect(third.serial).toBe(2)
    const second = await registerContract(db, registrar.principal, regs[1]!.id, testMeta)
    expect(second.serial).toBe(3)
  })
})
