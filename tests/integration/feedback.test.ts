import { beforeAll, describe, expect, it } from 'vitest'
import { NeedPassSchema, NeedResponseSchema } from '../../server/listings/schemas'
import type { DeclineReason } from '../../db/schema'
import { feedbackFor } from '../../server/engagement/feedback'
import { declineResponse, passOnNeed, respondToNeed } from '../../server/engagement/need-responses'
import type { Principal } from '../../server/identity/principal'
import { publishedAchievement } from '../helpers/engagement'
import { createMember, createUser, principalFor, testMeta } from '../helpers/factories'
import { publishedNeed } from '../helpers/needs'
import { testDb } from '../helpers/worker-setup'

// The feedback dashboard: the reasons others gave when they said no to one of
// the viewer's organisations, counted per reason and per listing, and only
// ever about the viewer's own organisations.

interface Member {
  user: { id: string }
  org: { id: string; name: string }
  principal: Principal
}

let ent: Member // enterprise owner: posts needs N1, N2; registers interest in U1's achievement
let uni1: Member // university admin: responds to N1 (declined: price), passes on N2 (too_early)
let uni2: Member // institute admin: passes on N1 (not_our_field)
let bystander: Member // another enterprise with its own need and a pass on it: never counted for the others
let n1: string
let n2: string
let achievement: string

const reasonCounts = (f: Awaited<ReturnType<typeof feedbackFor>>) => Object.fromEntries(f.byReason.map((r) => [r.reason, r.n]))

async function interest(a: string, from: Member, o: { passedBy?: Member; declinedBy?: Member; reason: DeclineReason; note?: string }) {
  const decider = o.passedBy ?? o.declinedBy!
  await testDb()
    .insertInto('interests')
    .values({
      achievement_id: a,
      user_id: from.user.id,
      org_id: from.org.id,
      contact_preference: 'platform',
      status: 'declined',
      decline_reason: o.reason,
      decline_note: o.note ?? null,
      decided_by: decider.user.id,
      decided_at: new Date(),
    })
    .execute()
}

beforeAll(async () => {
  const db = testDb()
  ent = await createMember(db, { type: 'enterprise', role: 'owner' })
  uni1 = await createMember(db, { type: 'university', role: 'admin' })
  uni2 = await createMember(db, { type: 'institute', role: 'admin' })
  bystander = await createMember(db, { type: 'enterprise', role: 'owner' })
  n1 = await publishedNeed(db, ent.principal, ent.principal, ent.org.id, { title: '需求一：压铸气孔控制' })
  n2 = await publishedNeed(db, ent.principal, ent.principal, ent.org.id, { title: '需求二：涂层耐蚀' })
  achievement = await publishedAchievement(db, uni1.principal, uni1.principal, uni1.org.id, { title: '高耐蚀锌铝镁涂层' })

  const r = await respondToNeed(db, uni1.principal, n1, NeedResponseSchema.parse({ orgId: uni1.org.id, proposal: '提供真空压铸工艺包与现场调试服务。' }), testMeta)
  await declineResponse(db, ent.principal, r.id, { reason: 'price', note: '报价高于预算上限' }, testMeta)
  await passOnNeed(db, uni1.principal, n2, NeedPassSchema.parse({ orgId: uni1.org.id, reason: 'too_early', note: '我们的相关技术还在实验室阶段' }), testMeta)
  await passOnNeed(db, uni2.principal, n1, NeedPassSchema.parse({ orgId: uni2.org.id, reason: 'not_our_field' }), testMeta)

  // The enterprise passed on the university's achievement; and its second interest was declined by the university.
  await interest(achievement, ent, { passedBy: ent, reason: 'benefit_unclear', note: '节省的成本没有量化到单件' })
  await interest(achievement, ent, { declinedBy: uni1, reason: 'other', note: '该成果已独家许可' })

  const other = await publishedNeed(db, bystander.principal, bystander.principal, bystander.org.id, { title: '旁观企业的需求' })
  await passOnNeed(db, uni2.principal, other, NeedPassSchema.parse({ orgId: uni2.org.id, reason: 'price' }), testMeta)
})

describe('feedbackFor', () => {
  it('counts the reasons an enterprise received: passes on its needs and the decline of its interest', async () => {
    const f = await feedbackFor(testDb(), ent.principal)
    expect(f.total).toBe(3)
    expect(reasonCounts(f)).toEqual({ too_early: 1, benefit_unclear: 0, price: 0, not_our_field: 1, other: 1 })
    const rows = f.listings.map((l) => [l.source, l.kind, l.id, l.total])
    expect(rows).toEqual(
      expect.arrayContaining([
        ['need_pass', 'need', n1, 1],
        ['need_pass', 'need', n2, 1],
        ['interest_declined', 'achievement', achievement, 1],
      ]),
    )
    expect(rows).toHaveLength(3)
    expect(f.listings.find((l) => l.id === n1)!.counts).toMatchObject({ not_our_field: 1, price: 0 })
    // Its own "no" (declining the university's response for its price) is not feedback it received.
    expect(f.listings.some((l) => l.source === 'response_declined')).toBe(false)
    expect(f.notes.map((n) => [n.reason, n.note, n.counterpart]).sort()).toEqual(
      [
        ['too_early', '我们的相关技术还在实验室阶段', uni1.org.name],
        ['other', '该成果已独家许可', uni1.org.name],
      ].sort(),
    )
  })

  it('counts the reasons a university received: its declined response and the pass on its achievement', async () => {
    const f = await feedbackFor(testDb(), uni1.principal)
    expect(f.total).toBe(2)
    expect(reasonCounts(f)).toMatchObject({ price: 1, benefit_unclear: 1, too_early: 0, other: 0 })
    expect(f.listings.map((l) => [l.source, l.id, l.title]).sort()).toEqual(
      [
        ['achievement_pass', achievement, '高耐蚀锌铝镁涂层'],
        ['response_declined', n1, '需求一：压铸气孔控制'],
      ].sort(),
    )
    expect(f.notes.map((n) => n.note).sort()).toEqual(['报价高于预算上限', '节省的成本没有量化到单件'].sort())
    expect(f.notes.find((n) => n.note === '报价高于预算上限')).toMatchObject({ counterpart: ent.org.name, source: 'response_declined' })
  })

  it('never counts another organisation’s feedback', async () => {
    const f = await feedbackFor(testDb(), bystander.principal)
    expect(f.total).toBe(1)
    expect(f.listings).toEqual([expect.objectContaining({ source: 'need_pass', title: '旁观企业的需求', orgId: bystander.org.id })])
    // uni2 gave two passes but received nothing.
    expect((await feedbackFor(testDb(), uni2.principal)).total).toBe(0)
  })

  it('filters to one of the viewer’s organisations, and ignores an organisation that is not theirs', async () => {
    const db = testDb()
    const both = await createUser(db)
    await db.insertInto('memberships').values({ org_id: ent.org.id, user_id: both.id, role: 'member' }).execute()
    await db.insertInto('memberships').values({ org_id: uni1.org.id, user_id: both.id, role: 'member' }).execute()
    const p = await principalFor(db, both.id)
    expect((await feedbackFor(db, p)).total).toBe(5)
    const onlyUni = await feedbackFor(db, p, uni1.org.id)
    expect(onlyUni.total).toBe(2)
    expect(onlyUni.selectedOrgId).toBe(uni1.org.id)
    const foreign = await feedbackFor(db, p, bystander.org.id)
    expect(foreign.total).toBe(5)
    expect(foreign.selectedOrgId).toBeNull()
    expect((await feedbackFor(db, bystander.principal, ent.org.id)).total).toBe(1)
  })

  it('is empty for a user without organisations', async () => {
    const u = await createUser(testDb())
    const f = await feedbackFor(testDb(), await principalFor(testDb(), u.id))
    expect(f).toMatchObject({ orgs: [], total: 0, listings: [], notes: [] })
    expect(f.byReason.every((r) => r.n === 0)).toBe(true)
  })
})
