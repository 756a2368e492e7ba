import { beforeAll, describe, expect, it } from 'vitest'
import { contractChildren, findContract } from '../../db/repos/contracts'
import { findDeal, stageChanges } from '../../db/repos/deals'
import { findOrganisation } from '../../db/repos/organisations'
import { roomEventsAfter } from '../../db/repos/realtime'
import { ContractFormSchema, contractToForm, type ContractInput } from '../../server/contracts/form'
import { confirmContract, createContractDraft, guessContractType, updateContract, uploadSignedScan } from '../../server/contracts/service'
import { contractInScopeView, contractPage, dealContractPage, viewerScope } from '../../server/contracts/view'
import { dealAccess } from '../../server/deals/access'
import { DealTermsSchema } from '../../server/deals/terms'
import { makeCreditCode } from '../../server/identity/credit-code'
import { roomName } from '../../server/realtime/publish'
import { draftContract, dealWithTerms, officers, testStore } from '../helpers/contract-drafts'
import { dealFromMatch } from '../helpers/deals'
import { rejection } from '../helpers/errors'
import { testMeta } from '../helpers/factories'
import { PDF, PNG } from '../helpers/sample-files'
import { testDb } from '../helpers/worker-setup'

// 技术合同 as the parties and the city officer notice it: a draft prefilled
// from the agreed terms, one per deal; every save is a new revision that asks
// every party again; a stale save or confirmation is refused; both parties
// confirm → confirmed; the signed PDF freezes it (the database too) and moves
// the deal to 合同登记; a split below the 70% floor is flagged and told to the
// city officer without blocking; outsiders get 404, managers 403 for a party's act.

type World = Awaited<ReturnType<typeof draftContract>>

/** The stored contract as an edit input (the form's round trip), with changes. */
async function inputOf(contractId: string, change: (i: ContractInput) => void = () => {}) {
  const db = testDb()
  const c = (await contractInScopeView(db, 'all', contractId))!
  const parsed = ContractFormSchema.safeParse(contractToForm(c))
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues))
  const input = parsed.data
  change(input)
  return input
}

const pdf = { bytes: new Uint8Array(PDF), name: '合同签署版.pdf' }

describe('drafting from agreed terms', () => {
  it('refuses a deal without agreed terms, and an outsider gets 404', async () => {
    const db = testDb()
    const w = await dealFromMatch(db)
    expect((await rejection(createContractDraft(db, w.uni.principal, w.dealId, testMeta))).messageKey).toBe('contract.errors.noTerms')
    const t = await dealWithTerms(db)
    expect((await rejection(createContractDraft(db, t.outsider.principal, t.dealId, testMeta))).kind).toBe('not_found')
    expect((await rejection(createContractDraft(db, t.otherEnt.principal, t.dealId, testMeta))).kind).toBe('not_found')
  })

  it('prefills title, type, parties, amount and the instalment plan; a second draft returns the first', async () => {
    const db = testDb()
    const w = await draftContract(db, { title: '镁合金压铸工艺' })
    const again = await createContractDraft(db, w.manager.principal, w.dealId, testMeta)
    expect(again).toEqual({ id: w.contractId, created: false })
    const c = (await contractInScopeView(db, 'all', w.contractId))!
    expect(c).toMatchObject({
      title: '镁合金压铸工艺',
      status: 'draft',
      revision: 1,
      contractType: 'transfer_other',
      contractAmountFen: 100_000_000,
      technologyAmountFen: 100_000_000,
      serviceAchievement: true,
      termsVersion: 1,
      subject: '全套工艺文件及技术指导',
      registration: null,
    })
    expect(c.parties.map((p) => [p.side, p.orgId, p.creditCode])).toEqual([
      ['seller', w.uni.org.id, (await findOrganisation(db, w.uni.org.id))!.credit_code],
      ['buyer', w.ent.org.id, (await findOrganisation(db, w.ent.org.id))!.credit_code],
    ])
    expect(c.payments).toEqual([
      { milestone: '合同签订（签约后 15 日内）', amountFen: 40_000_000, dueOn: null },
      { milestone: '验收合格', amountFen: 60_000_000, dueOn: null },
    ])
    const lines = (await roomEventsAfter(db, roomName('deal', w.dealId), 0)).filter((e) => e.kind === 'message').map((e) => (e.payload as { body: string }).body)
    expect(lines).toContain('deals.system.contractDrafted')
    expect(await db.selectFrom('audit_log').select('action').where('entity_id', '=', w.contractId).execute()).toEqual([{ action: 'contract.drafted' }])
  })

  it('guesses the type from the mode and the achievement’s patents', () => {
    const t = (mode: string) => DealTermsSchema.parse({ mode, licence: mode === 'licence' ? { kind: 'sole', termMonths: 12 } : null, price: { structure: 'lump_sum', amountFen: 1 } })
    const granted = [{ kind: 'invention_patent', status: 'granted' }]
    expect(guessContractType(t('transfer'), granted)).toBe('transfer_patent')
    expect(guessContractType(t('transfer'), [{ kind: 'software_copyright', status: 'granted' }])).toBe('transfer_other')
    expect(guessContractType(t('licence'), granted)).toBe('licence_patent')
    expect(guessContractType(t('licence'), [])).toBe('licence_other')
    expect(guessContractType(t('co_development'), [])).toBe('development_cooperative')
    expect(guessContractType(t('service'), [])).toBe('service')
    expect(guessContractType(t('consulting'), [])).toBe('consulting')
    expect(guessContractType(t('equity'), granted)).toBe('transfer_other')
  })
})

describe('editing, confirming and signing', () => {
  let w: World
  let city: Awaited<ReturnType<typeof officers>>
  beforeAll(async () => {
    w = await draftContract(testDb())
    city = await officers(testDb())
  })

  it('a save computes the technology amount, bumps the revision and clears confirmations', async () => {
    const db = testDb()
    await confirmContract(db, w.ent.principal, w.contractId, 1, testMeta)
    expect((await contractChildren(db, w.contractId)).parties.find((p) => p.org_id === w.ent.org.id)?.confirmed_revision).toBe(1)
    const input = await inputOf(w.contractId, (i) => {
      i.nonTechnical = [{ kind: 'equipment', description: '试制模具', amountFen: 20_000_000 }]
      i.rewards = [
        { personName: '张明', role: 'creator', sharePpm: 500_000 },
        { personName: '李华', role: 'transferrer', sharePpm: 100_000 },
      ]
      i.termStart = '2027-01-01'
      i.termEnd = '2027-12-31'
      i.contractType = 'transfer_patent'
      i.buyerApplication = 'transformation'
      i.projectedInvestmentFen = 500_000_000
    })
    expect(await updateContract(db, w.manager.principal, w.contractId, input, testMeta)).toEqual({ revision: 2 })
    const c = (await findContract(db, w.contractId))!
    expect(c).toMatchObject({ revision: 2, status: 'draft', technology_amount_fen: 80_000_000, reward_share_ppm: 600_000, reward_floor_ppm: 700_000, reward_below_floor: true, buyer_application: 'transformation' })
    expect((await contractChildren(db, w.contractId)).parties.every((p) => p.confirmed_at === null)).toBe(true)
  })

  it('refuses a stale revision (409) and keeps the stored text', async () => {
    const db = testDb()
    const stale = await inputOf(w.contractId, (i) => {
      i.revision = 1
      i.title = '不应保存的标题'
    })
    const err = await rejection(updateContract(db, w.uni.principal, w.contractId, stale, testMeta))
    expect(err).toMatchObject({ kind: 'conflict', messageKey: 'contract.errors.stale' })
    expect((await findContract(db, w.contractId))?.title).not.toBe('不应保存的标题')
  })

  it('puts sum and credit code errors at their fields', async () => {
    const db = testDb()
    const bad = await inputOf(w.contractId, (i) => {
      i.payments = [{ milestone: '一次性', amountFen: 1, dueOn: null }]
      i.parties[0]!.creditCode = makeCreditCode('91', '450204', '123456789').slice(0, 17) + '0'
    })
    const err = await rejection(updateContract(db, w.uni.principal, w.contractId, bad, testMeta))
    expect(err.kind).toBe('invalid')
    expect(Object.keys(err.fieldErrors).sort()).toEqual(['parties[0].creditCode', 'payments'])
    expect(err.fieldErrors.payments![0]).toBe('contract.errors.planSum|plan=0.000001&amount=100')
  })

  it('a manager may not confirm (403); an outsider gets 404; a stale confirmation is refused', async () => {
    const db = testDb()
    expect((await rejection(confirmContract(db, w.manager.principal, w.contractId, 2, testMeta))).kind).toBe('forbidden')
    expect((await rejection(confirmContract(db, w.outsider.principal, w.contractId, 2, testMeta))).kind).toBe('not_found')
    expect((await rejection(updateContract(db, w.otherEnt.principal, w.contractId, await inputOf(w.contractId), testMeta))).kind).toBe('not_found')
    expect((await rejection(confirmContract(db, w.uni.principal, w.contractId, 1, testMeta))).messageKey).toBe('contract.errors.staleConfirm')
  })

  it('cannot be signed before both parties confirmed', async () => {
    const db = testDb()
    expect((await rejection(uploadSignedScan(db, testStore(), w.uni.principal, w.contractId, pdf, testMeta))).messageKey).toBe('contract.errors.notConfirmed')
  })

  it('both parties confirm → confirmed', async () => {
    const db = testDb()
    expect(await confirmContract(db, w.uni.principal, w.contractId, 2, testMeta)).toEqual({ status: 'draft' })
    expect(await confirmContract(db, w.ent.principal, w.contractId, 2, testMeta)).toEqual({ status: 'confirmed' })
    const c = (await findContract(db, w.contractId))!
    expect(c.status).toBe('confirmed')
    expect(c.confirmed_at).toBeInstanceOf(Date)
    const page = await dealContractPage(db, (await dealAccess(db, w.ent.principal, w.dealId))!)
    expect(page.may).toMatchObject({ confirm: false, sign: true, edit: true })
    expect(page.contract?.parties.every((p) => p.confirmed && p.confirmedByName)).toBe(true)
  })

  it('only a PDF is accepted as the scan; a manager may not upload (403)', async () => {
    const db = testDb()
    expect((await rejection(uploadSignedScan(db, testStore(), w.ent.principal, w.contractId, { bytes: new Uint8Array(PNG), name: 'x.pdf' }, testMeta))).fieldErrors).toEqual({ file: ['contract.errors.scanNotPdf'] })
    expect((await rejection(uploadSignedScan(db, testStore(), w.manager.principal, w.contractId, pdf, testMeta))).kind).toBe('forbidden')
  })

  it('the scan signs and freezes the contract, moves the deal to 合同登记 and flags the low split to the city officer only', async () => {
    const db = testDb()
    await uploadSignedScan(db, testStore(), w.ent.principal, w.contractId, pdf, testMeta)
    const c = (await findContract(db, w.contractId))!
    expect(c).toMatchObject({ status: 'signed', signed_by: w.ent.user.id, reward_below_floor: true })
    expect((await findDeal(db, w.dealId))?.stage).toBe('contract')
    expect((await stageChanges(db, w.dealId)).at(-1)).toMatchObject({ from_stage: 'terms_agreed', to_stage: 'contract' })
    // The service refuses first (409); the database refuses anyway.
    expect((await rejection(updateContract(db, w.uni.principal, w.contractId, await inputOf(w.contractId), testMeta))).messageKey).toBe('contract.errors.signed')
    await expect(db.updateTable('contracts').set({ title: 'x' }).where('id', '=', w.contractId).execute()).rejects.toThrow(/frozen/)
    expect((await rejection(uploadSignedScan(db, testStore(), w.uni.principal, w.contractId, pdf, testMeta))).kind).toBe('conflict')
    const flagged = await db.selectFrom('notifications').select(['user_id', 'params', 'link']).where('kind', '=', 'contract_below_floor').execute()
    expect(flagged).toEqual([{ user_id: city.city.user.id, params: expect.objectContaining({ share: '60%', floor: '70%' }), link: '/contracts?flag=below' }])
    const signedNotes = await db.selectFrom('notifications').select('user_id').where('kind', '=', 'contract_signed').execute()
    expect(signedNotes.map((n) => n.user_id)).toContain(w.uni.user.id)
  })

  it('shows the contract to the city officer (below-floor filter) and the county officer of a party, not to others', async () => {
    const db = testDb()
    const below = await contractPage(db, viewerScope(city.city.principal), { page: 1, pageSize: 20, flag: 'below' })
    expect(below.items.map((i) => i.id)).toContain(w.contractId)
    expect(below.items.find((i) => i.id === w.contractId)?.reward).toEqual({ sharePpm: 600_000, floorPpm: 700_000, belowFloor: true })
    expect((await contractPage(db, viewerScope(city.county.principal), { page: 1, pageSize: 20 })).items.map((i) => i.id)).toContain(w.contractId)
    expect((await contractPage(db, viewerScope(city.otherCounty.principal), { page: 1, pageSize: 20 })).items.map((i) => i.id)).not.toContain(w.contractId)
    expect((await contractPage(db, viewerScope(w.ent.principal), { page: 1, pageSize: 20 })).items.map((i) => i.id)).toEqual([w.contractId])
    expect((await contractPage(db, viewerScope(w.otherEnt.principal), { page: 1, pageSize: 20 })).items).toEqual([])
    expect(await contractInScopeView(db, viewerScope(w.otherEnt.principal), w.contractId)).toBeNull()
    expect(await contractInScopeView(db, viewerScope(w.outsider.principal), w.contractId)).toBeNull()
  })
})

describe('a split at the floor', () => {
  it('is not flagged and nobody at the city is told', async () => {
    const db = testDb()
    const w = await draftContract(db)
    const { city } = await officers(db)
    const input = await inputOf(w.contractId, (i) => {
      i.rewards = [{ personName: '王芳', role: 'creator', sharePpm: 700_000 }]
    })
    await updateContract(db, w.uni.principal, w.contractId, input, testMeta)
    await confirmContract(db, w.uni.principal, w.contractId, 2, testMeta)
    await confirmContract(db, w.ent.principal, w.contractId, 2, testMeta)
    await uploadSignedScan(db, testStore(), w.uni.principal, w.contractId, pdf, testMeta)
    expect((await findContract(db, w.contractId))?.reward_below_floor).toBe(false)
    expect(await db.selectFrom('notifications').select('id').where('user_id', '=', city.user.id).where('kind', '=', 'contract_below_floor').execute()).toEqual([])
  })
})
