import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { NeedPassSchema, NeedResponseSchema } from '../../server/listings/schemas'
import { insertMembership } from '../../db/repos/organisations'
import { DomainError } from '../../server/platform/errors'
import { transitionListing } from '../../server/listings/workflow'
import { acceptResponse, declineResponse, passOnNeed, respondToNeed, responsesForViewer } from '../../server/engagement/need-responses'
import { needForViewer } from '../../server/listings/needs'
import type { Principal } from '../../server/identity/principal'
import { draftAchievement, publishedAchievement } from '../helpers/engagement'
import { refusedUnchanged } from '../helpers/errors'
import { createMember, createUser, principalFor, testMeta } from '../helpers/factories'
import { draftNeed, publishedNeed } from '../helpers/needs'
import { testDb } from '../helpers/worker-setup'

// Answers to a need: an institution responds (an achievement and/or a
// proposal) or passes with a reason; the need's creator or its organisation's
// admins accept or decline each response with a reason. Every rule, the
// refused cases, and the audit and outbox rows each step leaves.

interface Person {
  user: { id: string; email: string }
  principal: Principal
}

let ent: { id: string; name: string }
let creator: Person // plain member of the enterprise who posts the needs
let entOwner: Person // owner of the enterprise
let entColleague: Person // another plain member of the enterprise
let uni: { id: string; name: string }
let uniAdmin: Person // admin of a verified university
let researcher: Person // member of the same university
let otherUni: { id: string }
let otherResearcher: Person // member of another verified university
let pendingResearcher: Person // member of a university waiting for review
let otherEnterprise: Person // owner of another enterprise (not an institution)
let dualMember: Person // member of the enterprise and of the university
let uniAchievement: string // published achievement of the university
let otherAchievement: string // published achievement of the other university

async function person(userId: string): Promise<Person> {
  const p = await principalFor(testDb(), userId)
  return { user: { id: userId, email: p.email }, principal: p }
}

async function counts() {
  const db = testDb()
  const [r, a, o] = await Promise.all([
    db.selectFrom('need_responses').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).where('action', 'like', 'need.%').executeTakeFirstOrThrow(),
    db.selectFrom('outbox').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ])
  return { responses: r.n, audit: a.n, outbox: o.n }
}

/** Expects the call to be refused with `kind` (and `key`), leaving no response, audit entry or e-mail behind. */
function refused(call: () => Promise<unknown>, kind: DomainError['kind'], key?: string) {
  return refusedUnchanged(counts, call, kind, key)
}

async function mails(to: string) {
  const rows = await testDb().selectFrom('outbox').select(['kind', 'payload']).where(sql<string>`payload->>'to'`, '=', to).orderBy('id').execute()
  return rows as { kind: string; payload: { template: string; locale: string; params: Record<string, string> } }[]
}

async function auditFor(needId: string, action: string) {
  return testDb().selectFrom('audit_log').selectAll().where('entity_type', '=', 'need').where('entity_id', '=', needId).where('action', '=', action).execute()
}

const respond = (p: Person, needId: string, o: { orgId?: string; achievementId?: string; proposal?: string } = {}) =>
  respondToNeed(
    testDb(),
    p.principal,
    needId,
    NeedResponseSchema.parse({ orgId: o.orgId ?? uni.id, achievementId: o.achievementId, proposal: o.proposal ?? '我们有成熟的真空压铸工艺，可在三个月内完成中试验证。' }),
    testMeta,
  )
const pass = (p: Person, needId: string, reason: string, o: { orgId?: string; note?: string } = {}) =>
  passOnNeed(testDb(), p.principal, needId, NeedPassSchema.parse({ orgId: o.orgId ?? uni.id, reason, note: o.note }), testMeta)

const liveNeed = () => publishedNeed(testDb(), creator.principal, entOwner.principal, ent.id)

beforeAll(async () => {
  const db = testDb()
  const o = await createMember(db, { type: 'enterprise', role: 'owner' })
  ent = o.org
  entOwner = await person(o.user.id)
  for (const [slot, role] of [['creator', 'member'], ['colleague', 'member']] as const) {
    const u = await createUser(db, { locale: slot === 'creator' ? 'en' : 'zh-CN' })
    await insertMembership(db, { orgId: ent.id, userId: u.id, role })
    if (slot === 'creator') creator = await person(u.id)
    else entColleague = await person(u.id)
  }
  const a = await createMember(db, { type: 'university', role: 'admin' })
  uni = a.org
  uniAdmin = await person(a.user.id)
  const r = await createUser(db)
  await insertMembership(db, { orgId: uni.id, userId: r.id, role: 'member' })
  researcher = await person(r.id)
  const other = await createMember(db, { type: 'institute', role: 'admin' })
  otherUni = other.org
  otherResearcher = await person(other.user.id)
  pendingResearcher = await person((await createMember(db, { type: 'university', status: 'pending' })).user.id)
  otherEnterprise = await person((await createMember(db, { type: 'enterprise', role: 'owner' })).user.id)
  const d = await createUser(db)
  await insertMembership(db, { orgId: ent.id, userId: d.id, role: 'member' })
  await insertMembership(db, { orgId: uni.id, userId: d.id, role: 'member' })
  dualMember = await person(d.id)
  uniAchievement = await publishedAchievement(db, researcher.principal, uniAdmin.principal, uni.id, { title: '铝合金高真空压铸工艺' })
  otherAchievement = await publishedAchievement(db, otherResearcher.principal, otherResearcher.principal, otherUni.id)
})

describe('respondToNeed', () => {
  it('records a response with an achievement and a proposal, audits it and e-mails the need’s creator', async () => {
    const needId = await liveNeed()
    const { id } = await respond(researcher, needId, { achievementId: uniAchievement })
    const row = await testDb().selectFrom('need_responses').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      need_id: needId,
      user_id: researcher.user.id,
      org_id: uni.id,
      achievement_id: uniAchievement,
      kind: 'response',
      status: 'open',
      decline_reason: null,
      proposal: expect.stringContaining('真空压铸'),
    })
    const entries = await auditFor(needId, 'need.responded')
    expect(entries).toEqual([
      expect.objectContaining({ actor_id: researcher.user.id, org_id: ent.id, details: expect.objectContaining({ responseId: id, responderOrgId: uni.id, achievementId: uniAchievement }) }),
    ])
    const sent = await mails(creator.user.email)
    expect(sent.at(-1)).toMatchObject({
      kind: 'email',
      payload: { template: 'need_responded', locale: 'en', params: { org: uni.name, achievement: '铝合金高真空压铸工艺', path: `/needs/${needId}#responses` } },
    })
  })

  it('accepts a proposal without an achievement; the schema wants at least one of the two', async () => {
    const needId = await liveNeed()
    const { id } = await respond(otherResearcher, needId, { orgId: otherUni.id })
    expect((await testDb().selectFrom('need_responses').select('achievement_id').where('id', '=', id).executeTakeFirstOrThrow()).achievement_id).toBeNull()
    const empty = NeedResponseSchema.safeParse({ orgId: uni.id, achievementId: '', proposal: '' })
    expect(empty.success).toBe(false)
    expect(empty.error!.issues).toEqual([expect.objectContaining({ path: ['proposal'], message: 'errors.responseEmpty' })])
    expect(NeedResponseSchema.safeParse({ orgId: uni.id, achievementId: uniAchievement }).success).toBe(true)
  })

  it('refuses an expired need (409) and an unpublished one (404)', async () => {
    const expired = await publishedNeed(testDb(), creator.principal, entOwner.principal, ent.id, { expired: true })
    await refused(() => respond(researcher, expired), 'conflict', 'errors.listingExpired')
    const draft = await draftNeed(testDb(), creator.principal, ent.id)
    await refused(() => respond(researcher, draft), 'not_found')
    const down = await liveNeed()
    const admin = await person((await createUser(testDb(), { platformAdmin: true })).id)
    await transitionListing(testDb(), admin.principal, 'need', down, 'takedown', { reason: '信息不实，已核查', ttlMonths: 12 }, testMeta)
    await refused(() => respond(researcher, down), 'not_found')
    await refused(() => respond(researcher, '00000000-0000-4000-8000-000000000000'), 'not_found')
  })

  it('refuses a response to a need of one’s own organisation', async () => {
    const needId = await liveNeed()
    await refused(() => respond(dualMember, needId), 'forbidden', 'errors.ownNeed')
    await refused(() => pass(dualMember, needId, 'price'), 'forbidden', 'errors.ownNeed')
    expect((await needForViewer(testDb(), dualMember.principal, needId))!.can.respond).toBe(false)
  })

  it('refuses non-institutions and unverified institutions', async () => {
    const needId = await liveNeed()
    const otherEntOrg = otherEnterprise.principal.memberships[0]!.orgId
    await refused(() => respond(otherEnterprise, needId, { orgId: otherEntOrg }), 'forbidden')
    const pendingOrg = pendingResearcher.principal.memberships[0]!.orgId
    await refused(() => respond(pendingResearcher, needId, { orgId: pendingOrg }), 'forbidden')
    await refused(() => pass(otherEnterprise, needId, 'price', { orgId: otherEntOrg }), 'forbidden')
  })

  it('refuses responding for an institution one does not belong to', async () => {
    const needId = await liveNeed()
    await refused(() => respond(otherResearcher, needId, { orgId: uni.id }), 'forbidden')
  })

  it('refuses an achievement of another organisation, an unpublished one and an expired one', async () => {
    const needId = await liveNeed()
    const e1 = await refused(() => respond(researcher, needId, { achievementId: otherAchievement }), 'invalid')
    expect(e1.fieldErrors).toEqual({ achievementId: ['errors.achievementNotOffered'] })
    const draft = await draftAchievement(testDb(), researcher.principal, uni.id)
    await refused(() => respond(researcher, needId, { achievementId: draft }), 'invalid')
    const expired = await publishedAchievement(testDb(), researcher.principal, uniAdmin.principal, uni.id, { expired: true })
    await refused(() => respond(researcher, needId, { achievementId: expired }), 'invalid')
    await refused(() => respond(researcher, needId, { achievementId: '00000000-0000-4000-8000-000000000000' }), 'invalid')
  })

  it('refuses a second open response from the same organisation; after a decline it may respond again', async () => {
    const needId = await liveNeed()
    const first = await respond(researcher, needId)
    await refused(() => respond(uniAdmin, needId), 'conflict', 'errors.alreadyResponded')
    await declineResponse(testDb(), creator.principal, first.id, { reason: 'too_early', note: '' }, testMeta)
    const second = await respond(uniAdmin, needId, { achievementId: uniAchievement })
    expect(second.id).not.toBe(first.id)
  })
})

describe('passOnNeed', () => {
  it('records the pass with its reason, audits it and e-mails the creator the reason in their language', async () => {
    const needId = await liveNeed()
    const { id } = await pass(researcher, needId, 'not_our_field', { note: '我们主要做钢铁材料，不做压铸。' })
    const row = await testDb().selectFrom('need_responses').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      kind: 'pass',
      status: 'declined',
      decline_reason: 'not_our_field',
      decline_note: '我们主要做钢铁材料，不做压铸。',
      decided_by: researcher.user.id,
      org_id: uni.id,
      proposal: '',
    })
    expect(await auditFor(needId, 'need.passed')).toEqual([expect.objectContaining({ details: expect.objectContaining({ reason: 'not_our_field', responseId: id }) })])
    expect((await mails(creator.user.email)).at(-1)).toMatchObject({
      payload: { template: 'need_passed', params: { reason: 'Not our field', note: '我们主要做钢铁材料，不做压铸。', org: uni.name } },
    })
  })

  it('the schema wants one of the structured reasons', () => {
    expect(NeedPassSchema.safeParse({ orgId: uni.id, reason: 'boring' }).success).toBe(false)
    expect(NeedPassSchema.safeParse({ orgId: uni.id, reason: 'price' }).success).toBe(true)
  })

  it('refuses a second pass, and a pass after responding', async () => {
    const needId = await liveNeed()
    await pass(researcher, needId, 'price')
    await refused(() => pass(uniAdmin, needId, 'too_early'), 'conflict', 'errors.alreadyPassed')
    await respond(otherResearcher, needId, { orgId: otherUni.id })
    await refused(() => pass(otherResearcher, needId, 'price', { orgId: otherUni.id }), 'conflict', 'errors.alreadyResponded')
  })

  it('refuses a pass on an expired need', async () => {
    const expired = await publishedNeed(testDb(), creator.principal, entOwner.principal, ent.id, { expired: true })
    await refused(() => pass(researcher, expired, 'price'), 'conflict', 'errors.listingExpired')
  })
})

describe('acceptResponse and declineResponse', () => {
  it('lets the need’s creator accept a response: audited, and the responder is e-mailed', async () => {
    const needId = await liveNeed()
    const { id } = await respond(researcher, needId)
    await acceptResponse(testDb(), creator.principal, id, testMeta)
    const row = await testDb().selectFrom('need_responses').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'accepted', decided_by: creator.user.id, decline_reason: null })
    expect(row.decided_at).toBeInstanceOf(Date)
    expect(await auditFor(needId, 'need.response_accepted')).toEqual([expect.objectContaining({ actor_id: creator.user.id, details: expect.objectContaining({ responseId: id }) })])
    expect((await mails(researcher.user.email)).at(-1)).toMatchObject({ payload: { template: 'need_response_accepted', params: { org: ent.name, path: `/needs/${needId}#responses` } } })
  })

  it('lets an owner of the enterprise decline with a reason and a note; the responder sees both', async () => {
    const needId = await liveNeed()
    const { id } = await respond(researcher, needId)
    await declineResponse(testDb(), entOwner.principal, id, { reason: 'price', note: '报价超出预算' }, testMeta)
    const row = await testDb().selectFrom('need_responses').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'declined', decline_reason: 'price', decline_note: '报价超出预算', decided_by: entOwner.user.id })
    expect(await auditFor(needId, 'need.response_declined')).toEqual([expect.objectContaining({ details: expect.objectContaining({ reason: 'price' }) })])
    expect((await mails(researcher.user.email)).at(-1)).toMatchObject({
      payload: { template: 'need_response_declined', locale: 'zh-CN', params: { reason: '价格不合适', note: '报价超出预算' } },
    })
  })

  it('refuses a plain member who did not post the need, the responder and other enterprises (403)', async () => {
    const needId = await liveNeed()
    const { id } = await respond(researcher, needId)
    await refused(() => acceptResponse(testDb(), entColleague.principal, id, testMeta), 'forbidden')
    await refused(() => acceptResponse(testDb(), researcher.principal, id, testMeta), 'forbidden')
    await refused(() => declineResponse(testDb(), uniAdmin.principal, id, { reason: 'other', note: '' }, testMeta), 'forbidden')
    await refused(() => declineResponse(testDb(), otherEnterprise.principal, id, { reason: 'other', note: '' }, testMeta), 'forbidden')
  })

  it('hides responses on a need outsiders may not see (404)', async () => {
    const needId = await liveNeed()
    const { id } = await respond(researcher, needId)
    const admin = await person((await createUser(testDb(), { platformAdmin: true })).id)
    await transitionListing(testDb(), admin.principal, 'need', needId, 'takedown', { reason: '重复发布的信息', ttlMonths: 12 }, testMeta)
    await refused(() => acceptResponse(testDb(), otherEnterprise.principal, id, testMeta), 'not_found')
    await refused(() => acceptResponse(testDb(), creator.principal, 'not-a-uuid', testMeta), 'not_found')
  })

  it('refuses deciding twice, and deciding on a pass', async () => {
    const needId = await liveNeed()
    const { id } = await respond(researcher, needId)
    await acceptResponse(testDb(), creator.principal, id, testMeta)
    await refused(() => declineResponse(testDb(), creator.principal, id, { reason: 'price', note: '' }, testMeta), 'conflict', 'errors.responseDecided')
    await refused(() => acceptResponse(testDb(), creator.principal, id, testMeta), 'conflict', 'errors.responseDecided')
    const p = await pass(otherResearcher, needId, 'too_early', { orgId: otherUni.id })
    await refused(() => acceptResponse(testDb(), creator.principal, p.id, testMeta), 'conflict', 'errors.responseDecided')
  })
})

describe('responsesForViewer', () => {
  it('shows every response to the need’s organisation, only their own to an institution, nothing to others', async () => {
    const needId = await liveNeed()
    const a = await respond(researcher, needId, { achievementId: uniAchievement })
    const b = await pass(otherResearcher, needId, 'benefit_unclear', { orgId: otherUni.id })
    const forOwner = await responsesForViewer(testDb(), entOwner.principal, { id: needId, insider: true, canRespond: false })
    expect(forOwner.all!.map((r) => [r.id, r.kind, r.achievement_title])).toEqual([
      [a.id, 'response', '铝合金高真空压铸工艺'],
      [b.id, 'pass', null],
    ])
    expect(forOwner.options).toBeNull()
    const forUni = await responsesForViewer(testDb(), uniAdmin.principal, { id: needId, insider: false, canRespond: true })
    expect(forUni.all).toBeNull()
    expect(forUni.mine.map((r) => r.id)).toEqual([a.id])
    expect(forUni.options!.orgs).toEqual([{ id: uni.id, name: uni.name }])
    expect(forUni.options!.achievements.map((x) => x.id)).toContain(uniAchievement)
    expect(forUni.options!.achievements.every((x) => x.orgId === uni.id)).toBe(true)
    const forOther = await responsesForViewer(testDb(), otherEnterprise.principal, { id: needId, insider: false, canRespond: false })
    expect(forOther).toEqual({ all: null, mine: [], options: null })
    const anonymous = await responsesForViewer(testDb(), null, { id: needId, insider: false, canRespond: false })
    expect(anonymous).toEqual({ all: null, mine: [], options: null })
  })
})
