import { describe, expect, it } from 'vitest'
import { roadshowRoles } from '../../server/roadshows/access'
import { liveSnapshot } from '../../server/roadshows/live-snapshot'
import { roadshowLiveState } from '../../server/roadshows/live-state'
import { answer, close, launch } from '../../server/roadshows/polls'
import { roadshowRoom } from '../../server/roadshows/publish'
import { testMeta } from '../helpers/factories'
import { endRoadshow, goLive } from '../helpers/roadshow-qa'
import { scheduledRoadshow } from '../helpers/roadshows'
import { testDb } from '../helpers/worker-setup'

// 路演投票 as the host and the audience notice it: the host launches a poll
// only while live and with 2–6 distinct options, each person answers once
// (a single-choice poll with exactly one option), every tally is the absolute
// count of the stored answers, and a closed poll takes no more answers.

const now = () => new Date()

async function tallies(roadshowId: string) {
  const rows = await testDb()
    .selectFrom('realtime_events')
    .select(['kind', 'payload'])
    .where('room', '=', roadshowRoom(roadshowId))
    .where('kind', 'in', ['poll_tally', 'poll_closed'])
    .orderBy('seq')
    .execute()
  return rows.map((r) => r.payload as { voters: number; counts: number[] })
}

describe('roadshow polls', () => {
  it('lets only organisers launch, only while live, with 2–6 distinct options', async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { viewers: 1 })
    const host = rs.host.principal
    const msg = { roadshowId: rs.roadshowId, itemId: rs.itemIds[0], question: '您最关心哪方面？', options: ['价格', '交付周期'], multiple: false }
    expect(await launch(db, host, msg, now(), testMeta)).toEqual({ ok: false, reason: 'not_live' })
    await goLive(db, rs.roadshowId, rs.itemIds[0]!)
    expect(await launch(db, rs.viewers[0]!.principal, msg, now(), testMeta)).toEqual({ ok: false, reason: 'forbidden' })
    expect(await launch(db, rs.judges[0]!.principal, msg, now(), testMeta)).toEqual({ ok: false, reason: 'forbidden' })
    expect(await launch(db, host, { ...msg, options: ['只有一个'] }, now(), testMeta)).toEqual({ ok: false, reason: 'invalid', field: 'options' })
    expect(await launch(db, host, { ...msg, options: ['1', '2', '3', '4', '5', '6', '7'] }, now(), testMeta)).toEqual({
      ok: false,
      reason: 'invalid',
      field: 'options',
    })
    expect(await launch(db, host, { ...msg, options: ['价格', ' 价格 '] }, now(), testMeta)).toEqual({ ok: false, reason: 'invalid', field: 'options' })
    expect(await launch(db, host, { ...msg, options: ['价格', ''] }, now(), testMeta)).toEqual({ ok: false, reason: 'invalid', field: 'options' })
    expect(await launch(db, host, { ...msg, question: ' ' }, now(), testMeta)).toEqual({ ok: false, reason: 'invalid', field: 'question' })
    const ok = await launch(db, host, msg, now(), testMeta)
    expect(ok).toMatchObject({ ok: true, poll: { question: '您最关心哪方面？', options: ['价格', '交付周期'], counts: [0, 0], voters: 0, closedAt: null } })
    expect((await roadshowLiveState(db, rs.roadshowId)).polls).toHaveLength(1)
    const audit = await db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_id', '=', rs.roadshowId).execute()
    expect(audit).toEqual([{ action: 'roadshow.poll.opened', actor_id: rs.host.user.id }])
  })

  it('takes one answer per person, checks choices against the poll, and tallies absolute counts under concurrency', async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { viewers: 6 })
    await goLive(db, rs.roadshowId, rs.itemIds[0]!)
    const single = await launch(
      db,
      rs.host.principal,
      { roadshowId: rs.roadshowId, itemId: null, question: '是否愿意参加中试？', options: ['愿意', '观望', '不愿意'], multiple: false },
      now(),
      testMeta
    )
    if (!single.ok) throw new Error(single.reason)
    const pollId = single.poll.id
    const [a, ...others] = rs.viewers.map((v) => v.principal)
    const to = (choices: unknown) => ({ roadshowId: rs.roadshowId, pollId, choices })

    expect(await answer(db, a!, to([0, 1]), now())).toEqual({ ok: false, reason: 'invalid', field: 'choices' })
    expect(await answer(db, a!, to([3]), now())).toEqual({ ok: false, reason: 'invalid', field: 'choices' })
    expect(await answer(db, a!, to([-1]), now())).toEqual({ ok: false, reason: 'invalid', field: 'choices' })
    expect(await answer(db, a!, to([]), now())).toEqual({ ok: false, reason: 'invalid', field: 'choices' })
    expect(await answer(db, a!, to([1.5]), now())).toEqual({ ok: false, reason: 'invalid', field: 'choices' })

    // Two tabs of one person send different answers at once: one is kept, and both are told which.
    const [x, y] = await Promise.all([answer(db, a!, to([0]), now()), answer(db, a!, to([2]), now())])
    expect([x, y].filter((r) => r.ok && !r.duplicate)).toHaveLength(1)
    const kept = x.ok && !x.duplicate ? x.choices : y.ok ? y.choices : []
    expect(x).toMatchObject({ ok: true, choices: kept, voters: 1 })
    expect(y).toMatchObject({ ok: true, choices: kept, voters: 1 })

    await Promise.all(others.map((p, i) => answer(db, p!, to([i % 3]), now())))
    const seen = await tallies(rs.roadshowId)
    expect(seen.map((t) => t.voters)).toEqual([1, 2, 3, 4, 5, 6])
    const expected = [0, 0, 0]
    expected[kept[0]!]! += 1
    others.forEach((_, i) => (expected[i % 3]! += 1))
    expect(seen.at(-1)!.counts).toEqual(expected)
    expect((await roadshowLiveState(db, rs.roadshowId)).polls[0]).toMatchObject({ counts: expected, voters: 6 })

    // A page loaded now marks what this viewer chose.
    const roles = (await roadshowRoles(db, a!, rs.roadshowId))!.roles
    expect((await liveSnapshot(db, a!, rs.roadshowId, roles)).viewer.pollAnswers).toEqual({ [pollId]: kept })
    // A public roadshow: anyone signed in takes part, the university member too.
    expect(await answer(db, rs.outsider.principal, to([0]), now())).toMatchObject({ ok: true })
  })

  it('counts a multiple-choice answer in each option chosen and refuses repeats', async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { viewers: 2, audience: 'enterprises' })
    await goLive(db, rs.roadshowId, rs.itemIds[0]!)
    const multi = await launch(
      db,
      rs.host.principal,
      { roadshowId: rs.roadshowId, itemId: rs.itemIds[0], question: '哪些应用场景？', options: ['汽车', '电子', '医疗', '建筑'], multiple: true },
      now(),
      testMeta
    )
    if (!multi.ok) throw new Error(multi.reason)
    const to = (choices: number[]) => ({ roadshowId: rs.roadshowId, pollId: multi.poll.id, choices })
    const [a, b] = rs.viewers.map((v) => v.principal)
    expect(await answer(db, a!, to([1, 1]), now())).toEqual({ ok: false, reason: 'invalid', field: 'choices' })
    expect(await answer(db, a!, to([4]), now())).toEqual({ ok: false, reason: 'invalid', field: 'choices' })
    expect(await answer(db, a!, to([2, 0]), now())).toMatchObject({ ok: true, counts: [1, 0, 1, 0], voters: 1 })
    expect(await answer(db, b!, to([0, 1, 2, 3]), now())).toMatchObject({ ok: true, counts: [2, 1, 2, 1], voters: 2 })
    expect(await answer(db, rs.outsider.principal, to([0]), now())).toEqual({ ok: false, reason: 'forbidden' })
  })

  it('closes a poll with its final tally, then takes no more answers; a second close changes nothing', async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { viewers: 2 })
    await goLive(db, rs.roadshowId, rs.itemIds[0]!)
    const p = await launch(db, rs.host.principal, { roadshowId: rs.roadshowId, question: '现场满意度', options: ['满意', '一般'] }, now(), testMeta)
    if (!p.ok) throw new Error(p.reason)
    const ref = { roadshowId: rs.roadshowId, pollId: p.poll.id }
    const [a, b] = rs.viewers.map((v) => v.principal)
    await answer(db, a!, { ...ref, choices: [0] }, now())
    expect(await close(db, a!, ref, now(), testMeta)).toEqual({ ok: false, reason: 'forbidden' })
    expect(await close(db, rs.host.principal, ref, now(), testMeta)).toEqual({ ok: true, counts: [1, 0], voters: 1 })
    expect(await answer(db, b!, { ...ref, choices: [1] }, now())).toEqual({ ok: false, reason: 'poll_closed' })
    // The one who answered is still told their answer.
    expect(await answer(db, a!, { ...ref, choices: [1] }, now())).toMatchObject({ ok: true, duplicate: true, choices: [0] })
    expect(await close(db, rs.host.principal, ref, now(), testMeta)).toEqual({ ok: true, counts: [1, 0], voters: 1 })
    const state = await roadshowLiveState(db, rs.roadshowId)
    expect(state.polls[0]).toMatchObject({ counts: [1, 0], voters: 1, closedAt: expect.any(String) })
    expect((await tallies(rs.roadshowId)).length).toBe(2)
    // After the end no poll opens and nobody answers.
    const q = await launch(db, rs.host.principal, { roadshowId: rs.roadshowId, question: '再来一个', options: ['是', '否'] }, now(), testMeta)
    if (!q.ok) throw new Error(q.reason)
    await endRoadshow(db, rs.roadshowId)
    expect(await launch(db, rs.host.principal, { roadshowId: rs.roadshowId, question: '结束后', options: ['是', '否'] }, now(), testMeta)).toEqual({
      ok: false,
      reason: 'ended',
    })
    expect(await answer(db, b!, { roadshowId: rs.roadshowId, pollId: q.poll.id, choices: [0] }, now())).toEqual({ ok: false, reason: 'ended' })
  })
})
