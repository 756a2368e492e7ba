import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { dealMembers, dealParties } from '../../db/repos/deals'
import { findNotice } from '../../db/repos/notices'
import { dealAccess } from '../../server/deals/access'
import {
  answerObjection,
  chooseProcedure,
  concludeDueNotices,
  concludeNotice,
  lodgeObjection,
  noticePage,
  openNotice,
  registerForNotice,
  type NoticeLimits,
} from '../../server/notices/notices'
import { OpenNoticeSchema } from '../../server/notices/schemas'
import { periodEnd, workingCalendar } from '../../server/platform/working-days'
import { engagementParties, publishedAchievement } from '../helpers/engagement'
import { refusedUnchanged, rejection } from '../helpers/errors'
import { createMember, createUser, principalFor, testMeta } from '../helpers/factories'
import { testDb } from '../helpers/worker-setup'
import { todoFor } from '../../server/notifications/todo'
import { insertMembership } from '../../db/repos/organisations'
import type { Principal } from '../../server/identity/principal'

// 挂牌公示 as the institution, the enterprises and the public meet it: the
// period ends after the working days, only verified enterprises (not the
// seller) register, once each; objections must be answered before the notice
// concludes; one buyer → a deal room with both parties, several → a procedure
// the institution picks, none → lapsed; nobody outside the institution may
// open, answer or conclude.

const limits: NoticeLimits = { minWorkingDays: 15, resultsDays: 30, objectionsPerAddress: 3, objectionWindowMinutes: 60 }
const form = (o: Record<string, string> = {}) => OpenNoticeSchema.parse({ mode: 'transfer', price: '120', workingDays: '15', ...o })
const after = (d: Date) => new Date(d.getTime() + 1000)

let p: Awaited<ReturnType<typeof engagementParties>>
let secondEnt: Awaited<ReturnType<typeof createMember>>
let otherUniAdmin: Principal

const count = (table: 'listing_notices' | 'notice_registrations' | 'notice_objections' | 'deals') => async () =>
  (await testDb().selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n

async function listed(o: Record<string, string> = {}) {
  const db = testDb()
  const achievementId = await publishedAchievement(db, p.uni.principal, p.uniAdmin, p.uni.org.id, { title: `挂牌成果 ${Math.random().toString(36).slice(2, 8)}` })
  const { id, endsAt } = await openNotice(db, p.uniAdmin, achievementId, form(o), limits, testMeta)
  return { achievementId, id, endsAt }
}

beforeAll(async () => {
  const db = testDb()
  p = await engagementParties(db)
  secondEnt = await createMember(db, { type: 'enterprise', role: 'owner' })
  const other = await createMember(db, { type: 'university', role: 'owner' })
  otherUniAdmin = other.principal
})

describe('opening a notice', () => {
  it('runs the chosen working days from the day after it opens, to 24:00 Beijing time', async () => {
    const before = new Date()
    const { id, endsAt } = await listed()
    const n = (await findNotice(testDb(), id))!
    expect(n.status).toBe('notice')
    expect(n.notice_working_days).toBe(15)
    expect(n.price_fen).toBe(120_000_000)
    expect(endsAt.toISOString()).toBe(periodEnd(before, 15, workingCalendar(before)).toISOString())
    expect(n.terms).toMatchObject({ mode: 'transfer', price: { structure: 'lump_sum', amountFen: 120_000_000 } })
    const audit = await testDb().selectFrom('audit_log').select('action').where('entity_id', '=', id).execute()
    expect(audit.map((a) => a.action)).toEqual(['notice.opened'])
  })

  it('is one open notice per achievement, and never shorter than the configured minimum', async () => {
    const db = testDb()
    const { achievementId } = await listed()
    await refusedUnchanged(count('listing_notices'), () => openNotice(db, p.uniAdmin, achievementId, form(), limits, testMeta), 'conflict', 'notice.errors.alreadyOpen')
    const err = await rejection(openNotice(db, p.uniAdmin, achievementId, form({ workingDays: '10' }), limits, testMeta))
    expect(err.fieldErrors).toEqual({ workingDays: ['notice.errors.minWorkingDays|min=15'] })
  })

  it('is for the owning institution’s admins only', async () => {
    const db = testDb()
    const achievementId = await publishedAchievement(db, p.uni.principal, p.uniAdmin, p.uni.org.id)
    for (const who of [p.uni.principal, otherUniAdmin, p.ent.principal]) {
      await refusedUnchanged(count('listing_notices'), () => openNotice(db, who, achievementId, form(), limits, testMeta), 'forbidden')
    }
  })
})

describe('registering to buy', () => {
  it('takes verified enterprises once each, not the seller’s people, and only during the period', async () => {
    const db = testDb()
    const { id, endsAt } = await listed()
    await registerForNotice(db, p.ent.principal, id, p.ent.org.id, testMeta)
    await refusedUnchanged(count('notice_registrations'), () => registerForNotice(db, p.ent.principal, id, p.ent.org.id, testMeta), 'conflict', 'notice.errors.alreadyRegistered')
    await refusedUnchanged(count('notice_registrations'), () => registerForNotice(db, p.uniAdmin, id, p.uni.org.id, testMeta), 'forbidden')
    await refusedUnchanged(count('notice_registrations'), () => registerForNotice(db, p.ent.principal, id, secondEnt.org.id, testMeta), 'forbidden')
    await refusedUnchanged(count('notice_registrations'), () => registerForNotice(db, secondEnt.principal, id, secondEnt.org.id, testMeta, endsAt), 'conflict', 'notice.errors.periodOver')
    // The institution is told; the public page shows how many registered, not who.
    const notes = await db.selectFrom('notifications').select(['user_id', 'kind']).where('link', '=', `/notices/${id}`).execute()
    expect(notes).toContainEqual({ user_id: p.uniAdmin.userId, kind: 'notice_registration' })
    const page = await noticePage(db, null, id)
    expect(page.registrationCount).toBe(1)
    expect(page.registrations).toEqual([])
  })
})

describe('objections', () => {
  it('must all be answered, by the institution, before the notice concludes', async () => {
    const db = testDb()
    const { id, endsAt } = await listed()
    await registerForNotice(db, p.ent.principal, id, p.ent.org.id, testMeta)
    const anonymous = { intent: 'object' as const, name: '张三', contact: '13800000000', grounds: '该成果的专利权属存在争议，请核实。' }
    const meta = { ...testMeta, ip: '198.51.100.23' }
    const { id: objectionId } = await lodgeObjection(db, null, id, anonymous, limits, meta)
    // A visitor must say who they are and how to reach them.
    const missing = await rejection(lodgeObjection(db, null, id, { ...anonymous, name: '', contact: '' }, limits, meta))
    expect(missing.fieldErrors).toEqual({ name: ['errors.required'], contact: ['errors.required'] })

    await refusedUnchanged(count('deals'), () => concludeNotice(db, p.uniAdmin, id, limits, testMeta, after(endsAt)), 'conflict', 'notice.errors.unansweredObjections')
    // The periodic job leaves it alone too (it may conclude other tests' notices).
    await concludeDueNotices(db, limits, testMeta, after(endsAt))
    expect((await findNotice(db, id))?.status).toBe('notice')
    // Another institution's admin, the researcher and the enterprise cannot answer.
    for (const who of [otherUniAdmin, p.uni.principal, p.ent.principal]) {
      const err = await rejection(answerObjection(db, who, id, objectionId, '无关答复', testMeta))
      expect(err.kind).toBe('forbidden')
    }
    // It waits on the institution's admin's 待办 until answered.
    const objectionTodo = async () => (await todoFor(db, p.uniAdmin)).items.filter((i) => i.kind === 'objection' && i.id === objectionId)
    expect(await objectionTodo()).toHaveLength(1)
    await answerObjection(db, p.uniAdmin, id, objectionId, '权属清晰，见专利登记簿副本。', testMeta)
    await rejection(answerObjection(db, p.uniAdmin, id, objectionId, '再答一次', testMeta))
    expect(await objectionTodo()).toHaveLength(0)

    // The public sees grounds and answer, never who objected.
    const page = await noticePage(db, null, id)
    expect(page.objections).toEqual([expect.objectContaining({ grounds: anonymous.grounds, answer: '权属清晰，见专利登记簿副本。' })])
    expect(JSON.stringify(page)).not.toContain('13800000000')
    expect(JSON.stringify(page)).not.toContain('张三')
    const own = await noticePage(db, p.uniAdmin, id)
    expect(own.objections[0]).toMatchObject({ name: '张三', contact: '13800000000' })

    const r = await concludeNotice(db, p.uniAdmin, id, limits, testMeta, after(endsAt))
    expect(r.status).toBe('concluded')
  })

  it('are limited per client address', async () => {
    const db = testDb()
    const { id } = await listed()
    const meta = { ...testMeta, ip: '198.51.100.99' }
    const o = { intent: 'object' as const, name: '李四', contact: 'li@example.test', grounds: '挂牌价格明显低于评估价值，请说明。' }
    for (let i = 0; i < limits.objectionsPerAddress; i++) await lodgeObjection(db, null, id, o, limits, meta)
    await refusedUnchanged(count('notice_objections'), () => lodgeObjection(db, null, id, o, limits, meta), 'conflict', 'notice.errors.tooManyObjections')
    // Someone else is not held up.
    await lodgeObjection(db, null, id, o, limits, { ...testMeta, ip: '198.51.100.100' })
  })
})

describe('the end of the period', () => {
  it('is not yet while working days remain', async () => {
    const db = testDb()
    const { id, endsAt } = await listed()
    await refusedUnchanged(count('deals'), () => concludeNotice(db, p.uniAdmin, id, limits, testMeta, new Date(endsAt.getTime() - 1000)), 'conflict', 'notice.errors.periodNotOver')
  })

  it('with one buyer opens a deal room with both parties, the listed terms and the people who acted', async () => {
    const db = testDb()
    const { id, endsAt } = await listed()
    await registerForNotice(db, p.ent.principal, id, p.ent.org.id, testMeta)
    // Nobody but the institution concludes.
    await refusedUnchanged(count('deals'), () => concludeNotice(db, otherUniAdmin, id, limits, testMeta, after(endsAt)), 'forbidden')
    const r = await concludeNotice(db, p.uniAdmin, id, limits, testMeta, after(endsAt))
    if (r.status !== 'concluded') throw new Error(r.status)
    const parties = await dealParties(db, r.dealId)
    expect(parties.map((x) => [x.org_id, x.side])).toEqual([
      [p.uni.org.id, 'seller'],
      [p.ent.org.id, 'buyer'],
    ])
    expect((await dealMembers(db, r.dealId)).map((m) => m.user_id).sort()).toEqual([p.uniAdmin.userId, p.ent.user.id].sort())
    const deal = await db.selectFrom('deals').select(['source_kind', 'source_id']).where('id', '=', r.dealId).executeTakeFirstOrThrow()
    expect(deal).toEqual({ source_kind: 'notice', source_id: id })
    const lines = await db.selectFrom('deal_messages').select(['body', 'params']).where('deal_id', '=', r.dealId).orderBy('id').execute()
    // The listed terms are the deal's agreed terms, frozen, and the deal is at 条款确认.
    expect(lines.map((l) => l.body)).toEqual(['deals.system.opened', 'deals.system.termsRecorded', 'deals.system.toTermsAgreed'])
    expect(lines[1]!.params).toMatchObject({ via: 'notice' })
    const agreed = await db.selectFrom('deal_agreed_terms').select(['terms', 'via']).where('deal_id', '=', r.dealId).executeTakeFirstOrThrow()
    expect(agreed).toMatchObject({ via: 'notice', terms: { price: { structure: 'lump_sum', amountFen: 120_000_000 } } })
    expect((await db.selectFrom('deals').select('stage').where('id', '=', r.dealId).executeTakeFirstOrThrow()).stage).toBe('terms_agreed')
    const n = (await findNotice(db, id))!
    expect(n).toMatchObject({ status: 'concluded', outcome: 'one_buyer', deal_id: r.dealId })
    // Results (成交公示) are public while published; the buyer is told.
    const page = await noticePage(db, null, id, after(endsAt))
    expect(page.results).toMatchObject({ buyers: [p.ent.org.name], priceFen: 120_000_000 })
    expect(page.dealId).toBeNull()
    expect((await noticePage(db, p.ent.principal, id, after(endsAt))).dealId).toBe(r.dealId)
    expect(await dealAccess(db, p.ent.principal, r.dealId)).toMatchObject({ side: 'buyer' })
    const notes = await db.selectFrom('notifications').select('kind').where('user_id', '=', p.ent.user.id).where('link', '=', `/notices/${id}`).execute()
    expect(notes.map((x) => x.kind)).toContain('notice_concluded')
    const later = new Date(n.results_until!.getTime() + 1000)
    expect((await noticePage(db, null, id, later)).results).toBeNull()
  })

  it('with several buyers waits for the institution to pick negotiation (auction is not available yet)', async () => {
    const db = testDb()
    const { id, endsAt } = await listed()
    const third = await createUser(db)
    await insertMembership(db, { orgId: secondEnt.org.id, userId: third.id, role: 'member' })
    await registerForNotice(db, p.ent.principal, id, p.ent.org.id, testMeta)
    await registerForNotice(db, await principalFor(db, third.id), id, secondEnt.org.id, testMeta)
    expect(await concludeDueNotices(db, limits, testMeta, after(endsAt))).toBeGreaterThanOrEqual(1)
    expect((await findNotice(db, id))?.status).toBe('awaiting_procedure')
    await refusedUnchanged(count('deals'), () => chooseProcedure(db, p.uniAdmin, id, 'auction', limits, testMeta), 'conflict', 'notice.errors.auctionNotAvailable')
    await refusedUnchanged(count('deals'), () => chooseProcedure(db, otherUniAdmin, id, 'negotiation', limits, testMeta), 'forbidden')
    const { dealId } = await chooseProcedure(db, p.uniAdmin, id, 'negotiation', limits, testMeta)
    const parties = await dealParties(db, dealId)
    expect(parties.filter((x) => x.side === 'buyer').map((x) => x.org_id).sort()).toEqual([p.ent.org.id, secondEnt.org.id].sort())
    expect((await dealMembers(db, dealId)).map((m) => m.user_id).sort()).toEqual([p.uniAdmin.userId, p.ent.user.id, third.id].sort())
    expect(await findNotice(db, id)).toMatchObject({ status: 'concluded', outcome: 'negotiation', deal_id: dealId })
  })

  it('with nobody registered lapses, by the periodic job', async () => {
    const db = testDb()
    const { id, endsAt } = await listed()
    await concludeDueNotices(db, limits, testMeta, new Date(endsAt.getTime() - 1000))
    expect((await findNotice(db, id))?.status).toBe('notice')
    await concludeDueNotices(db, limits, testMeta, after(endsAt))
    expect(await findNotice(db, id)).toMatchObject({ status: 'lapsed', outcome: 'no_buyer', deal_id: null })
    // A fresh notice may follow a lapsed one.
    const n = (await findNotice(db, id))!
    await openNotice(db, p.uniAdmin, n.achievement_id, form(), limits, testMeta)
  })
})
