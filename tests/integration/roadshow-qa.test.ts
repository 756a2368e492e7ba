import { describe, expect, it } from 'vitest'
import { ask, answered, hide, vote } from '../../server/roadshows/questions'
import { roadshowLiveState } from '../../server/roadshows/live-state'
import { liveSnapshot } from '../../server/roadshows/live-snapshot'
import { roadshowRoles } from '../../server/roadshows/access'
import { roadshowRulesOn } from '../../server/roadshows/policy'
import { roadshowRoom } from '../../server/roadshows/publish'
import { testMeta } from '../helpers/factories'
import { scheduledRoadshow } from '../helpers/roadshows'
import { endRoadshow, goLive, setQa } from '../helpers/roadshow-qa'
import { testDb } from '../helpers/worker-setup'

// 路演问答 as the audience, the presenters and the host notice it: advance
// questions reach the item's owner, live questions need the item's Q&A open,
// a vote counts once per person however many tabs send it, the list sorts by
// votes, and only the right people mark answered or hide.

const now = () => new Date()

async function eventsOf(roadshowId: string, kind: string) {
  const rows = await testDb()
    .selectFrom('realtime_events')
    .select(['seq', 'kind', 'payload'])
    .where('room', '=', roadshowRoom(roadshowId))
    .where('kind', '=', kind)
    .orderBy('seq')
    .execute()
  return rows.map((r) => ({ seq: Number(r.seq), payload: r.payload as Record<string, unknown> }))
}

async function notificationsOf(userId: string) {
  return testDb().selectFrom('notifications').select(['kind', 'params', 'link']).where('user_id', '=', userId).execute()
}

describe('roadshow questions', () => {
  it('takes advance questions before the start, tells the item owner, and answers a re-send with the stored question', async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { viewers: 1 })
    const viewer = rs.viewers[0]!.principal
    const msg = { roadshowId: rs.roadshowId, itemId: rs.itemIds[0], body: '  量产成本大概是多少？ ', key: 'k-advance-1' }
    const first = await ask(db, viewer, msg, now(), testMeta)
    expect(first).toMatchObject({ ok: true, question: { body: '量产成本大概是多少？', advance: true, itemId: rs.itemIds[0], votes: 0 } })
    const again = await ask(db, viewer, msg, now(), testMeta)
    expect(again).toMatchObject({ ok: true, duplicate: true })
    if (!first.ok || !again.ok) throw new Error('unreachable')
    expect(again.question.id).toBe(first.question.id)
    expect(await eventsOf(rs.roadshowId, 'question')).toHaveLength(1)

    // The owner of the item's achievement hears of it; the page's waiting room shows it.
    expect(await notificationsOf(rs.owner.user.id)).toEqual([expect.objectContaining({ kind: 'roadshow_question', link: `/roadshows/${rs.roadshowId}` })])
    const state = await roadshowLiveState(db, rs.roadshowId)
    expect(state.phase).toBe('before')
    expect(state.questions.map((q) => q.body)).toEqual(['量产成本大概是多少？'])

    // A question about the session as a whole reaches the host.
    expect(await ask(db, viewer, { roadshowId: rs.roadshowId, itemId: null, body: '会后有资料吗？', key: 'k-advance-2' }, now(), testMeta)).toMatchObject({
      ok: true,
      question: { itemId: null, advance: true },
    })
    expect((await notificationsOf(rs.host.user.id)).map((n) => n.kind)).toEqual(['roadshow_question'])
  })

  it('refuses bad input at the field, strangers, items of other sessions, and a cancelled or ended session', async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { viewers: 1, audience: 'enterprises' })
    const other = await scheduledRoadshow(db, { viewers: 0 })
    const viewer = rs.viewers[0]!.principal
    const base = { roadshowId: rs.roadshowId, itemId: rs.itemIds[0], key: 'k' }
    expect(await ask(db, viewer, { ...base, body: '   ' }, now(), testMeta)).toEqual({ ok: false, reason: 'invalid', field: 'body' })
    expect(await ask(db, viewer, { ...base, body: 'x'.repeat(501) }, now(), testMeta)).toEqual({ ok: false, reason: 'invalid', field: 'body' })
    expect(await ask(db, viewer, { ...base, body: 'a\u0000b' }, now(), testMeta)).toEqual({ ok: false, reason: 'invalid', field: 'body' })
    expect(await ask(db, viewer, { ...base, itemId: other.itemIds[0], body: '问题' }, now(), testMeta)).toEqual({
      ok: false,
      reason: 'no_item',
      field: 'itemId',
    })
    expect(await ask(db, viewer, { ...base, roadshowId: '00000000-0000-4000-8000-000000000000', body: '问题' }, now(), testMeta)).toEqual({
      ok: false,
      reason: 'not_found',
    })
    // A university member may look at an enterprises-only session but not take part in it.
    expect(await ask(db, rs.outsider.principal, { ...base, body: '问题' }, now(), testMeta)).toEqual({ ok: false, reason: 'forbidden' })
    await endRoadshow(db, rs.roadshowId)
    expect(await ask(db, viewer, { ...base, body: '问题' }, now(), testMeta)).toEqual({ ok: false, reason: 'ended' })
    await db.updateTable('roadshows').set({ status: 'cancelled' }).where('id', '=', rs.roadshowId).execute()
    expect(await ask(db, viewer, { ...base, key: 'k2', body: '问题' }, now(), testMeta)).toEqual({ ok: false, reason: 'not_found' })
  })

  it('while live takes questions on an item only while its Q&A is open, up to the per-item limit, and not from the muted', async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { viewers: 2 })
    const [a, b] = rs.viewers.map((v) => v.principal) as [typeof rs.host.principal, typeof rs.host.principal]
    await goLive(db, rs.roadshowId, rs.itemIds[0]!)
    const on = (itemId: string | null, body: string, key: string) => ({ roadshowId: rs.roadshowId, itemId, body, key })
    expect(await ask(db, a, on(rs.itemIds[0]!, '寿命测试做了多久？', 'a1'), now(), testMeta)).toEqual({ ok: false, reason: 'qa_closed', field: 'itemId' })
    // About the session: any time.
    expect(await ask(db, a, on(null, '主办方联系方式？', 'a0'), now(), testMeta)).toMatchObject({ ok: true, question: { advance: false } })
    await setQa(db, rs.roadshowId, rs.itemIds[0]!, true)
    const limit = roadshowRulesOn(now()).questionsPerItem
    for (let i = 0; i < limit; i++) expect(await ask(db, a, on(rs.itemIds[0]!, `问题${i}`, `q${i}`), now(), testMeta)).toMatchObject({ ok: true })
    expect(await ask(db, a, on(rs.itemIds[0]!, '再问一个', 'q-extra'), now(), testMeta)).toEqual({ ok: false, reason: 'rate_limited', field: 'body' })
    // The limit is per item: the second item is still open to them once its Q&A opens.
    expect(await ask(db, a, on(rs.itemIds[1]!, '第二项', 'q-2nd'), now(), testMeta)).toEqual({ ok: false, reason: 'qa_closed', field: 'itemId' })
    await setQa(db, rs.roadshowId, rs.itemIds[1]!, true)
    expect(await ask(db, a, on(rs.itemIds[1]!, '第二项', 'q-2nd'), now(), testMeta)).toMatchObject({ ok: true })

    // Muted for ten minutes: refused; once the time passed, taken again. Removed: refused.
    const until = new Date(Date.now() + 10 * 60_000)
    await db
      .insertInto('roadshow_sanctions')
      .values({ roadshow_id: rs.roadshowId, user_id: b.userId, kind: 'mute', until, by_user_id: rs.host.user.id })
      .execute()
    expect(await ask(db, b, on(rs.itemIds[0]!, '我能问吗？', 'b1'), now(), testMeta)).toEqual({ ok: false, reason: 'muted' })
    expect(await ask(db, b, on(rs.itemIds[0]!, '我能问吗？', 'b1'), new Date(until.getTime() + 1000), testMeta)).toMatchObject({ ok: true })
    await db.updateTable('roadshow_sanctions').set({ kind: 'remove', until: null }).where('user_id', '=', b.userId).execute()
    expect(await ask(db, b, on(rs.itemIds[0]!, '还能问吗？', 'b2'), now(), testMeta)).toEqual({ ok: false, reason: 'removed' })

    // Closed again: refused again.
    await setQa(db, rs.roadshowId, rs.itemIds[0]!, false)
    expect(await ask(db, a, on(rs.itemIds[0]!, '关了吗', 'after-close'), now(), testMeta)).toEqual({ ok: false, reason: 'qa_closed', field: 'itemId' })
    const state = await roadshowLiveState(db, rs.roadshowId)
    expect(state.questions.filter((q) => q.userId === a.userId)).toHaveLength(limit + 2)
  })

  it('counts a vote once per person across concurrent sends from two tabs, sorts by votes, and refuses votes for one’s own question', async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { viewers: 6 })
    const [asker, ...voters] = rs.viewers.map((v) => v.principal)
    await goLive(db, rs.roadshowId, rs.itemIds[0]!)
    await setQa(db, rs.roadshowId, rs.itemIds[0]!, true)
    const q = async (body: string, key: string) => {
      const r = await ask(db, asker!, { roadshowId: rs.roadshowId, itemId: rs.itemIds[0], body, key }, now(), testMeta)
      if (!r.ok) throw new Error(r.reason)
      return r.question.id
    }
    const early = await q('先问的问题', 'e')
    const later = await q('后问的问题', 'l')
    const msg = { roadshowId: rs.roadshowId, questionId: later }

    // One voter, two tabs, each sending three times at once: one vote.
    const sends = await Promise.all(Array.from({ length: 6 }, () => vote(db, voters[0]!, msg, now())))
    expect(sends.every((s) => s.ok)).toBe(true)
    expect(sends.filter((s) => s.ok && !s.duplicate)).toHaveLength(1)
    expect(sends.map((s) => s.ok && s.votes)).toEqual(Array(6).fill(1))
    expect((await roadshowLiveState(db, rs.roadshowId)).questions.map((x) => [x.body, x.votes])).toEqual([
      ['后问的问题', 1],
      ['先问的问题', 0],
    ])

    // Everyone else at once: each event carries the absolute count, rising in room order.
    await Promise.all(voters.slice(1).map((v) => vote(db, v!, msg, now())))
    const counts = (await eventsOf(rs.roadshowId, 'question_votes')).map((e) => e.payload.votes)
    expect(counts).toEqual([1, 2, 3, 4, 5])
    expect(await vote(db, voters[3]!, msg, now())).toEqual({ ok: true, votes: 5, duplicate: true })
    expect(await vote(db, asker!, { roadshowId: rs.roadshowId, questionId: early }, now())).toEqual({ ok: false, reason: 'forbidden', field: 'questionId' })

    // Two votes lift the earlier question back above none; a page loaded now marks the viewer's own votes.
    await vote(db, voters[0]!, { roadshowId: rs.roadshowId, questionId: early }, now())
    const roles = (await roadshowRoles(db, voters[0]!, rs.roadshowId))!.roles
    const snap = await liveSnapshot(db, voters[0]!, rs.roadshowId, roles)
    expect(snap.state.questions.map((x) => [x.id, x.votes])).toEqual([
      [later, 5],
      [early, 1],
    ])
    expect(snap.viewer.votes.sort()).toEqual([early, later].sort())
    expect(await vote(db, rs.outsider.principal, { roadshowId: rs.roadshowId, questionId: '00000000-0000-4000-8000-000000000000' }, now())).toEqual({
      ok: false,
      reason: 'not_found',
      field: 'questionId',
    })
  })

  it('lets organisers and the item’s presenter mark answered, and only organisers hide', async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { viewers: 2 })
    const [a, b] = rs.viewers.map((v) => v.principal)
    await goLive(db, rs.roadshowId, rs.itemIds[0]!)
    await setQa(db, rs.roadshowId, rs.itemIds[0]!, true)
    const item = await ask(db, a!, { roadshowId: rs.roadshowId, itemId: rs.itemIds[0], body: '有中试数据吗？', key: 'i' }, now(), testMeta)
    const general = await ask(db, a!, { roadshowId: rs.roadshowId, itemId: null, body: '下一场什么时候？', key: 'g' }, now(), testMeta)
    if (!item.ok || !general.ok) throw new Error('ask failed')
    const ref = (questionId: string) => ({ roadshowId: rs.roadshowId, questionId })

    expect(await answered(db, b!, ref(item.question.id), now(), testMeta)).toEqual({ ok: false, reason: 'forbidden' })
    expect(await answered(db, rs.judges[0]!.principal, ref(item.question.id), now(), testMeta)).toEqual({ ok: false, reason: 'forbidden' })
    const at = now()
    expect(await answered(db, rs.owner.principal, ref(item.question.id), at, testMeta)).toEqual({ ok: true, answeredAt: at.toISOString() })
    // Answering twice changes nothing.
    expect(await answered(db, rs.host.principal, ref(item.question.id), now(), testMeta)).toEqual({ ok: true, answeredAt: at.toISOString() })
    expect(await eventsOf(rs.roadshowId, 'question_answered')).toHaveLength(1)
    // The session's questions are the organisers'.
    expect(await answered(db, rs.owner.principal, ref(general.question.id), now(), testMeta)).toEqual({ ok: false, reason: 'forbidden' })
    expect(await answered(db, rs.host.principal, ref(general.question.id), now(), testMeta)).toMatchObject({ ok: true })

    expect(await hide(db, rs.owner.principal, ref(general.question.id), now(), testMeta)).toEqual({ ok: false, reason: 'forbidden' })
    expect(await hide(db, a!, ref(general.question.id), now(), testMeta)).toEqual({ ok: false, reason: 'forbidden' })
    expect(await hide(db, rs.host.principal, ref(general.question.id), now(), testMeta)).toEqual({ ok: true })
    const state = await roadshowLiveState(db, rs.roadshowId)
    expect(state.questions.map((q) => [q.id, !!q.answeredAt])).toEqual([[item.question.id, true]])
    expect(await vote(db, b!, ref(general.question.id), now())).toEqual({ ok: false, reason: 'not_found', field: 'questionId' })

    const audits = await db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_id', '=', rs.roadshowId).orderBy('id').execute()
    expect(audits).toEqual([
      { action: 'roadshow.question.answered', actor_id: rs.owner.user.id },
      { action: 'roadshow.question.answered', actor_id: rs.host.user.id },
      { action: 'roadshow.question.hidden', actor_id: rs.host.user.id },
    ])
  })
})
