import { beforeAll, describe, expect, it } from 'vitest'
import { NeedSchema } from '../../server/listings/schemas'
import { listNeeds, setNeedStatus } from '../../db/repos/needs'
import { insertMembership } from '../../db/repos/organisations'
import { DomainError } from '../../server/platform/errors'
import { transitionListing } from '../../server/listings/workflow'
import { createNeed, myNeeds, needForViewer, needOrgsFor, publicNeeds, updateNeed } from '../../server/listings/needs'
import type { Principal } from '../../server/identity/principal'
import { catchError } from '../helpers/errors'
import { createMember, createUser, principalFor, testMeta } from '../helpers/factories'
import { draftNeed, needInput, publishedNeed } from '../helpers/needs'
import { testDb } from '../helpers/worker-setup'

// Needs (技术需求): who may post and edit them, who sees them in which state,
// and how expiry keeps a need's page but takes it out of the lists.

interface Person {
  user: { id: string }
  principal: Principal
}

let enterprise: { id: string }
let owner: Person // owner of a verified enterprise in 柳江区 (450206)
let member: Person // plain member of the same enterprise
let otherOwner: Person // owner of another verified enterprise
let researcher: Person // member of a verified university
let pendingOwner: Person // owner of an enterprise still waiting for review
let nobody: Person // signed in, no organisation
let admin: Person // platform admin

async function auditRows(entityId: string, action: string) {
  return testDb().selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).where('action', '=', action).execute()
}

beforeAll(async () => {
  const db = testDb()
  const o = await createMember(db, { type: 'enterprise', role: 'owner', divisionCode: '450206' })
  enterprise = o.org
  owner = o
  const m = await createUser(db)
  await insertMembership(db, { orgId: enterprise.id, userId: m.id, role: 'member' })
  member = { user: m, principal: await principalFor(db, m.id) }
  otherOwner = await createMember(db, { type: 'enterprise', role: 'owner' })
  researcher = await createMember(db, { type: 'university' })
  pendingOwner = await createMember(db, { type: 'enterprise', role: 'owner', status: 'pending' })
  const n = await createUser(db)
  nobody = { user: n, principal: await principalFor(db, n.id) }
  const a = await createUser(db, { platformAdmin: true })
  admin = { user: a, principal: await principalFor(db, a.id) }
})

describe('createNeed', () => {
  it('creates a draft of the enterprise, with its budget in fen, and audits it', async () => {
    const id = await createNeed(testDb(), member.principal, needInput(enterprise.id, { budgetMin: '12.5', budgetMax: '80' }), testMeta)
    const row = await testDb().selectFrom('needs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      org_id: enterprise.id,
      created_by: member.user.id,
      status: 'draft',
      budget_kind: 'range',
      budget_min_fen: 12_500_000,
      budget_max_fen: 80_000_000,
      preferred_modes: ['co_development', 'service'],
      keywords: ['压铸', '气孔'],
      published_at: null,
    })
    expect(await auditRows(id, 'need.created')).toEqual([expect.objectContaining({ actor_id: member.user.id, org_id: enterprise.id })])
  })

  it('stores a negotiable budget without amounts', async () => {
    const id = await createNeed(testDb(), owner.principal, needInput(enterprise.id, { budgetKind: 'negotiable' }), testMeta)
    const row = await testDb().selectFrom('needs').select(['budget_kind', 'budget_min_fen', 'budget_max_fen']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toEqual({ budget_kind: 'negotiable', budget_min_fen: null, budget_max_fen: null })
  })

  it.each([
    ['a university member', () => researcher.principal],
    ['a member of another enterprise', () => otherOwner.principal],
    ['an owner of an unverified enterprise', () => pendingOwner.principal],
    ['a user without organisation', () => nobody.principal],
    ['a platform admin', () => admin.principal],
  ])('refuses %s posting for the enterprise', async (_who, actor) => {
    const before = await testDb().selectFrom('needs').select('id').execute()
    const err = await catchError(createNeed(testDb(), actor(), needInput(enterprise.id), testMeta))
    expect(err).toMatchObject({ kind: 'forbidden' })
    expect(await testDb().selectFrom('needs').select('id').execute()).toHaveLength(before.length)
  })

  it('refuses an unverified enterprise posting for itself', async () => {
    const pendingOrg = pendingOwner.principal.memberships[0]!.orgId
    expect(needOrgsFor(pendingOwner.principal)).toEqual([])
    expect(await catchError(createNeed(testDb(), pendingOwner.principal, needInput(pendingOrg), testMeta))).toMatchObject({ kind: 'forbidden' })
  })

  it('refuses an unknown industry or division with field errors', async () => {
    const err = await catchError(createNeed(testDb(), owner.principal, { ...needInput(enterprise.id), industryCode: 'no.such', divisionCode: '999999' }, testMeta))
    expect(err).toBeInstanceOf(DomainError)
    expect(err).toMatchObject({ kind: 'invalid', fieldErrors: { industryCode: ['errors.industry'], divisionCode: ['errors.division'] } })
  })

  it('the schema refuses a reversed budget range, a past deadline and a missing problem', () => {
    const r = NeedSchema.safeParse({
      orgId: enterprise.id,
      title: '测试需求名称',
      problem: '',
      desiredOutcome: '期望达到的指标与交付物说明',
      industryCode: 'auto',
      budgetKind: 'range',
      budgetMin: '80',
      budgetMax: '30',
      deadline: '2020-01-01',
      divisionCode: '450204',
    })
    expect(r.success).toBe(false)
    const paths = r.error!.issues.map((i) => `${i.path.join('.')}:${i.message}`)
    expect(paths).toEqual(expect.arrayContaining(['budgetMax:errors.rangeOrder', 'deadline:errors.deadlinePast', 'problem:errors.required']))
  })
})

describe('updateNeed', () => {
  it('lets the creator edit a draft, audited', async () => {
    const id = await draftNeed(testDb(), member.principal, enterprise.id)
    await updateNeed(testDb(), member.principal, id, needInput(enterprise.id, { title: '改进后的需求名称' }), testMeta)
    expect((await testDb().selectFrom('needs').select('title').where('id', '=', id).executeTakeFirstOrThrow()).title).toBe('改进后的需求名称')
    expect(await auditRows(id, 'need.updated')).toHaveLength(1)
  })

  it('lets an owner edit a member’s draft, keeping the creator', async () => {
    const id = await draftNeed(testDb(), member.principal, enterprise.id)
    await updateNeed(testDb(), owner.principal, id, needInput(enterprise.id, { title: '负责人修改的名称' }), testMeta)
    const row = await testDb().selectFrom('needs').select(['title', 'created_by']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toEqual({ title: '负责人修改的名称', created_by: member.user.id })
  })

  it('refuses a plain member editing a colleague’s draft (403)', async () => {
    const id = await draftNeed(testDb(), owner.principal, enterprise.id)
    expect(await catchError(updateNeed(testDb(), member.principal, id, needInput(enterprise.id), testMeta))).toMatchObject({ kind: 'forbidden' })
  })

  it('hides another organisation’s draft (404) and refuses its published need (403)', async () => {
    const draft = await draftNeed(testDb(), owner.principal, enterprise.id)
    expect(await catchError(updateNeed(testDb(), otherOwner.principal, draft, needInput(enterprise.id), testMeta))).toMatchObject({ kind: 'not_found' })
    const published = await publishedNeed(testDb(), owner.principal, owner.principal, enterprise.id)
    expect(await catchError(updateNeed(testDb(), otherOwner.principal, published, needInput(enterprise.id), testMeta))).toMatchObject({ kind: 'not_found' })
  })

  it('refuses editing a need the platform took down, moving a need to another organisation, and unknown references', async () => {
    const published = await publishedNeed(testDb(), owner.principal, owner.principal, enterprise.id)
    await setNeedStatus(testDb(), published, { status: 'taken_down' })
    expect(await catchError(updateNeed(testDb(), owner.principal, published, needInput(enterprise.id), testMeta))).toMatchObject({ kind: 'forbidden' })
    const draft = await draftNeed(testDb(), owner.principal, enterprise.id)
    const otherOrg = otherOwner.principal.memberships[0]!.orgId
    expect(await catchError(updateNeed(testDb(), owner.principal, draft, needInput(otherOrg), testMeta))).toMatchObject({
      kind: 'invalid',
      fieldErrors: { orgId: ['errors.org'] },
    })
    expect(await catchError(updateNeed(testDb(), owner.principal, draft, { ...needInput(enterprise.id), divisionCode: '000000' }, testMeta))).toMatchObject({
      kind: 'invalid',
      fieldErrors: { divisionCode: ['errors.division'] },
    })
  })

  it('lets the creator edit a returned need', async () => {
    const id = await draftNeed(testDb(), member.principal, enterprise.id)
    await transitionListing(testDb(), member.principal, 'need', id, 'submit', { ttlMonths: 12 }, testMeta)
    await transitionListing(testDb(), owner.principal, 'need', id, 'return', { reason: '请补充现有工艺参数', ttlMonths: 12 }, testMeta)
    await updateNeed(testDb(), member.principal, id, needInput(enterprise.id, { title: '补充参数后的需求' }), testMeta)
    expect((await testDb().selectFrom('needs').select('title').where('id', '=', id).executeTakeFirstOrThrow()).title).toBe('补充参数后的需求')
  })
})

describe('needForViewer', () => {
  it('shows a draft to its organisation with the timeline, and to nobody else', async () => {
    const id = await draftNeed(testDb(), member.principal, enterprise.id)
    const inside = await needForViewer(testDb(), owner.principal, id)
    expect(inside).toMatchObject({ insider: true, live: false, can: { edit: true, submit: true, respond: false } })
    expect(inside!.timeline.map((e) => e.action)).toEqual(['need.created'])
    expect(await needForViewer(testDb(), null, id)).toBeNull()
    expect(await needForViewer(testDb(), otherOwner.principal, id)).toBeNull()
    expect(await needForViewer(testDb(), researcher.principal, id)).toBeNull()
    // Platform admins see every state.
    expect(await needForViewer(testDb(), admin.principal, id)).toMatchObject({ insider: true })
  })

  it('shows a published need to everyone, the timeline only to insiders', async () => {
    const id = await publishedNeed(testDb(), member.principal, owner.principal, enterprise.id)
    const anon = await needForViewer(testDb(), null, id)
    expect(anon).toMatchObject({ insider: false, live: true, timeline: [], can: { edit: false, respond: false, answer: false } })
    expect(anon!.need).toMatchObject({ id, org_name: expect.any(String), division_code: '450204', industry_name_zh: '汽车零部件' })
    expect(await needForViewer(testDb(), researcher.principal, id)).toMatchObject({ insider: false, can: { respond: true } })
    const inside = await needForViewer(testDb(), member.principal, id)
    expect(inside!.timeline.map((e) => e.action)).toEqual(['need.created', 'need.submit', 'need.approve'])
    expect(inside!.can).toMatchObject({ answer: true, reconfirm: true, respond: false })
  })

  it('returns nothing for an unknown or malformed id', async () => {
    expect(await needForViewer(testDb(), owner.principal, '00000000-0000-4000-8000-000000000000')).toBeNull()
    expect(await needForViewer(testDb(), owner.principal, 'not-a-uuid')).toBeNull()
  })
})

describe('expiry and the public list', () => {
  it('keeps an expired need’s page but leaves it out of live lists', async () => {
    const title = `已过期的需求${Math.random().toString(36).slice(2, 7)}`
    const id = await publishedNeed(testDb(), owner.principal, owner.principal, enterprise.id, { title, expired: true })
    const page = await needForViewer(testDb(), null, id)
    expect(page).toMatchObject({ live: false, need: { status: 'published' }, can: { respond: false } })
    expect((await listNeeds(testDb(), { liveOnly: true, limit: 500 })).map((n) => n.id)).not.toContain(id)
    expect((await listNeeds(testDb(), { orgId: enterprise.id, limit: 500 })).map((n) => n.id)).toContain(id)
    const pub = await publicNeeds(testDb(), { page: 1 })
    expect(pub.needs.map((n) => n.id)).not.toContain(id)
    // Re-confirming brings it back.
    await transitionListing(testDb(), owner.principal, 'need', id, 'reconfirm', { ttlMonths: 12 }, testMeta)
    expect((await listNeeds(testDb(), { liveOnly: true, limit: 500 })).map((n) => n.id)).toContain(id)
  })

  it('filters by industry (a top-level one includes its sub-fields), county and budget band, and pages', async () => {
    const db = testDb()
    const o = await createMember(db, { type: 'enterprise', role: 'owner', divisionCode: '450223' })
    const mk = (over: Parameters<typeof needInput>[1]) => publishedNeed(db, o.principal, o.principal, o.org.id, { divisionCode: '450223', ...over })
    const cheap = await mk({ industryCode: 'agrifood.sugar', budgetMin: '2', budgetMax: '8' })
    const mid = await mk({ industryCode: 'agrifood.tea', budgetMin: '20', budgetMax: '60' })
    const big = await mk({ industryCode: 'agrifood', budgetMin: '600', budgetMax: '900' })
    const open = await mk({ industryCode: 'green.energy', budgetKind: 'negotiable' })
    const elsewhere = await publishedNeed(db, owner.principal, owner.principal, enterprise.id, { industryCode: 'agrifood.sugar', divisionCode: '450206' })

    const ids = async (f: Parameters<typeof publicNeeds>[1]) => (await publicNeeds(db, f)).needs.map((n) => n.id).sort()
    expect(await ids({ divisionCode: '450223', page: 1 })).toEqual([cheap, mid, big, open].sort())
    expect(await ids({ divisionCode: '450223', industryCode: 'agrifood', page: 1 })).toEqual([cheap, mid, big].sort())
    expect(await ids({ divisionCode: '450223', industryCode: 'agrifood.tea', page: 1 })).toEqual([mid])
    expect(await ids({ industryCode: 'agrifood.sugar', page: 1 })).toEqual([cheap, elsewhere].sort())
    expect(await ids({ divisionCode: '450223', budget: 'under10', page: 1 })).toEqual([cheap])
    // 20–60 万元 overlaps both 10–50 and 50–100.
    expect(await ids({ divisionCode: '450223', budget: '10to50', page: 1 })).toEqual([mid])
    expect(await ids({ divisionCode: '450223', budget: '50to100', page: 1 })).toEqual([mid])
    expect(await ids({ divisionCode: '450223', budget: 'over500', page: 1 })).toEqual([big])
    expect(await ids({ divisionCode: '450223', budget: 'negotiable', page: 1 })).toEqual([open])

    for (let i = 0; i < 10; i++) await mk({ industryCode: 'green.recycling' })
    const p1 = await publicNeeds(db, { divisionCode: '450223', page: 1 })
    const p2 = await publicNeeds(db, { divisionCode: '450223', page: 2 })
    expect(p1).toMatchObject({ total: 14, pages: 2, page: 1 })
    expect(p1.needs).toHaveLength(12)
    expect(p2.needs).toHaveLength(2)
    expect(new Set([...p1.needs, ...p2.needs].map((n) => n.id)).size).toBe(14)
    // A page past the end shows the last page.
    expect((await publicNeeds(db, { divisionCode: '450223', page: 99 })).page).toBe(2)
  })
})

describe('myNeeds', () => {
  it('lists the enterprise’s needs in every state, with edit rights per need', async () => {
    const o = await createMember(testDb(), { type: 'enterprise', role: 'owner' })
    const draft = await draftNeed(testDb(), o.principal, o.org.id)
    const live = await publishedNeed(testDb(), o.principal, o.principal, o.org.id)
    const mine = await myNeeds(testDb(), o.principal)
    expect(mine!.canCreate).toBe(true)
    expect(mine!.needs.map((n) => [n.id, n.status, n.canEdit, n.responses.responses]).sort()).toEqual(
      [
        [draft, 'draft', true, 0],
        // A published need may be edited too: the change goes back to review (ADR 019).
        [live, 'published', true, 0],
      ].sort(),
    )
  })

  it('is null for someone without an enterprise', async () => {
    expect(await myNeeds(testDb(), researcher.principal)).toBeNull()
    expect(await myNeeds(testDb(), nobody.principal)).toBeNull()
  })
})
