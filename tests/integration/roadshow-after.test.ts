import { describe, expect, it } from 'vitest'
import type { Database } from '../../db/index'
import { SessionRecorder, type Person } from '../../db/seed/roadshow-session'
import { openDeal } from '../../server/deals/open'
import { forgetRoadshowLiveState } from '../../server/roadshows/live-state'
import { roadshowOutcomes } from '../../server/roadshows/outcomes'
import { apiRoadshow, apiRoadshowPage } from '../../server/roadshows/api-roadshows'
import { replayPage } from '../../server/roadshows/replay-page'
import { roadshowReport } from '../../server/roadshows/report'
import { roadshowReportPdf } from '../../server/roadshows/report-pdf'
import { roadshowRulesOn } from '../../server/roadshows/policy'
import { DomainError } from '../../server/platform/errors'
import { testMeta } from '../helpers/factories'
import { scheduledRoadshow } from '../helpers/roadshows'
import { testDb } from '../helpers/worker-setup'

// After a session (ADR 033): the replay, the report and the API read the
// record the live session wrote — rows and room events — and the outcome
// counts sum it for the government's figures.

const MIN = 60_000

async function pastSession(db: Database, opts: { audience?: 'public' | 'invitation' } = {}) {
  const now = new Date()
  const rs = await scheduledRoadshow(db, { items: 2, judges: 5, viewers: 3, audience: opts.audience, startsInMs: -3 * 3_600_000 })
  const person = (m: (typeof rs.viewers)[number]): Person & { orgId: string } => ({
    userId: m.user.id,
    name: m.user.name,
    orgId: m.org.id,
    orgName: m.org.name,
  })
  const [a, b, c] = rs.viewers.map(person) as [Person & { orgId: string }, Person & { orgId: string }, Person & { orgId: string }]
  const t = (m: number) => new Date(rs.startsAt.getTime() + m * MIN)
  const [item1, item2] = rs.itemIds as [string, string]
  const out = await db.transaction().execute(async (trx) => {
    const r = new SessionRecorder(trx, rs.roadshowId)
    const advance = await r.ask(a, item1, '预先提问：量产成本多少？', t(-60), true)
    await r.start(item1, t(0))
    await r.chat(a, '大家好', t(1))
    const rude = await r.chat(b, '不当言论', t(2))
    await r.hideChat([rude], rs.host.user.id, t(3))
    await r.qa(item1, true, t(5))
    const q1 = await r.ask(b, item1, '专利是否已授权？', t(6))
    const q2 = await r.ask(c, item1, '可否小批量试制？', t(7))
    const hidden = await r.ask(c, item1, '重复的问题', t(7))
    await r.hideQuestion(hidden.id, rs.host.user.id, t(8))
    await r.vote(q2.id, [a.userId, b.userId], t(8))
    await r.vote(q1.id, [a.userId], t(8))
    await r.answered(q2.id, rs.owner.user.id, t(9))
    await r.poll({
      itemId: item1,
      question: '是否有合作意向？',
      options: ['有', '观望'],
      by: rs.host.user.id,
      answers: [
        [a.userId, [0]],
        [b.userId, [0]],
        [c.userId, [1]],
      ],
      openedAt: t(9),
      closedAt: t(10),
    })
    await r.qa(item1, false, t(10))
    const rubric = roadshowRulesOn(now).defaultRubric
    const scores = (n: number) => Object.fromEntries(rubric.map((k) => [k.key, n]))
    await r.scores(
      item1,
      rubric,
      rs.judges.map((j, i) => [j.user.id, scores([60, 70, 80, 90, 100][i]!)]),
      roadshowRulesOn(now).dropExtremesFromJudges,
      t(11)
    )
    const intent = await r.intent(item1, a, 'licence', '希望许可使用', t(11))
    await r.intent(item1, b, 'transfer', '', t(11.5))
    await r.audience(item1, [a.userId, b.userId, c.userId], 3, t(11))
    await r.next(item1, item2, t(12))
    await r.pin('pin-1', '下一项：第二个成果', rs.host.user.name, t(12))
    await r.chat(c, '第二项开始了', t(13))
    await r.audience(item2, [a.userId], 1, t(14))
    const deal = await openDeal(
      trx,
      rs.host.principal,
      {
        title: '路演意向',
        source: { kind: 'roadshow', id: intent },
        sellerOrgId: rs.owner.org.id,
        buyerOrgIds: [a.orgId],
        achievementIds: [rs.achievementIds[0]!],
        members: [{ userId: a.userId, role: 'party', orgId: a.orgId }],
      },
      testMeta
    )
    await r.linkDeal(intent, deal.id)
    await r.end(item2, 3, t(20))
    return { advance, q1, q2, hidden, rude, dealId: deal.id }
  })
  forgetRoadshowLiveState(rs.roadshowId)
  return { rs, ...out, a, b, c }
}

const kind = (e: unknown) => (e instanceof DomainError ? e.kind : String(e))

describe('roadshow replay', () => {
  it('groups the stored events by item, leaves out what the host took down and shows final votes, answers, tallies and scores', async () => {
    const db = testDb()
    const s = await pastSession(db)
    const page = await replayPage(db, null, s.rs.roadshowId)
    expect(page.sections.map((x) => x.itemId)).toEqual([null, ...s.rs.itemIds])
    const [opening, first, second] = page.sections
    expect(opening!.entries.map((e) => e.kind)).toEqual(['question'])
    const kinds = first!.entries.map((e) => (e.kind === 'host' ? e.action : e.kind))
    expect(kinds).toEqual(['started', 'chat', 'qa_open', 'question', 'question', 'poll', 'qa_close', 'score'])
    const chat = first!.entries.filter((e) => e.kind === 'chat')
    expect(chat.map((e) => e.kind === 'chat' && e.line.body)).toEqual(['大家好'])
    const qs = first!.entries.flatMap((e) => (e.kind === 'question' ? [e.question] : []))
    expect(qs.map((q) => [q.body, q.votes, !!q.answeredAt])).toEqual([
      ['专利是否已授权？', 1, false],
      ['可否小批量试制？', 2, true],
    ])
    const poll = first!.entries.find((e) => e.kind === 'poll')
    expect(poll?.kind === 'poll' && [poll.poll.counts, poll.poll.voters, !!poll.poll.closedAt]).toEqual([[2, 1], 3, true])
    const score = first!.entries.find((e) => e.kind === 'score')
    // Five judges: 60 and 100 dropped, the mean of 70, 80, 90.
    expect(score?.kind === 'score' && [score.result.finalCenti, score.result.dropped]).toEqual([8000, true])
    expect(second!.entries.map((e) => (e.kind === 'host' ? e.action : e.kind))).toEqual(['item', 'pinned', 'chat', 'ended'])
    expect(page.chatLines).toBe(2)
    // Times are the stored ones, in order.
    const times = page.sections.flatMap((x) => x.entries.map((e) => e.at))
    expect(first!.entries[0]!.at).toBe(s.rs.startsAt.toISOString())
    expect(times.slice(1)).toEqual([...times.slice(1)].sort())
  })

  it('is for whoever may view the roadshow: an invitation-only replay does not exist for others', async () => {
    const db = testDb()
    const s = await pastSession(db, { audience: 'invitation' })
    await expect(replayPage(db, s.rs.viewers[0]!.principal, s.rs.roadshowId)).resolves.toBeTruthy()
    await expect(replayPage(db, s.rs.outsider.principal, s.rs.roadshowId).catch(kind)).resolves.toBe('not_found')
    await expect(replayPage(db, null, s.rs.roadshowId).catch(kind)).resolves.toBe('not_found')
  })
})

describe('roadshow report', () => {
  it('counts audience, registrations, questions, polls, scores, intents and the deal room opened', async () => {
    const db = testDb()
    const s = await pastSession(db)
    const r = await roadshowReport(db, s.rs.host.principal, s.rs.roadshowId)
    expect(r).toMatchObject({ registrations: 3, peakAudience: 3, viewers: 3, chatLines: 2 })
    expect(r.totals).toEqual({ questions: 3, answered: 1, polls: 1, intents: 2, dealRooms: 1, bids: 0 })
    const [i1, i2] = r.items
    expect(i1).toMatchObject({ viewers: 3, peakAudience: 3, questions: { count: 3, answered: 1 } })
    expect(i1!.questions.top[0]!.body).toBe('可否小批量试制？')
    expect(i1!.score?.finalCenti).toBe(8000)
    expect(i1!.intents.map((x) => [x.orgName, x.mode, x.note, x.deal?.id ?? null])).toEqual([
      [s.a.orgName, 'licence', '希望许可使用', s.dealId],
      [s.b.orgName, 'transfer', '', null],
    ])
    expect(i2).toMatchObject({ viewers: 1, questions: { count: 0 }, score: null, intents: [] })
    const { pdf } = await roadshowReportPdf(db, s.rs.host.principal, s.rs.roadshowId, { locale: 'zh-CN' })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
  })

  it('is for organisers and platform admins only', async () => {
    const db = testDb()
    const s = await pastSession(db, { audience: 'invitation' })
    await expect(roadshowReport(db, s.rs.viewers[0]!.principal, s.rs.roadshowId).catch(kind)).resolves.toBe('forbidden')
    await expect(roadshowReport(db, s.rs.judges[0]!.principal, s.rs.roadshowId).catch(kind)).resolves.toBe('forbidden')
    await expect(roadshowReport(db, s.rs.outsider.principal, s.rs.roadshowId).catch(kind)).resolves.toBe('not_found')
    await expect(roadshowReportPdf(db, s.rs.outsider.principal, s.rs.roadshowId).catch(kind)).resolves.toBe('not_found')
  })
})

describe('roadshow API', () => {
  it('lists what the caller may see and gives results once ended', async () => {
    const db = testDb()
    const pub = await pastSession(db)
    const inv = await pastSession(db, { audience: 'invitation' })
    const ids = async (p: Parameters<typeof apiRoadshowPage>[1]) =>
      (await apiRoadshowPage(db, p, null, { phase: 'past', page: 1, pageSize: 100 }, 'http://x')).items.map((i) => i.id)
    expect(await ids(null)).toContain(pub.rs.roadshowId)
    expect(await ids(null)).not.toContain(inv.rs.roadshowId)
    expect(await ids(inv.rs.outsider.principal)).not.toContain(inv.rs.roadshowId)
    expect(await ids(inv.rs.viewers[0]!.principal)).toContain(inv.rs.roadshowId)
    expect(await ids(inv.rs.judges[0]!.principal)).toContain(inv.rs.roadshowId)
    expect(await ids(inv.rs.host.principal)).toContain(inv.rs.roadshowId)
    const one = await apiRoadshow(db, null, pub.rs.roadshowId, 'http://x')
    expect(one).toMatchObject({ status: 'ended', itemCount: 2, registrations: 3, live: { phase: 'ended', currentItemId: null } })
    expect(one!.results?.scores).toEqual([{ itemId: pub.rs.itemIds[0], result: expect.objectContaining({ finalCenti: 8000 }) }])
    expect(one!.results?.polls[0]?.counts).toEqual([2, 1])
    expect(await apiRoadshow(db, null, inv.rs.roadshowId, 'http://x')).toBeNull()
    expect(await apiRoadshow(db, null, 'not-a-uuid', 'http://x')).toBeNull()
  })

  it('keeps scores out of an upcoming roadshow', async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, {})
    const one = await apiRoadshow(db, null, rs.roadshowId, 'http://x')
    expect(one).toMatchObject({ status: 'scheduled', results: null, live: { phase: 'before' } })
  })
})

describe('roadshow outcomes', () => {
  it('sums the sessions held by an organiser or a manager within the dates', async () => {
    const db = testDb()
    const s = await pastSession(db)
    const from = new Date(s.rs.startsAt.getTime() - 86_400_000)
    const to = new Date(s.rs.startsAt.getTime() + 86_400_000)
    const expected = { roadshows: 1, peakAudience: 3, viewers: 3, registrations: 3, items: 2, intents: 2, dealRooms: 1, bids: 0 }
    expect(await roadshowOutcomes(db, { orgId: s.rs.host.org.id, from, to })).toEqual(expected)
    expect(await roadshowOutcomes(db, { managerUserId: s.rs.host.user.id, from, to })).toEqual(expected)
    // Outside the dates, or another organiser: nothing. A session not held (only scheduled) does not count.
    expect((await roadshowOutcomes(db, { orgId: s.rs.host.org.id, from: to, to: new Date(to.getTime() + 1) })).roadshows).toBe(0)
    const upcoming = await scheduledRoadshow(db, {})
    expect((await roadshowOutcomes(db, { orgId: upcoming.host.org.id, from, to: new Date(Date.now() + 86_400_000) })).roadshows).toBe(0)
  })
})
