import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { AchievementSchema, NeedSchema } from '../../server/listings/schemas'
import { countAchievements, listAchievements } from '../../db/repos/achievements'
import { insertMembership } from '../../db/repos/organisations'
import {
  achievementForEdit,
  achievementForViewer,
  browseAchievements,
  createAchievement,
  industryOptions,
  myAchievements,
  updateAchievement,
} from '../../server/listings/achievements'
import { DomainError } from '../../server/platform/errors'
import { reviewQueue } from '../../server/listings/review'
import { expiryFrom, listingRef, transitionListing, type ListingKind, type Transition } from '../../server/listings/workflow'
import { createNeed, needForViewer } from '../../server/listings/needs'
import { can, isLive } from '../../server/identity/permissions'
import type { Principal } from '../../server/identity/principal'
import { createMember, createUser, principalFor, testMeta } from '../helpers/factories'
import { testDb } from '../helpers/worker-setup'

// Every transition of the listing workflow (draft → submitted → returned |
// published → taken down; reconfirm; expiry), for achievements and needs,
// allowed and refused, with the audit row and the e-mail each one leaves.

const TTL = 12

interface Person {
  user: { id: string; email: string }
  principal: Principal
}

let uni: { id: string }
let researcher: Person // member of the verified university
let colleague: Person // another member of the same university
let uniAdmin: Person // admin of the same university
let otherUniAdmin: Person // admin of another verified university
let pendingMember: Person // member of a university still waiting for verification
let enterprise: { id: string }
let enterpriseOwner: Person // owner of a verified enterprise
let enterpriseMember: Person // plain member of the same enterprise
let otherEnterpriseOwner: Person
let platformAdmin: Person

async function person(userId: string, email: string): Promise<Person> {
  return { user: { id: userId, email }, principal: await principalFor(testDb(), userId) }
}

beforeAll(async () => {
  const db = testDb()
  const r = await createMember(db, { type: 'university', role: 'member' })
  uni = r.org
  researcher = r
  const c = await createUser(db)
  await insertMembership(db, { orgId: uni.id, userId: c.id, role: 'member' })
  colleague = await person(c.id, c.email)
  const a = await createUser(db)
  await insertMembership(db, { orgId: uni.id, userId: a.id, role: 'admin' })
  uniAdmin = await person(a.id, a.email)
  otherUniAdmin = await createMember(db, { type: 'university', role: 'admin' })
  pendingMember = await createMember(db, { type: 'university', role: 'owner', status: 'pending' })
  const e = await createMember(db, { type: 'enterprise', role: 'owner' })
  enterprise = e.org
  enterpriseOwner = e
  const m = await createUser(db)
  await insertMembership(db, { orgId: enterprise.id, userId: m.id, role: 'member' })
  enterpriseMember = await person(m.id, m.email)
  otherEnterpriseOwner = await createMember(db, { type: 'enterprise', role: 'owner' })
  const admin = await createUser(db, { platformAdmin: true })
  platformAdmin = await person(admin.id, admin.email)
})

function achievementInput(orgId: string, o: Record<string, unknown> = {}) {
  return AchievementSchema.parse({
    orgId,
    title: '电池包铝合金壳体一体化压铸工艺',
    summary: '面向新能源汽车电池包壳体的一体化压铸工艺，适合中大批量生产，已完成中试验证。',
    details: '模具温度 220℃，压射速度 6 m/s，真空度 50 mbar。',
    industryCode: 'auto.lightweight',
    trl: '6',
    transactionModes: ['transfer', 'licence'],
    priceKind: 'range',
    priceMin: '80',
    priceMax: '150',
    benefit: '与钢制壳体相比减重 35%，单件成本下降 120 元。',
    keywords: '压铸，轻量化',
    ipRights: [{ kind: 'invention_patent', number: 'ZL201710601862.3', status: 'granted', territory: 'CN' }],
    contributors: [
      { name: '柳州理工大学', kind: 'organisation', share: '30' },
      { name: '张三', kind: 'researcher', share: '70' },
    ],
    ...o,
  })
}

function needInput(orgId: string) {
  return NeedSchema.parse({
    orgId,
    title: '变速箱壳体轻量化方案',
    problem: '现有铸铁壳体过重，整车能耗偏高，需要一种可量产、成本可控的轻量化方案。',
    desiredOutcome: '减重 30% 以上，单件成本不高于现有方案。',
    industryCode: 'auto.parts',
    budgetKind: 'negotiable',
    divisionCode: '450204',
  })
}

async function draft(by: Person = researcher, orgId = uni.id) {
  const id = await createAchievement(testDb(), by.principal, achievementInput(orgId), testMeta)
  return id!
}

const move = (who: Person, kind: ListingKind, id: string, t: Transition, reason?: string) =>
  transitionListing(testDb(), who.principal, kind, id, t, { reason, ttlMonths: TTL }, testMeta)

async function published(by: Person = researcher) {
  const id = await draft(by)
  await move(by, 'achievement', id, 'submit')
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

async function row(kind: ListingKind, id: string) {
  return kind === 'achievement'
    ? testDb().selectFrom('achievements').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    : testDb().selectFrom('needs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

async function auditRows(id: string, action?: string) {
  let q = testDb().selectFrom('audit_log').selectAll().where('entity_id', '=', id)
  if (action) q = q.where('action', '=', action)
  return q.orderBy('id').execute()
}

async function mails(email: string) {
  const rows = await testDb()
    .selectFrom('outbox')
    .select(['kind', 'payload'])
    .where('kind', '=', 'email')
    .where(sql<string>`payload->>'to'`, '=', email)
    .orderBy('id')
    .execute()
  return rows.map((r) => r.payload as { template: string; params: Record<string, string> })
}

async function expire(kind: ListingKind, id: string) {
  const past = new Date(Date.now() - 86_400_000)
  if (kind === 'achievement') await testDb().updateTable('achievements').set({ expires_at: past }).where('id', '=', id).execute()
  else await testDb().updateTable('needs').set({ expires_at: past }).where('id', '=', id).execute()
}

describe('creating an achievement', () => {
  it('a researcher of a verified university drafts one, audited', async () => {
    const id = await draft()
    const a = await row('achievement', id)
    expect(a).toMatchObject({ status: 'draft', created_by: researcher.user.id, org_id: uni.id, price_min_fen: 80_000_000, price_max_fen: 150_000_000 })
    const entries = await auditRows(id)
    expect(entries.map((e) => e.action)).toEqual(['achievement.created'])
    expect(entries[0]).toMatchObject({ actor_id: researcher.user.id, org_id: uni.id, entity_type: 'achievement' })
  })

  it('an enterprise member cannot create an achievement (wrong role)', async () => {
    expect(await refusal(createAchievement(testDb(), enterpriseOwner.principal, achievementInput(enterprise.id), testMeta))).toMatchObject({ kind: 'forbidden' })
  })

  it('a member of a pending university cannot create one (unverified organisation)', async () => {
    const orgId = pendingMember.principal.memberships[0]!.orgId
    expect(await refusal(createAchievement(testDb(), pendingMember.principal, achievementInput(orgId), testMeta))).toMatchObject({ kind: 'forbidden' })
  })

  it('nobody creates one for an organisation they do not belong to (wrong organisation)', async () => {
    const before = await countAchievements(testDb(), {})
    expect(await refusal(createAchievement(testDb(), researcher.principal, achievementInput(otherUniAdmin.principal.memberships[0]!.orgId), testMeta))).toMatchObject({
      kind: 'forbidden',
    })
    expect(await countAchievements(testDb(), {})).toBe(before)
  })

  it('refuses an unknown industry at the field', async () => {
    const err = await createAchievement(testDb(), researcher.principal, achievementInput(uni.id, { industryCode: 'no.such' }), testMeta).catch((e) => e)
    expect(err).toBeInstanceOf(DomainError)
    expect(err).toMatchObject({ kind: 'invalid', fieldErrors: { industryCode: ['errors.industry'] } })
  })
})

describe('submit', () => {
  it('the author submits a draft: submitted, audited, no e-mail', async () => {
    const id = await draft()
    const before = (await mails(researcher.user.email)).length
    await expect(move(researcher, 'achievement', id, 'submit')).resolves.toEqual({ id, status: 'submitted' })
    expect((await row('achievement', id)).status).toBe('submitted')
    const [entry] = await auditRows(id, 'achievement.submit')
    expect(entry).toMatchObject({ actor_id: researcher.user.id, details: { from: 'draft', to: 'submitted' } })
    expect(await mails(researcher.user.email)).toHaveLength(before)
  })

  it('another plain member of the same university cannot submit the author’s draft (wrong role)', async () => {
    const id = await draft()
    expect(await refusal(move(colleague, 'achievement', id, 'submit'))).toMatchObject({ kind: 'forbidden' })
  })

  it('an outsider learns nothing about a draft (not found)', async () => {
    const id = await draft()
    expect(await refusal(move(otherUniAdmin, 'achievement', id, 'submit'))).toMatchObject({ kind: 'not_found' })
    expect(await refusal(move(enterpriseOwner, 'achievement', id, 'submit'))).toMatchObject({ kind: 'not_found' })
  })

  it('submitting twice is a conflict (wrong state)', async () => {
    const id = await draft()
    await move(researcher, 'achievement', id, 'submit')
    expect(await refusal(move(researcher, 'achievement', id, 'submit'))).toEqual({ kind: 'conflict', key: 'errors.invalidTransition' })
  })

  it('the institution admin may submit on the author’s behalf', async () => {
    const id = await draft()
    await expect(move(uniAdmin, 'achievement', id, 'submit')).resolves.toMatchObject({ status: 'submitted' })
  })
})

describe('approve', () => {
  it('the institution admin approves: published with an expiry, audited, the author e-mailed', async () => {
    const id = await draft()
    await move(researcher, 'achievement', id, 'submit')
    const t0 = new Date()
    await move(uniAdmin, 'achievement', id, 'approve')
    const a = await row('achievement', id)
    expect(a.status).toBe('published')
    expect(a.published_at!.getTime()).toBeGreaterThanOrEqual(t0.getTime() - 1000)
    const expected = expiryFrom(a.published_at!, TTL).getTime()
    expect(Math.abs(a.expires_at!.getTime() - expected)).toBeLessThan(1000)
    expect(await auditRows(id, 'achievement.approve')).toEqual([
      expect.objectContaining({ actor_id: uniAdmin.user.id, details: { from: 'submitted', to: 'published' } }),
    ])
    const mail = (await mails(researcher.user.email)).filter((m) => m.template === 'listing_approve' && m.params.path === `/achievements/${id}`)
    expect(mail).toHaveLength(1)
    expect(mail[0]!.params.title).toBe(a.title)
    expect(isLive(listingRef('achievement', a))).toBe(true)
  })

  it('the researcher cannot approve (wrong role)', async () => {
    const id = await draft()
    await move(researcher, 'achievement', id, 'submit')
    expect(await refusal(move(researcher, 'achievement', id, 'approve'))).toMatchObject({ kind: 'forbidden' })
    expect((await row('achievement', id)).status).toBe('submitted')
  })

  it('the admin of another university cannot approve: not found for an unpublished listing (wrong organisation)', async () => {
    const id = await draft()
    await move(researcher, 'achievement', id, 'submit')
    expect(await refusal(move(otherUniAdmin, 'achievement', id, 'approve'))).toMatchObject({ kind: 'not_found' })
    expect((await row('achievement', id)).status).toBe('submitted')
    expect(await auditRows(id, 'achievement.approve')).toHaveLength(0)
  })

  it('approving a draft is a conflict (wrong state)', async () => {
    const id = await draft()
    expect(await refusal(move(uniAdmin, 'achievement', id, 'approve'))).toEqual({ kind: 'conflict', key: 'errors.invalidTransition' })
    expect((await row('achievement', id)).status).toBe('draft')
  })

  it('an admin whose organisation lost its verification cannot approve (unverified organisation)', async () => {
    const id = await draft()
    await move(researcher, 'achievement', id, 'submit')
    const suspended: Principal = {
      ...uniAdmin.principal,
      memberships: uniAdmin.principal.memberships.map((m) => ({ ...m, orgStatus: 'pending' as const })),
    }
    expect(await refusal(transitionListing(testDb(), suspended, 'achievement', id, 'approve', { ttlMonths: TTL }, testMeta))).toMatchObject({ kind: 'forbidden' })
  })

  it('a platform admin does not approve for an institution', async () => {
    const id = await draft()
    await move(researcher, 'achievement', id, 'submit')
    expect(await refusal(move(platformAdmin, 'achievement', id, 'approve'))).toMatchObject({ kind: 'forbidden' })
  })
})

describe('return', () => {
  it('the admin returns with a reason: returned, reason kept, audited, the author e-mailed with the reason', async () => {
    const id = await draft()
    await move(researcher, 'achievement', id, 'submit')
    await move(uniAdmin, 'achievement', id, 'return', '请补充量化效益的测试报告。')
    const a = await row('achievement', id)
    expect(a).toMatchObject({ status: 'returned', status_reason: '请补充量化效益的测试报告。' })
    expect(await auditRows(id, 'achievement.return')).toEqual([
      expect.objectContaining({ actor_id: uniAdmin.user.id, details: { from: 'submitted', to: 'returned', reason: '请补充量化效益的测试报告。' } }),
    ])
    const mail = (await mails(researcher.user.email)).filter((m) => m.template === 'listing_return' && m.params.path === `/achievements/${id}`)
    expect(mail).toEqual([expect.objectContaining({ params: expect.objectContaining({ reason: '请补充量化效益的测试报告。' }) })])
  })

  it('a returned listing can be edited and submitted again; approval clears the reason', async () => {
    const id = await draft()
    await move(researcher, 'achievement', id, 'submit')
    await move(uniAdmin, 'achievement', id, 'return', '标题不够具体。')
    await updateAchievement(testDb(), researcher.principal, id, achievementInput(uni.id, { title: '电池包铝合金壳体一体化真空压铸工艺' }), testMeta)
    await move(researcher, 'achievement', id, 'submit')
    await move(uniAdmin, 'achievement', id, 'approve')
    const a = await row('achievement', id)
    expect(a).toMatchObject({ status: 'published', status_reason: null, title: '电池包铝合金壳体一体化真空压铸工艺' })
    expect((await auditRows(id)).map((e) => e.action)).toEqual([
      'achievement.created', 'achievement.submit', 'achievement.return', 'achievement.updated', 'achievement.submit', 'achievement.approve',
    ])
  })

  it('the researcher cannot return (wrong role); nobody returns a draft (wrong state)', async () => {
    const id = await draft()
    await move(researcher, 'achievement', id, 'submit')
    expect(await refusal(move(researcher, 'achievement', id, 'return', '自己退回自己'))).toMatchObject({ kind: 'forbidden' })
    const d = await draft()
    expect(await refusal(move(uniAdmin, 'achievement', d, 'return', '还没有提交'))).toMatchObject({ kind: 'conflict' })
  })

  it('the admin of another university cannot return (not found)', async () => {
    const id = await draft()
    await move(researcher, 'achievement', id, 'submit')
    expect(await refusal(move(otherUniAdmin, 'achievement', id, 'return', '不是我们的'))).toMatchObject({ kind: 'not_found' })
  })
})

describe('editing', () => {
  it('is allowed in draft and returned, refused while submitted; a published one goes back to review (ADR 019)', async () => {
    const id = await draft()
    await updateAchievement(testDb(), researcher.principal, id, achievementInput(uni.id, { title: '修改后的成果名称' }), testMeta)
    expect((await row('achievement', id)).title).toBe('修改后的成果名称')
    await move(researcher, 'achievement', id, 'submit')
    expect(await refusal(updateAchievement(testDb(), researcher.principal, id, achievementInput(uni.id), testMeta))).toMatchObject({ kind: 'forbidden' })
    expect(await refusal(achievementForEdit(testDb(), researcher.principal, id))).toMatchObject({ kind: 'forbidden' })
    await move(uniAdmin, 'achievement', id, 'approve')
    await expect(updateAchievement(testDb(), researcher.principal, id, achievementInput(uni.id), testMeta)).resolves.toEqual({ resubmitted: true })
    expect((await row('achievement', id)).status).toBe('submitted')
  })

  it('the edit form gets the confidential details; outsiders get not found', async () => {
    const id = await draft()
    const a = await achievementForEdit(testDb(), researcher.principal, id)
    expect(a.details).toContain('模具温度')
    expect(a.ipRights).toHaveLength(1)
    expect(await refusal(achievementForEdit(testDb(), otherUniAdmin.principal, id))).toMatchObject({ kind: 'not_found' })
    expect(await refusal(achievementForEdit(testDb(), colleague.principal, id))).toMatchObject({ kind: 'forbidden' })
  })

  it('cannot move an achievement to another organisation', async () => {
    const id = await draft()
    const other = otherUniAdmin.principal.memberships[0]!.orgId
    expect(await refusal(updateAchievement(testDb(), researcher.principal, id, achievementInput(other), testMeta))).toMatchObject({ kind: 'invalid' })
  })
})

describe('takedown', () => {
  it('a platform admin takes a published listing down with a reason: audited, the author e-mailed, page gone for outsiders', async () => {
    const id = await published()
    await move(platformAdmin, 'achievement', id, 'takedown', '内容涉嫌夸大宣传。')
    expect(await row('achievement', id)).toMatchObject({ status: 'taken_down', status_reason: '内容涉嫌夸大宣传。' })
    expect(await auditRows(id, 'achievement.takedown')).toEqual([
      expect.objectContaining({ actor_id: platformAdmin.user.id, details: { from: 'published', to: 'taken_down', reason: '内容涉嫌夸大宣传。' } }),
    ])
    expect((await mails(researcher.user.email)).filter((m) => m.template === 'listing_takedown' && m.params.path === `/achievements/${id}`)).toHaveLength(1)
    expect(await achievementForViewer(testDb(), null, id)).toBeNull()
    expect((await achievementForViewer(testDb(), researcher.principal, id))?.achievement.status).toBe('taken_down')
  })

  it('nobody else may take a listing down, not even the institution admin', async () => {
    const id = await published()
    for (const who of [uniAdmin, researcher, enterpriseOwner]) {
      expect(await refusal(move(who, 'achievement', id, 'takedown', '我想下架它。'))).toMatchObject({ kind: 'forbidden' })
    }
    expect((await row('achievement', id)).status).toBe('published')
    expect(await auditRows(id, 'achievement.takedown')).toHaveLength(0)
  })

  it('only published listings can be taken down (wrong state)', async () => {
    const id = await draft()
    expect(await refusal(move(platformAdmin, 'achievement', id, 'takedown', '还是草稿。'))).toMatchObject({ kind: 'conflict' })
  })
})

describe('reconfirm and expiry', () => {
  it('the author reconfirms a published listing: expiry pushed forward, audited, no e-mail', async () => {
    const id = await published()
    await testDb().updateTable('achievements').set({ expires_at: new Date(Date.now() + 5 * 86_400_000), reminded_at: new Date() }).where('id', '=', id).execute()
    const mailsBefore = (await mails(researcher.user.email)).length
    await move(researcher, 'achievement', id, 'reconfirm')
    const a = await row('achievement', id)
    expect(a.expires_at!.getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000)
    expect(a.reminded_at).toBeNull()
    expect(await auditRows(id, 'achievement.reconfirm')).toHaveLength(1)
    expect(await mails(researcher.user.email)).toHaveLength(mailsBefore)
  })

  it('reconfirm is allowed only when published', async () => {
    const id = await draft()
    expect(await refusal(move(researcher, 'achievement', id, 'reconfirm'))).toMatchObject({ kind: 'conflict' })
    await move(researcher, 'achievement', id, 'submit')
    expect(await refusal(move(researcher, 'achievement', id, 'reconfirm'))).toMatchObject({ kind: 'conflict' })
  })

  it('outsiders cannot reconfirm a published listing (forbidden, it is public)', async () => {
    const id = await published()
    expect(await refusal(move(otherUniAdmin, 'achievement', id, 'reconfirm'))).toMatchObject({ kind: 'forbidden' })
    expect(await refusal(move(enterpriseOwner, 'achievement', id, 'reconfirm'))).toMatchObject({ kind: 'forbidden' })
  })

  it('an expired listing is not live: out of lists, page kept, no interest — until reconfirmed', async () => {
    const id = await published()
    await expire('achievement', id)
    const a = await row('achievement', id)
    expect(a.status).toBe('published')
    expect(isLive(listingRef('achievement', a))).toBe(false)

    const live = await listAchievements(testDb(), { liveOnly: true, limit: 1000 })
    expect(live.map((x) => x.id)).not.toContain(id)
    expect((await browseAchievements(testDb(), { page: 1 })).items.map((x) => x.id)).not.toContain(id)

    const page = await achievementForViewer(testDb(), null, id)
    expect(page).toMatchObject({ live: false, insider: false, achievement: { id, status: 'published' } })
    const asEnterprise = await achievementForViewer(testDb(), enterpriseOwner.principal, id)
    expect(asEnterprise?.can).toMatchObject({ registerInterest: false, requestDetails: false })
    expect(can(enterpriseOwner.principal, { action: 'interest:create', listing: listingRef('achievement', a) })).toBe(false)

    // The owner sees it among "expired" and brings it back.
    const mine = await myAchievements(testDb(), researcher.principal, { page: 1, remindDays: 30 })
    expect(mine?.attention.expired.map((x) => x.id)).toContain(id)
    await move(researcher, 'achievement', id, 'reconfirm')
    const again = await row('achievement', id)
    expect(isLive(listingRef('achievement', again))).toBe(true)
    expect((await listAchievements(testDb(), { liveOnly: true, limit: 1000 })).map((x) => x.id)).toContain(id)
    expect((await achievementForViewer(testDb(), enterpriseOwner.principal, id))?.can.registerInterest).toBe(true)
  })
})

describe('what viewers see', () => {
  it('never the confidential details; the timeline only for insiders; drafts only for insiders', async () => {
    const id = await published()
    const anon = await achievementForViewer(testDb(), null, id)
    expect(anon).not.toBeNull()
    expect(anon!.achievement).not.toHaveProperty('details')
    expect(anon!.achievement.hasDetails).toBe(true)
    expect(anon!.timeline).toEqual([])
    expect(anon!.can).toMatchObject({ edit: false, submit: false, review: false, reconfirm: false, takedown: false })
    const own = await achievementForViewer(testDb(), researcher.principal, id)
    expect(own!.timeline.map((e) => e.action)).toEqual(['achievement.created', 'achievement.submit', 'achievement.approve'])
    expect(own!.can).toMatchObject({ reconfirm: true, decide: true, registerInterest: false })
    expect((await achievementForViewer(testDb(), platformAdmin.principal, id))!.can.takedown).toBe(true)

    const d = await draft()
    expect(await achievementForViewer(testDb(), null, d)).toBeNull()
    expect(await achievementForViewer(testDb(), otherUniAdmin.principal, d)).toBeNull()
    expect((await achievementForViewer(testDb(), colleague.principal, d))?.can).toMatchObject({ edit: false, submit: false })
  })
})

describe('needs share the workflow', () => {
  it('an enterprise member posts, the owner approves: published, audited, e-mailed', async () => {
    const id = await createNeed(testDb(), enterpriseMember.principal, needInput(enterprise.id), testMeta)
    await move(enterpriseMember, 'need', id, 'submit')
    expect((await row('need', id)).status).toBe('submitted')
    expect(await refusal(move(enterpriseMember, 'need', id, 'approve'))).toMatchObject({ kind: 'forbidden' })
    expect(await refusal(move(otherEnterpriseOwner, 'need', id, 'approve'))).toMatchObject({ kind: 'not_found' })
    await move(enterpriseOwner, 'need', id, 'approve')
    const n = await row('need', id)
    expect(n.status).toBe('published')
    expect(n.expires_at).not.toBeNull()
    expect((await auditRows(id)).map((e) => e.action)).toEqual(['need.created', 'need.submit', 'need.approve'])
    expect((await mails(enterpriseMember.user.email)).filter((m) => m.template === 'listing_approve' && m.params.path === `/needs/${id}`)).toHaveLength(1)
    expect((await needForViewer(testDb(), null, id))?.live).toBe(true)
  })

  it('the owner returns a need with a reason; approving a draft need is a conflict', async () => {
    const id = await createNeed(testDb(), enterpriseMember.principal, needInput(enterprise.id), testMeta)
    expect(await refusal(move(enterpriseOwner, 'need', id, 'approve'))).toMatchObject({ kind: 'conflict' })
    await move(enterpriseMember, 'need', id, 'submit')
    await move(enterpriseOwner, 'need', id, 'return', '预算请给出区间。')
    expect(await row('need', id)).toMatchObject({ status: 'returned', status_reason: '预算请给出区间。' })
    expect(await auditRows(id, 'need.return')).toHaveLength(1)
    expect((await mails(enterpriseMember.user.email)).filter((m) => m.template === 'listing_return' && m.params.path === `/needs/${id}`)).toHaveLength(1)
  })

  it('a researcher cannot post a need (wrong role); an expired need is not live', async () => {
    expect(await refusal(createNeed(testDb(), researcher.principal, needInput(uni.id), testMeta))).toMatchObject({ kind: 'forbidden' })
    const id = await createNeed(testDb(), enterpriseOwner.principal, needInput(enterprise.id), testMeta)
    await move(enterpriseOwner, 'need', id, 'submit')
    await move(enterpriseOwner, 'need', id, 'approve')
    await expire('need', id)
    const page = await needForViewer(testDb(), null, id)
    expect(page?.live).toBe(false)
    expect(page?.can.respond).toBe(false)
    await move(enterpriseOwner, 'need', id, 'reconfirm')
    expect((await needForViewer(testDb(), null, id))?.live).toBe(true)
  })
})

describe('the review queue', () => {
  it('lists submitted achievements and needs of the organisations the user administers, and nothing else', async () => {
    const a = await draft()
    await move(researcher, 'achievement', a, 'submit')
    const stillDraft = await draft()
    const n = await createNeed(testDb(), enterpriseMember.principal, needInput(enterprise.id), testMeta)
    await move(enterpriseMember, 'need', n, 'submit')

    const forUniAdmin = (await reviewQueue(testDb(), uniAdmin.principal)).items.map((i) => i.id)
    expect(forUniAdmin).toContain(a)
    expect(forUniAdmin).not.toContain(stillDraft)
    expect(forUniAdmin).not.toContain(n)
    const forOwner = (await reviewQueue(testDb(), enterpriseOwner.principal)).items
    expect(forOwner.map((i) => i.id)).toContain(n)
    expect(forOwner.find((i) => i.id === n)?.kind).toBe('need')
    expect(forOwner.map((i) => i.id)).not.toContain(a)
    expect((await reviewQueue(testDb(), researcher.principal)).items).toEqual([])
    expect((await reviewQueue(testDb(), otherUniAdmin.principal)).items.map((i) => i.id)).not.toContain(a)
  })
})

describe('my achievements', () => {
  it('counts every state of the institution and lists returned ones with their reason', async () => {
    const p = await createMember(testDb(), { type: 'institute', role: 'admin' })
    const mk = async () => (await createAchievement(testDb(), p.principal, achievementInput(p.org.id), testMeta))!
    const d = await mk()
    const r = await mk()
    await move(p, 'achievement', r, 'submit')
    await move(p, 'achievement', r, 'return', '请补充专利证书。')
    const pub = await mk()
    await move(p, 'achievement', pub, 'submit')
    await move(p, 'achievement', pub, 'approve')
    await testDb().updateTable('achievements').set({ expires_at: new Date(Date.now() + 10 * 86_400_000) }).where('id', '=', pub).execute()
    const mine = await myAchievements(testDb(), p.principal, { page: 1, remindDays: 30 })
    expect(mine?.counts).toEqual({ draft: 1, returned: 1, published: 1 })
    expect(mine?.total).toBe(3)
    expect(mine?.attention.returned).toEqual([expect.objectContaining({ id: r, status_reason: '请补充专利证书。' })])
    expect(mine?.attention.expiring.map((x) => x.id)).toEqual([pub])
    const drafts = await myAchievements(testDb(), p.principal, { page: 1, remindDays: 30, status: 'draft' })
    expect(drafts?.items.map((x) => x.id)).toEqual([d])
    expect(await myAchievements(testDb(), enterpriseOwner.principal, { page: 1, remindDays: 30 })).toBeNull()
  })
})

describe('industry options', () => {
  it('groups sub-industries under their top-level industry', async () => {
    const groups = await industryOptions(testDb())
    const auto = groups.find((g) => g.code === 'auto')
    expect(auto?.nameZh).toBe('汽车及新能源汽车')
    expect(auto?.children.map((c) => c.code)).toContain('auto.lightweight')
    expect(groups.every((g) => !g.code.includes('.'))).toBe(true)
  })
})
