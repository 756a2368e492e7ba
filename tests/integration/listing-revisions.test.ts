import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { insertMembership, insertOrganisation } from '../../db/repos/organisations'
import { AchievementSchema } from '../../server/listings/schemas'
import { achievementForViewer, browseAchievements, createAchievement, updateAchievement } from '../../server/listings/achievements'
import { needForViewer, publicNeeds, updateNeed } from '../../server/listings/needs'
import { moderate, moderationList } from '../../server/listings/moderation'
import { transitionListing, type ListingKind, type Transition } from '../../server/listings/workflow'
import { fourEyesStatus, setFourEyes } from '../../server/identity/four-eyes'
import { DomainError } from '../../server/platform/errors'
import type { Principal } from '../../server/identity/principal'
import { createMember, createUser, principalFor, testMeta, uniqueCreditCode } from '../helpers/factories'
import { draftNeed, needInput, publishedNeed } from '../helpers/needs'
import { testDb } from '../helpers/worker-setup'

// Issue 7 (ADR 019): owners edit and withdraw published listings (editing sends
// them back to review, out of lists and search), the platform restores what it
// took down, four eyes keeps whoever submitted or last edited a listing from
// approving it, the moderation list, and the public lists' keyword, county and sort.

const TTL = 12

interface Person {
  id: string
  email: string
  p: Principal
}

let uni: string
let researcher: Person // member of a verified university (four eyes on by default)
let uniAdmin: Person
let uniAdmin2: Person
let otherUniAdmin: Person
let enterprise: string
let owner: Person // sole owner of a verified enterprise (four eyes off by default)
let member: Person // plain member of the same enterprise
let platformAdmin: Person

async function person(userId: string): Promise<Person> {
  const p = await principalFor(testDb(), userId)
  return { id: userId, email: p.email, p }
}

async function joined(orgId: string, role: 'member' | 'admin'): Promise<Person> {
  const u = await createUser(testDb())
  await insertMembership(testDb(), { orgId, userId: u.id, role })
  return person(u.id)
}

beforeAll(async () => {
  const db = testDb()
  // A county of its own, so that the county filter below sees only these listings.
  const r = await createMember(db, { type: 'university', role: 'member', divisionCode: '450206', fourEyes: true })
  uni = r.org.id
  researcher = await person(r.user.id)
  uniAdmin = await joined(uni, 'admin')
  uniAdmin2 = await joined(uni, 'admin')
  otherUniAdmin = await person((await createMember(db, { type: 'university', role: 'admin' })).user.id)
  const e = await createMember(db, { type: 'enterprise', role: 'owner' })
  enterprise = e.org.id
  owner = await person(e.user.id)
  member = await joined(enterprise, 'member')
  platformAdmin = await person((await createUser(db, { platformAdmin: true })).id)
})

const TITLE = '电池包铝合金壳体一体化压铸工艺'

function achievementInput(o: Record<string, unknown> = {}) {
  return AchievementSchema.parse({
    orgId: uni,
    title: TITLE,
    summary: '面向新能源汽车电池包壳体的一体化压铸工艺，适合中大批量生产，已完成中试验证。',
    details: '模具温度 220℃。',
    industryCode: 'auto.lightweight',
    trl: '6',
    transactionModes: ['transfer'],
    priceKind: 'amount',
    priceMin: '80',
    benefit: '与钢制壳体相比减重 35%。',
    keywords: '压铸，轻量化',
    ipRights: [],
    contributors: [{ name: '张三', kind: 'researcher', share: '100' }],
    ...o,
  })
}

const move = (who: Person, kind: ListingKind, id: string, t: Transition, reason?: string) =>
  transitionListing(testDb(), who.p, kind, id, t, { reason, ttlMonths: TTL }, testMeta)

async function draft(o: Record<string, unknown> = {}, by = researcher) {
  return (await createAchievement(testDb(), by.p, achievementInput(o), testMeta))!
}

async function published(o: Record<string, unknown> = {}) {
  const id = await draft(o)
  await move(researcher, 'achievement', id, 'submit')
  await move(uniAdmin, 'achievement', id, 'approve')
  return id
}

async function refusal(p: Promise<unknown>) {
  try {
    await p
  } catch (err) {
    if (err instanceof DomainError) return { kind: err.kind, key: err.messageKey }
    throw err
  }
  throw new Error('expected the call to be refused')
}

const table = (kind: ListingKind) => (kind === 'achievement' ? 'achievements' : 'needs')
async function status(kind: ListingKind, id: string) {
  return (await testDb().selectFrom(table(kind)).select(['status', 'title', 'status_reason']).where('id', '=', id).executeTakeFirstOrThrow())
}
async function auditRows(id: string, action: string) {
  return testDb().selectFrom('audit_log').selectAll().where('entity_id', '=', id).where('action', '=', action).orderBy('id').execute()
}
async function indexQueued(id: string) {
  const r = await testDb().selectFrom('outbox').select(sql<number>`count(*)::int`.as('n')).where('kind', '=', 'search.index').where(sql<string>`payload->>'id'`, '=', id).executeTakeFirstOrThrow()
  return r.n
}
async function mails(email: string, template: string) {
  return testDb()
    .selectFrom('outbox')
    .select('payload')
    .where('kind', '=', 'email')
    .where(sql<string>`payload->>'to'`, '=', email)
    .where(sql<string>`payload->>'template'`, '=', template)
    .execute()
}
const liveIds = async (q: Omit<Parameters<typeof browseAchievements>[1], 'page'>) => (await browseAchievements(testDb(), { ...q, page: 1 })).items.map((a) => a.id)

describe('editing a published listing', () => {
  it('sends an achievement back to review: out of the public list and search until approved again, audited', async () => {
    const id = await published()
    expect(await liveIds({ divisionCode: '450206' })).toContain(id)
    const queued = await indexQueued(id)
    const r = await updateAchievement(testDb(), researcher.p, id, achievementInput({ title: `${TITLE}（第二版）` }), testMeta)
    expect(r).toEqual({ resubmitted: true })
    expect(await status('achievement', id)).toMatchObject({ status: 'submitted', title: `${TITLE}（第二版）` })
    expect(await liveIds({ divisionCode: '450206' })).not.toContain(id)
    expect(await achievementForViewer(testDb(), null, id)).toBeNull()
    expect(await indexQueued(id)).toBe(queued + 1)
    expect((await auditRows(id, 'achievement.updated')).at(-1)).toMatchObject({ actor_id: researcher.id, details: { from: 'published', to: 'submitted' } })
    await move(uniAdmin, 'achievement', id, 'approve')
    expect(await liveIds({ divisionCode: '450206' })).toContain(id)
  })

  it('sends a need back to review the same way', async () => {
    const id = await publishedNeed(testDb(), owner.p, owner.p, enterprise)
    const r = await updateNeed(testDb(), owner.p, id, needInput(enterprise, { title: '铝合金压铸件气孔缺陷控制（修订）' }), testMeta)
    expect(r).toEqual({ resubmitted: true })
    expect(await status('need', id)).toMatchObject({ status: 'submitted', title: '铝合金压铸件气孔缺陷控制（修订）' })
    expect(await needForViewer(testDb(), null, id)).toBeNull()
  })

  it('is refused to a colleague who did not write it, and to outsiders', async () => {
    const id = await published()
    const colleague = await joined(uni, 'member')
    expect(await refusal(updateAchievement(testDb(), colleague.p, id, achievementInput(), testMeta))).toMatchObject({ kind: 'forbidden' })
    expect(await refusal(updateAchievement(testDb(), otherUniAdmin.p, id, achievementInput(), testMeta))).toMatchObject({ kind: 'not_found' })
    expect((await status('achievement', id)).status).toBe('published')
  })
})

describe('withdrawing', () => {
  it('the author withdraws a published achievement: off the lists and search, audited, no mail to themselves; re-submitted later', async () => {
    const id = await published()
    const queued = await indexQueued(id)
    await expect(move(researcher, 'achievement', id, 'withdraw')).resolves.toEqual({ id, status: 'withdrawn' })
    expect(await liveIds({ divisionCode: '450206' })).not.toContain(id)
    expect(await achievementForViewer(testDb(), null, id)).toBeNull()
    expect((await achievementForViewer(testDb(), researcher.p, id))?.can).toMatchObject({ edit: true, submit: true, withdraw: false })
    expect(await indexQueued(id)).toBe(queued + 1)
    expect(await auditRows(id, 'achievement.withdraw')).toEqual([expect.objectContaining({ actor_id: researcher.id, details: { from: 'published', to: 'withdrawn' } })])
    expect(await mails(researcher.email, 'listing_withdraw')).toHaveLength(0)
    await updateAchievement(testDb(), researcher.p, id, achievementInput({ title: `${TITLE}（撤回后修改）` }), testMeta)
    expect((await status('achievement', id)).status).toBe('withdrawn')
    await move(researcher, 'achievement', id, 'submit')
    await move(uniAdmin, 'achievement', id, 'approve')
    expect(await liveIds({ divisionCode: '450206' })).toContain(id)
  })

  it('an admin withdrawing the author’s listing e-mails the author', async () => {
    const id = await published()
    await move(uniAdmin2, 'achievement', id, 'withdraw')
    const sent = await mails(researcher.email, 'listing_withdraw')
    expect(sent.some((m) => (m.payload as { params: { path: string } }).params.path === `/achievements/${id}`)).toBe(true)
  })

  it('an enterprise withdraws a need; a plain member who did not write it, outsiders and the platform admin cannot', async () => {
    const id = await publishedNeed(testDb(), owner.p, owner.p, enterprise)
    expect(await refusal(move(member, 'need', id, 'withdraw'))).toMatchObject({ kind: 'forbidden' })
    expect(await refusal(move(otherUniAdmin, 'need', id, 'withdraw'))).toMatchObject({ kind: 'forbidden' })
    expect(await refusal(move(platformAdmin, 'need', id, 'withdraw'))).toMatchObject({ kind: 'forbidden' })
    await move(owner, 'need', id, 'withdraw')
    expect((await publicNeeds(testDb(), { page: 1, q: '气孔缺陷' })).needs.map((n) => n.id)).not.toContain(id)
    expect(await refusal(move(owner, 'need', id, 'withdraw'))).toMatchObject({ kind: 'conflict' })
  })

  it('a listing the platform took down is not the owner’s to withdraw, edit or re-submit', async () => {
    const id = await published()
    await move(platformAdmin, 'achievement', id, 'takedown', '内容涉嫌夸大宣传。')
    expect(await refusal(move(researcher, 'achievement', id, 'withdraw'))).toMatchObject({ kind: 'conflict' })
    expect(await refusal(move(researcher, 'achievement', id, 'submit'))).toMatchObject({ kind: 'conflict' })
    expect(await refusal(updateAchievement(testDb(), researcher.p, id, achievementInput(), testMeta))).toMatchObject({ kind: 'forbidden' })
  })
})

describe('restoring a taken-down listing', () => {
  it('the platform admin restores with a reason: published again, audited with the reason, the author e-mailed', async () => {
    const id = await published()
    await move(platformAdmin, 'achievement', id, 'takedown', '内容涉嫌夸大宣传。')
    expect(await refusal(move(uniAdmin, 'achievement', id, 'restore', '我们认为没有问题。'))).toMatchObject({ kind: 'forbidden' })
    await move(platformAdmin, 'achievement', id, 'restore', '核实后内容属实。')
    expect(await status('achievement', id)).toMatchObject({ status: 'published', status_reason: null })
    expect(await liveIds({ divisionCode: '450206' })).toContain(id)
    expect(await auditRows(id, 'achievement.restore')).toEqual([
      expect.objectContaining({ actor_id: platformAdmin.id, details: { from: 'taken_down', to: 'published', reason: '核实后内容属实。' } }),
    ])
    expect(await mails(researcher.email, 'listing_restore')).not.toHaveLength(0)
  })

  it('only a taken-down listing can be restored', async () => {
    const id = await published()
    expect(await refusal(move(platformAdmin, 'achievement', id, 'restore', '本来就在架上。'))).toMatchObject({ kind: 'conflict' })
  })
})

describe('four eyes', () => {
  it('is on by default for new universities and institutes, off for enterprises', async () => {
    const made = async (type: 'university' | 'institute' | 'enterprise') =>
      (await insertOrganisation(testDb(), {
        name: `双人审核默认值${type}${Math.random()}`, nameEn: null, type, creditCode: uniqueCreditCode(), divisionCode: '450204', address: null,
        contactName: '联系人', contactPhone: '0772-2800000', contactEmail: 'four-eyes@example.test', website: null, description: null, createdBy: null,
      })).id
    expect(await fourEyesStatus(testDb(), await made('university'))).toMatchObject({ on: true, admins: 0, needsSecondAdmin: true })
    expect(await fourEyesStatus(testDb(), await made('institute'))).toMatchObject({ on: true })
    expect(await fourEyesStatus(testDb(), await made('enterprise'))).toMatchObject({ on: false })
    expect(await fourEyesStatus(testDb(), uni)).toMatchObject({ on: true, admins: 2, needsSecondAdmin: false })
  })

  it('an institution admin cannot approve what they submitted; another admin can', async () => {
    const id = await draft({}, uniAdmin)
    await move(uniAdmin, 'achievement', id, 'submit')
    expect(await refusal(move(uniAdmin, 'achievement', id, 'approve'))).toEqual({ kind: 'forbidden', key: 'errors.fourEyes' })
    const page = await achievementForViewer(testDb(), uniAdmin.p, id)
    expect(page?.can).toMatchObject({ review: false, waitsForSecondPerson: true })
    expect((await achievementForViewer(testDb(), uniAdmin2.p, id))?.can).toMatchObject({ review: true, waitsForSecondPerson: false })
    await move(uniAdmin2, 'achievement', id, 'approve')
    expect((await status('achievement', id)).status).toBe('published')
  })

  it('nor what they last edited, even when someone else submitted it', async () => {
    const id = await draft()
    await updateAchievement(testDb(), uniAdmin.p, id, achievementInput({ title: `${TITLE}（管理员改）` }), testMeta)
    await move(researcher, 'achievement', id, 'submit')
    expect(await refusal(move(uniAdmin, 'achievement', id, 'approve'))).toMatchObject({ kind: 'forbidden' })
    await move(uniAdmin2, 'achievement', id, 'approve')
  })

  it('an enterprise owner may approve their own need while it is off; an admin turns it on (audited) and then cannot', async () => {
    const quick = await publishedNeed(testDb(), owner.p, owner.p, enterprise)
    expect((await status('need', quick)).status).toBe('published')

    expect(await refusal(setFourEyes(testDb(), member.p, enterprise, true, testMeta))).toMatchObject({ kind: 'forbidden' })
    await expect(setFourEyes(testDb(), owner.p, enterprise, true, testMeta)).resolves.toEqual({ changed: true })
    expect(await auditRows(enterprise, 'organisation.four_eyes')).toEqual([expect.objectContaining({ actor_id: owner.id, details: { from: false, to: true } })])
    // The owner is the enterprise's only admin: the page says another must be invited.
    expect(await fourEyesStatus(testDb(), enterprise)).toMatchObject({ on: true, admins: 1, needsSecondAdmin: true })

    const id = await draftNeed(testDb(), owner.p, enterprise)
    await move(owner, 'need', id, 'submit')
    expect(await refusal(move(owner, 'need', id, 'approve'))).toEqual({ kind: 'forbidden', key: 'errors.fourEyes' })
    expect((await needForViewer(testDb(), owner.p, id))?.can.waitsForSecondPerson).toBe(true)
    // What a plain member submitted, the owner may approve.
    const byMember = await draftNeed(testDb(), member.p, enterprise)
    await move(member, 'need', byMember, 'submit')
    await move(owner, 'need', byMember, 'approve')
    expect((await status('need', byMember)).status).toBe('published')

    await setFourEyes(testDb(), owner.p, enterprise, false, testMeta)
    await move(owner, 'need', id, 'approve')
    expect((await status('need', id)).status).toBe('published')
  })
})

describe('the moderation list', () => {
  it('shows the platform admin every organisation’s listings, filtered by kind, status, organisation and text', async () => {
    const a = await published({ title: '稀土永磁电机矢量控制算法' })
    const n = await publishedNeed(testDb(), owner.p, owner.p, enterprise, { title: '冷轧高强带钢表面缺陷检测' })
    const d = await draft({ title: '尚未提交的稀土草稿' })
    const all = await moderationList(testDb(), platformAdmin.p, { page: 1 })
    expect(all.total).toBeGreaterThanOrEqual(3)
    const ids = (r: Awaited<ReturnType<typeof moderationList>>) => r.items.map((i) => `${i.kind}:${i.id}`)
    expect(ids(await moderationList(testDb(), platformAdmin.p, { q: '稀土 矢量', page: 1 }))).toEqual([`achievement:${a}`])
    expect(ids(await moderationList(testDb(), platformAdmin.p, { q: '带钢', kind: 'need', page: 1 }))).toEqual([`need:${n}`])
    expect(ids(await moderationList(testDb(), platformAdmin.p, { q: '带钢', kind: 'achievement', page: 1 }))).toEqual([])
    expect(ids(await moderationList(testDb(), platformAdmin.p, { q: '稀土', status: 'draft', orgId: uni, page: 1 }))).toEqual([`achievement:${d}`])
    expect((await moderationList(testDb(), platformAdmin.p, { orgId: enterprise, page: 1 })).items.every((i) => i.org_id === enterprise)).toBe(true)
    const takenDown = await moderate(testDb(), platformAdmin.p, { kind: 'need', id: n, intent: 'takedown', reason: '联系方式不实。' }, TTL, testMeta)
    expect(takenDown.status).toBe('taken_down')
    expect(ids(await moderationList(testDb(), platformAdmin.p, { status: 'taken_down', q: '带钢', page: 1 }))).toEqual([`need:${n}`])
  })

  it('is the platform admin’s only', async () => {
    for (const who of [uniAdmin, owner, researcher]) {
      expect(await refusal(moderationList(testDb(), who.p, { page: 1 }))).toMatchObject({ kind: 'forbidden' })
    }
  })
})

describe('the public lists: keyword, county and sort', () => {
  it('finds achievements whose words all occur anywhere, in the owning institution’s county, sorted by price', async () => {
    const cheap = await published({ title: '电机矢量控制器（低价）', priceMin: '10', keywords: '永磁' })
    const dear = await published({ title: '电机矢量控制器（高价）', priceMin: '500', keywords: '永磁' })
    const nego = await published({ title: '电机矢量控制器（面议）', priceKind: 'negotiable', priceMin: undefined, keywords: '永磁' })
    // Words apart in the text: "电机" and "控制" both occur, not side by side.
    expect(await liveIds({ q: '电机 控制器 永磁', divisionCode: '450206', sort: 'price_asc' })).toEqual([cheap, dear, nego])
    expect(await liveIds({ q: '电机 控制器 永磁', divisionCode: '450206', sort: 'price_desc' })).toEqual([dear, cheap, nego])
    expect(await liveIds({ q: '电机 控制器 永磁', divisionCode: '450205' })).toEqual([])
    expect(await liveIds({ q: '电机 不存在的词' })).toEqual([])
    // LIKE wildcards typed by a visitor are plain characters.
    expect(await liveIds({ q: '%' })).toEqual([])
  })

  it('sorts and filters needs by keyword; recently updated first on request', async () => {
    const first = await publishedNeed(testDb(), owner.p, owner.p, enterprise, { title: '焊接机器人离线编程甲', budgetMin: '5', budgetMax: '10' })
    const second = await publishedNeed(testDb(), owner.p, owner.p, enterprise, { title: '焊接机器人离线编程乙', budgetMin: '100', budgetMax: '200' })
    const ids = async (sort: 'price_asc' | 'price_desc' | 'updated' | 'newest') => (await publicNeeds(testDb(), { q: '焊接 离线编程', sort, page: 1 })).needs.map((n) => n.id)
    expect(await ids('price_asc')).toEqual([first, second])
    expect(await ids('price_desc')).toEqual([second, first])
    expect(await ids('newest')).toEqual([second, first])
    await move(owner, 'need', first, 'reconfirm')
    expect(await ids('updated')).toEqual([first, second])
  })
})
