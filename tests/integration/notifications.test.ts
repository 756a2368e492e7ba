import { sql } from 'kysely'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { listMail } from '../../db/repos/mailbox'
import { upsertMailPreferences } from '../../db/repos/notifications'
import { decideDetailRequest, requestDetails } from '../../server/engagement/details'
import { decideInterest, registerInterest } from '../../server/engagement/interests'
import { answerMatch, proposeMatch } from '../../server/engagement/matching/matches'
import { acceptResponse, respondToNeed } from '../../server/engagement/need-responses'
import type { Principal } from '../../server/identity/principal'
import { NeedResponseSchema } from '../../server/listings/schemas'
import { transitionListing } from '../../server/listings/workflow'
import { sendDailyDigests } from '../../server/notifications/digest'
import { notify } from '../../server/notifications/notify'
import { todoFor } from '../../server/notifications/todo'
import { createLogger } from '../../server/platform/logger'
import { emailHandler } from '../../server/platform/mail/handler'
import { createMailer } from '../../server/platform/mail/transport'
import { drainOutbox } from '../../server/platform/outbox-worker'
import { draftAchievement, engagementParties, publishedAchievement } from '../helpers/engagement'
import { createManager, createUser, principalFor, testMeta } from '../helpers/factories'
import { publishedNeed } from '../helpers/needs'
import { dealFromMatch } from '../helpers/deals'
import { insertDealMessage } from '../../db/repos/deals'
import { testDb } from '../helpers/worker-setup'

// The notification centre's server side (ADR 024): notify() stores a row per
// person and an event in their own realtime room, mails per preference through
// the outbox; the existing engagement and review events notify the people who
// act on them (never the actor); the daily digest goes through the real outbox
// into the development mailbox; 待办 lists what waits on a person.

const log = createLogger('silent')
const BASE_URL = 'https://kjdsc.example'

async function rowsOf(userId: string) {
  return testDb().selectFrom('notifications').select(['id', 'kind', 'category', 'params', 'link', 'read_at', 'mailed_at']).where('user_id', '=', userId).orderBy('id').execute()
}
const kindsOf = async (userId: string) => (await rowsOf(userId)).map((r) => r.kind)

async function mailsQueuedTo(email: string) {
  const rows = await testDb().selectFrom('outbox').select('payload').where('kind', '=', 'email').execute()
  return rows.map((r) => r.payload as { to: string; template: string; params: Record<string, string> }).filter((p) => p.to === email)
}

async function drainMail() {
  const send = createMailer(testDb(), undefined, 'TechMarket <noreply@techmarket.test>')
  while ((await drainOutbox(testDb(), { email: emailHandler(send, BASE_URL), broadcast: async () => {} }, log)) > 0) {
    /* until empty */
  }
}

let parties: Awaited<ReturnType<typeof engagementParties>>
let manager: Awaited<ReturnType<typeof createManager>>

beforeAll(async () => {
  parties = await engagementParties(testDb())
  manager = await createManager(testDb())
})

describe('notify()', () => {
  it('stores a row per person and a notification event in each one’s own room, inside the transaction', async () => {
    const a = await createUser(testDb())
    const b = await createUser(testDb())
    await testDb()
      .transaction()
      .execute((trx) => notify(trx, [a.id, b.id, a.id], { kind: 'match_proposed', params: { need: '需求甲', achievement: '成果乙', manager: '经理人' }, link: '/my/matches' }))
    for (const u of [a, b]) {
      const rows = await rowsOf(u.id)
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ kind: 'match_proposed', category: 'matches', link: '/my/matches', read_at: null })
      const events = await testDb().selectFrom('realtime_events').select(['seq', 'kind', 'payload']).where('room', '=', `user:${u.id}`).execute()
      expect(events).toEqual([{ seq: 1, kind: 'notification', payload: { id: rows[0]!.id, kind: 'match_proposed', params: rows[0]!.params, link: '/my/matches' } }])
      const broadcasts = await testDb().selectFrom('outbox').select('payload').where('kind', '=', 'broadcast').execute()
      expect(broadcasts.map((r) => r.payload)).toContainEqual({ room: `user:${u.id}`, seq: 1 })
    }
  })

  it('leaves nothing behind when the change it belongs to rolls back', async () => {
    const a = await createUser(testDb())
    await expect(
      testDb()
        .transaction()
        .execute(async (trx) => {
          await notify(trx, [a.id], { kind: 'match_proposed', params: {}, link: '/my/matches' })
          throw new Error('the change failed')
        }),
    ).rejects.toThrow('the change failed')
    expect(await rowsOf(a.id)).toEqual([])
    expect(await testDb().selectFrom('realtime_events').select('seq').where('room', '=', `user:${a.id}`).execute()).toEqual([])
  })

  it('mails at once, leaves for the digest or stays silent as each person chose for the category', async () => {
    const atOnce = await createUser(testDb(), { locale: 'en' })
    const daily = await createUser(testDb())
    const off = await createUser(testDb())
    await upsertMailPreferences(testDb(), daily.id, [{ category: 'matches', mail: 'daily' }])
    await upsertMailPreferences(testDb(), off.id, [{ category: 'matches', mail: 'off' }])
    const notice = { kind: 'match_accepted', params: { need: '需求甲', achievement: '成果乙', org: '' }, link: '/match-board' }
    await testDb().transaction().execute((trx) => notify(trx, [atOnce.id, daily.id, off.id], notice))

    const [mail] = await mailsQueuedTo(atOnce.email)
    expect(mail).toMatchObject({ template: 'notification', params: { path: '/match-board', text: 'Both sides accepted the match “需求甲” ↔ “成果乙”: time to open a deal room' } })
    expect(await mailsQueuedTo(daily.email)).toEqual([])
    expect(await mailsQueuedTo(off.email)).toEqual([])
    expect((await rowsOf(atOnce.id))[0]!.mailed_at).toBeInstanceOf(Date)
    expect((await rowsOf(daily.id))[0]!.mailed_at).toBeNull()
  })

  it('sends chat and offers to the daily digest unless the person chose otherwise', async () => {
    const u = await createUser(testDb())
    await testDb().transaction().execute((trx) => notify(trx, [u.id], { kind: 'deal_message', params: {}, link: '/deals' }))
    expect((await rowsOf(u.id))[0]).toMatchObject({ category: 'messages', mailed_at: null })
    expect(await mailsQueuedTo(u.email)).toEqual([])
  })
})

describe('events that notify', () => {
  it('a detail request tells the achievement’s creator, the decision tells the requester; never the actor', async () => {
    const { uni, uniAdmin, ent } = parties
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id, { title: '激光熔覆再制造技术' })
    const before = (await kindsOf(uni.user.id)).length
    const { id: requestId } = await requestDetails(testDb(), ent.principal, id, { purpose: '评估产线改造可行性', acceptTerms: true, orgId: ent.org.id }, testMeta)
    const creatorRows = await rowsOf(uni.user.id)
    expect(creatorRows.slice(before).map((r) => [r.kind, r.link, r.params])).toEqual([
      ['details_requested', `/achievements/${id}/access`, { title: '激光熔覆再制造技术', org: ent.org.name }],
    ])
    expect(await kindsOf(ent.user.id)).not.toContain('details_requested')

    await decideDetailRequest(testDb(), uniAdmin, id, requestId, { grant: true }, testMeta)
    expect((await rowsOf(ent.user.id)).map((r) => [r.kind, r.link])).toContainEqual(['details_granted', `/achievements/${id}/details`])
    expect(await kindsOf(uniAdmin.userId)).not.toContain('details_granted')
  })

  it('interest: registered → creator, decided → the enterprise member who registered it', async () => {
    const { uni, uniAdmin, ent } = parties
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    const { id: interestId } = await registerInterest(testDb(), ent.principal, id, { intent: 'interest', contactPreference: 'phone', note: '' }, testMeta)
    expect((await rowsOf(uni.user.id)).filter((r) => r.kind === 'interest_registered').map((r) => r.link)).toContain(`/achievements/${id}/access`)
    await decideInterest(testDb(), uni.principal, id, interestId, { accept: true }, testMeta)
    expect((await rowsOf(ent.user.id)).filter((r) => r.kind === 'interest_accepted').map((r) => r.link)).toContain(`/achievements/${id}/interest`)
    expect(await kindsOf(uni.user.id)).not.toContain('interest_accepted')
  })

  it('need response: responded → the need’s creator, decided → the responder', async () => {
    const { uni, ent } = parties
    const needId = await publishedNeed(testDb(), ent.principal, ent.principal, ent.org.id, { title: '铝合金壳体气孔率高' })
    const r = await respondToNeed(testDb(), uni.principal, needId, NeedResponseSchema.parse({ orgId: uni.org.id, proposal: '提供真空压铸工艺包。' }), testMeta)
    expect((await rowsOf(ent.user.id)).filter((x) => x.kind === 'need_responded').map((x) => x.link)).toContain(`/needs/${needId}#responses`)
    await acceptResponse(testDb(), ent.principal, r.id, testMeta)
    expect((await rowsOf(uni.user.id)).filter((x) => x.kind === 'need_response_accepted').map((x) => x.params)).toContainEqual({ title: '铝合金壳体气孔率高', org: ent.org.name })
  })

  it('a proposed match tells both sides; each answer tells the manager, not the sides', async () => {
    const { uni, uniAdmin, ent } = parties
    const achievementId = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    const needId = await publishedNeed(testDb(), ent.principal, ent.principal, ent.org.id)
    const match = await proposeMatch(testDb(), manager.principal, { needId, achievementId, note: '' }, testMeta)
    for (const side of [uni.user.id, ent.user.id]) {
      expect((await rowsOf(side)).filter((r) => r.kind === 'match_proposed').map((r) => r.link)).toContain(`/my/matches#match-${match.id}`)
    }
    expect(await kindsOf(manager.user.id)).not.toContain('match_proposed')

    await answerMatch(testDb(), ent.principal, match.id, { side: 'enterprise', answer: 'interested' }, testMeta)
    await answerMatch(testDb(), uni.principal, match.id, { side: 'institution', answer: 'interested' }, testMeta)
    const managerKinds = (await rowsOf(manager.user.id)).filter((r) => r.link === `/match-board#match-${match.id}`).map((r) => r.kind)
    expect(managerKinds).toEqual(['match_interested', 'match_accepted'])
    expect(await kindsOf(ent.user.id)).not.toContain('match_interested')
  })

  it('review decisions tell the submitter; a takedown tells the creator', async () => {
    const { uni, uniAdmin } = parties
    const id = await draftAchievement(testDb(), uni.principal, uni.org.id, { title: '待审核的成果' })
    await transitionListing(testDb(), uni.principal, 'achievement', id, 'submit', { ttlMonths: 12 }, testMeta)
    await transitionListing(testDb(), uniAdmin, 'achievement', id, 'return', { reason: '请补充应用案例', ttlMonths: 12 }, testMeta)
    const link = `/achievements/${id}`
    const mine = async () => (await rowsOf(uni.user.id)).filter((r) => r.link === link)
    expect((await mine()).map((r) => [r.kind, r.params])).toEqual([['listing_return', { title: '待审核的成果', reason: '请补充应用案例' }]])
    await transitionListing(testDb(), uni.principal, 'achievement', id, 'submit', { ttlMonths: 12 }, testMeta)
    await transitionListing(testDb(), uniAdmin, 'achievement', id, 'approve', { ttlMonths: 12 }, testMeta)
    const admin = await principalFor(testDb(), (await createUser(testDb(), { platformAdmin: true })).id)
    await transitionListing(testDb(), admin, 'achievement', id, 'takedown', { reason: '涉嫌侵权', ttlMonths: 12 }, testMeta)
    expect((await mine()).map((r) => r.kind)).toEqual(['listing_return', 'listing_approve', 'listing_takedown'])
    expect((await rowsOf(uniAdmin.userId)).filter((r) => r.link === link)).toEqual([])
  })

  it('the event’s own mail follows the preference: off sends none, daily leaves the row for the digest', async () => {
    const { uni, uniAdmin, ent } = parties
    const [off, immediate, daily] = [
      await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id),
      await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id),
      await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id),
    ]
    const interestIn = async (id: string, mail: 'off' | 'immediate' | 'daily') => {
      await upsertMailPreferences(testDb(), uni.user.id, [{ category: 'requests', mail }])
      const before = (await mailsQueuedTo(uni.user.email)).length
      await registerInterest(testDb(), ent.principal, id, { intent: 'interest', contactPreference: 'email', note: '' }, testMeta)
      const row = (await rowsOf(uni.user.id)).find((r) => r.kind === 'interest_registered' && r.link === `/achievements/${id}/access`)
      return { mails: (await mailsQueuedTo(uni.user.email)).slice(before).map((m) => m.template), mailedAt: row?.mailed_at }
    }
    expect(await interestIn(off, 'off')).toEqual({ mails: [], mailedAt: null })
    // The event's own detailed mail, once — not a second, generic one.
    expect(await interestIn(immediate, 'immediate')).toEqual({ mails: ['interest_registered'], mailedAt: expect.any(Date) })
    expect(await interestIn(daily, 'daily')).toEqual({ mails: [], mailedAt: null })
    await upsertMailPreferences(testDb(), uni.user.id, [{ category: 'requests', mail: 'immediate' }])
  })
})

describe('daily digest', () => {
  beforeEach(async () => {
    await drainMail()
    await testDb().deleteFrom('notification_digest_runs').execute()
  })

  // 2026-12-05 in Asia/Shanghai: 07:30 is before the digest hour (8), 09:00 after.
  const early = new Date('2026-12-04T23:30:00Z')
  const later = new Date('2026-12-05T01:00:00Z')

  it('mails each daily reader one digest of their unread, unmailed rows, once a day, through the outbox', async () => {
    const reader = await createUser(testDb(), { name: '韦读者' })
    await upsertMailPreferences(testDb(), reader.id, [{ category: 'matches', mail: 'daily' }])
    const notice = (need: string) => ({ kind: 'match_proposed', params: { need, achievement: '成果乙', manager: '蓝海燕' }, link: '/my/matches#m' })
    await testDb().transaction().execute((trx) => notify(trx, [reader.id], notice('需求一')))
    await testDb().transaction().execute((trx) => notify(trx, [reader.id], notice('需求二')))
    await testDb().transaction().execute((trx) => notify(trx, [reader.id], notice('已读的需求')))
    const [, , read] = await rowsOf(reader.id)
    await testDb().updateTable('notifications').set({ read_at: sql`now()` }).where('id', '=', read!.id).execute()

    expect(await sendDailyDigests(testDb(), { hour: 8, baseUrl: BASE_URL, now: early })).toEqual({ users: 0, items: 0 })
    const sent = await sendDailyDigests(testDb(), { hour: 8, baseUrl: BASE_URL, now: later })
    expect(sent.users).toBeGreaterThanOrEqual(1)
    await drainMail()

    const mails = await listMail(testDb(), reader.email)
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toBe('【柳州科技大市场】您有 2 条未读通知')
    expect(mails[0]!.text_body).toContain('技术经理人 蓝海燕 推荐了匹配：需求“需求一” ↔ 成果“成果乙”')
    expect(mails[0]!.text_body).toContain('需求二')
    expect(mails[0]!.text_body).not.toContain('已读的需求')
    expect(mails[0]!.text_body).toContain(`${BASE_URL}/my/matches#m`)
    expect(mails[0]!.text_body).toContain(`${BASE_URL}/notifications?show=unread`)
    const rows = await rowsOf(reader.id)
    expect(rows.filter((r) => r.read_at === null).every((r) => r.mailed_at instanceof Date)).toBe(true)

    // Once a day: the same day again sends nothing, even with new rows.
    await testDb().transaction().execute((trx) => notify(trx, [reader.id], notice('需求三')))
    expect(await sendDailyDigests(testDb(), { hour: 8, baseUrl: BASE_URL, now: new Date(later.getTime() + 3_600_000) })).toEqual({ users: 0, items: 0 })
    // The next day it does, with only the new one.
    await sendDailyDigests(testDb(), { hour: 8, baseUrl: BASE_URL, now: new Date(later.getTime() + 86_400_000) })
    await drainMail()
    const next = await listMail(testDb(), reader.email)
    expect(next).toHaveLength(2)
    expect(next[0]!.subject).toBe('【柳州科技大市场】您有 1 条未读通知')
    expect(next[0]!.text_body).toContain('需求三')
    expect(next[0]!.text_body).not.toContain('需求一')
  })

  it('leaves out people who chose immediate or off', async () => {
    const off = await createUser(testDb())
    const immediate = await createUser(testDb())
    await upsertMailPreferences(testDb(), off.id, [{ category: 'messages', mail: 'off' }])
    await testDb().transaction().execute((trx) => notify(trx, [off.id, immediate.id], { kind: 'match_proposed', params: {}, link: '/my/matches' }))
    await testDb().transaction().execute((trx) => notify(trx, [off.id], { kind: 'deal_message', params: {}, link: '/deals' }))
    await sendDailyDigests(testDb(), { hour: 8, baseUrl: BASE_URL, now: later })
    await drainMail()
    expect((await listMail(testDb(), off.email)).filter((m) => m.subject.includes('未读通知'))).toEqual([])
    expect((await listMail(testDb(), immediate.email)).filter((m) => m.subject.includes('未读通知'))).toEqual([])
  })
})

describe('待办', () => {
  it('lists what waits on each person and drops it once dealt with', async () => {
    const { uni, uniAdmin, ent } = parties
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id, { title: '待办测试成果' })
    const { id: requestId } = await requestDetails(testDb(), ent.principal, id, { purpose: '评估', acceptTerms: true, orgId: ent.org.id }, testMeta)
    const waiting = async (p: Principal) => (await todoFor(testDb(), await principalFor(testDb(), p.userId))).items.filter((i) => i.id === requestId)
    // The creator and the institution's admin may decide; the enterprise waits on them.
    expect((await waiting(uni.principal)).map((i) => [i.kind, i.link])).toEqual([['details', `/achievements/${id}/access`]])
    expect(await waiting(uniAdmin)).toHaveLength(1)
    expect(await waiting(ent.principal)).toEqual([])
    await decideDetailRequest(testDb(), uniAdmin, id, requestId, { grant: true }, testMeta)
    expect(await waiting(uni.principal)).toEqual([])
  })

  it('a proposed match waits on each side until it answers; a new deal room waits on each member until they write', async () => {
    const { uni, uniAdmin, ent } = parties
    const achievementId = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    const needId = await publishedNeed(testDb(), ent.principal, ent.principal, ent.org.id)
    const match = await proposeMatch(testDb(), manager.principal, { needId, achievementId, note: '' }, testMeta)
    const items = async (userId: string, kind: string, id: string) => (await todoFor(testDb(), await principalFor(testDb(), userId))).items.filter((i) => i.kind === kind && i.id === id)
    expect(await items(ent.user.id, 'match', match.id)).toHaveLength(1)
    expect(await items(uni.user.id, 'match', match.id)).toHaveLength(1)
    expect(await items(manager.user.id, 'match', match.id)).toEqual([])
    await answerMatch(testDb(), ent.principal, match.id, { side: 'enterprise', answer: 'interested' }, testMeta)
    expect(await items(ent.user.id, 'match', match.id)).toEqual([])
    expect(await items(uni.user.id, 'match', match.id)).toHaveLength(1)

    const deal = await dealFromMatch(testDb())
    expect((await items(deal.ent.user.id, 'deal', deal.dealId)).map((i) => i.link)).toEqual([`/deals/${deal.dealId}`])
    expect(await items(deal.otherEnt.user.id, 'deal', deal.dealId)).toEqual([])
    await insertDealMessage(testDb(), { dealId: deal.dealId, authorId: deal.ent.user.id, kind: 'text', body: '您好，我们想了解许可方式。' })
    expect(await items(deal.ent.user.id, 'deal', deal.dealId)).toEqual([])
    expect(await items(deal.manager.user.id, 'deal', deal.dealId)).toHaveLength(1)
  })

  it('with four eyes, a listing waits on the other admin, not on who submitted it', async () => {
    const { uni, uniAdmin } = parties
    const submitter = await principalFor(testDb(), uniAdmin.userId)
    const id = await draftAchievement(testDb(), submitter, uni.org.id, { title: '双人审核成果' })
    await testDb().updateTable('organisations').set({ four_eyes: true }).where('id', '=', uni.org.id).execute()
    await transitionListing(testDb(), submitter, 'achievement', id, 'submit', { ttlMonths: 12 }, testMeta)
    const second = await createUser(testDb())
    await testDb().insertInto('memberships').values({ org_id: uni.org.id, user_id: second.id, role: 'admin' }).execute()
    const reviews = async (userId: string) => (await todoFor(testDb(), await principalFor(testDb(), userId))).items.filter((i) => i.kind === 'review' && i.id === id)
    expect(await reviews(submitter.userId)).toEqual([])
    expect(await reviews(second.id)).toHaveLength(1)
  })
})
