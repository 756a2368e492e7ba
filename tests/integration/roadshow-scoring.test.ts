import { describe, expect, it } from 'vitest'
import { roomEventsAfter } from '../../db/repos/realtime'
import { roadshowLiveState } from '../../server/roadshows/live-state'
import { roadshowRulesOn } from '../../server/roadshows/policy'
import { roadshowRoom } from '../../server/roadshows/publish'
import { closeScoring, submitScore } from '../../server/roadshows/scoring'
import { meanHalfUp, scoreResult, totalCentiOf } from '../../server/roadshows/scoring-result'
import { testMeta } from '../helpers/factories'
import { goLive } from '../helpers/roadshow-live'
import { scheduledRoadshow } from '../helpers/roadshows'
import { testDb } from '../helpers/worker-setup'

// 评分: judges score the current item on the rubric, only a count goes to the
// room until the host closes the item's scoring, and the result drops the
// highest and lowest totals from five judges on (an average below that).

const rubric = roadshowRulesOn(new Date()).defaultRubric
const flat = (n: number) => Object.fromEntries(rubric.map((c) => [c.key, n]))

describe('score result', () => {
  it('drops one highest and one lowest total at five judges and averages all at four', () => {
    const rows = [50, 60, 70, 80, 100].map((n, i) => ({
      judgeId: `j${i}`,
      scores: flat(n),
      totalCenti: totalCentiOf(rubric, flat(n)),
    }))
    const five = scoreResult(rubric, rows, { dropExtremesFromJudges: 5 })
    expect(five).toMatchObject({ judges: 5, dropped: true, finalCenti: 7000 })
    expect(five.byCriterion.innovation).toBe(7000)
    const four = scoreResult(rubric, rows.slice(0, 4), {
      dropExtremesFromJudges: 5,
    })
    expect(four).toMatchObject({ judges: 4, dropped: false, finalCenti: 6500 })
  })

  it('rounds means half up in centi-points and weighs criteria by the rubric', () => {
    expect(meanHalfUp(5, 2)).toBe(3)
    expect(meanHalfUp(4, 3)).toBe(1)
    expect(meanHalfUp(0, 0)).toBe(0)
    const scores = { innovation: 90, market: 80, maturity: 70, team: 60 }
    expect(totalCentiOf(rubric, scores)).toBe(90 * 30 + 80 * 30 + 70 * 25 + 60 * 15)
    const r = scoreResult(
      rubric,
      [
        { judgeId: 'a', scores: flat(61), totalCenti: 6100 },
        { judgeId: 'b', scores: flat(62), totalCenti: 6200 },
      ],
      { dropExtremesFromJudges: 5 }
    )
    expect(r.finalCenti).toBe(6150)
    expect(r.byCriterion.team).toBe(6150)
  })
})

describe("judges' scores in a live roadshow", () => {
  it('takes scores only from judges, on a started item, with every criterion an integer 0..100', async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { judges: 1, viewers: 1 })
    const judge = rs.judges[0]!.principal
    const [first, second] = rs.itemIds as [string, string]
    const msg = (itemId: string, scores: unknown) => ({
      roadshowId: rs.roadshowId,
      itemId,
      scores,
    })
    const at = new Date()
    expect(await submitScore(db, judge, msg(first, flat(80)), at, testMeta)).toEqual({ ok: false, reason: 'not_live' })
    await goLive(db, rs.roadshowId, first)
    for (const who of [rs.viewers[0]!.principal, rs.host.principal, rs.owner.principal])
      expect(await submitScore(db, who, msg(first, flat(80)), at, testMeta)).toEqual({ ok: false, reason: 'forbidden' })
    expect(await submitScore(db, rs.outsider.principal, msg(first, flat(80)), at, testMeta)).toEqual({ ok: false, reason: 'forbidden' })
    expect(await submitScore(db, judge, msg(second, flat(80)), at, testMeta)).toEqual({ ok: false, reason: 'not_live' })
    expect(await submitScore(db, judge, msg(first, { ...flat(80), team: 101 }), at, testMeta)).toEqual({ ok: false, reason: 'invalid', field: 'scores.team' })
    expect(await submitScore(db, judge, msg(first, { ...flat(80), team: 7.5 }), at, testMeta)).toEqual({ ok: false, reason: 'invalid', field: 'scores.team' })
    const { team: _missing, ...partial } = flat(80)
    expect(await submitScore(db, judge, msg(first, partial), at, testMeta)).toEqual({ ok: false, reason: 'invalid', field: 'scores.team' })
    expect(await submitScore(db, judge, msg(first, { ...flat(80), extra: 5 }), at, testMeta)).toEqual({ ok: false, reason: 'invalid', field: 'scores.extra' })
    expect(await submitScore(db, judge, msg(rs.roadshowId, flat(80)), at, testMeta)).toEqual({ ok: false, reason: 'no_item' })

    expect(await submitScore(db, judge, msg(first, flat(80)), at, testMeta)).toEqual({ ok: true, totalCenti: 8000, judges: 1 })
    // Revisable: the second submission replaces the first, still one judge.
    expect(await submitScore(db, judge, { ...msg(first, flat(90)), comment: '很好' }, at, testMeta)).toEqual({ ok: true, totalCenti: 9000, judges: 1 })
    const audits = await db.selectFrom('audit_log').select('action').where('entity_id', '=', first).execute()
    expect(audits.map((a) => a.action)).toContain('roadshow.score')
  })

  it('shows only how many judges scored until the host closes, then the result with extremes dropped at five judges', async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { judges: 5, viewers: 1 })
    const item = rs.itemIds[0]!
    await goLive(db, rs.roadshowId, item)
    const at = new Date()
    for (const [i, n] of [50, 60, 70, 80, 100].entries())
      expect(await submitScore(db, rs.judges[i]!.principal, { roadshowId: rs.roadshowId, itemId: item, scores: flat(n) }, at, testMeta)).toMatchObject({
        ok: true,
        judges: i + 1,
      })

    const before = await roadshowLiveState(db, rs.roadshowId)
    expect(before.scoring[item]).toEqual({ judges: 5, result: null })
    // Nothing a viewer's socket receives carries a judge's scores before the close.
    const events = await roomEventsAfter(db, roadshowRoom(rs.roadshowId), 0)
    const scoreEvents = events.filter((e) => e.kind === 'score_count')
    expect(scoreEvents).toHaveLength(5)
    for (const e of scoreEvents) expect(Object.keys(e.payload as object).sort()).toEqual(['itemId', 'judges'])

    const close = { roadshowId: rs.roadshowId, itemId: item }
    expect(await closeScoring(db, rs.judges[0]!.principal, close, at, testMeta)).toEqual({ ok: false, reason: 'forbidden' })
    expect(await closeScoring(db, rs.viewers[0]!.principal, close, at, testMeta)).toEqual({ ok: false, reason: 'forbidden' })
    const closed = await closeScoring(db, rs.host.principal, close, at, testMeta)
    expect(closed).toMatchObject({ ok: true, result: { judges: 5, dropped: true, finalCenti: 7000 } })
    const after = await roadshowLiveState(db, rs.roadshowId)
    expect(after.scoring[item]?.result).toMatchObject({ finalCenti: 7000, dropped: true, byCriterion: { innovation: 7000 } })

    // Closed: a judge can no longer revise, and closing again changes nothing in the room.
    expect(await submitScore(db, rs.judges[0]!.principal, { roadshowId: rs.roadshowId, itemId: item, scores: flat(0) }, at, testMeta)).toEqual({
      ok: false,
      reason: 'scoring_closed',
    })
    const seq = after.seq
    expect(await closeScoring(db, rs.host.principal, close, at, testMeta)).toMatchObject({ ok: true, duplicate: true, result: { finalCenti: 7000 } })
    expect((await roadshowLiveState(db, rs.roadshowId)).seq).toBe(seq)
    const audits = await db.selectFrom('audit_log').select('action').where('entity_id', '=', item).execute()
    expect(audits.map((a) => a.action)).toContain('roadshow.scoring.close')
  })

  it('averages every total with four judges', async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { judges: 4, viewers: 0 })
    const item = rs.itemIds[0]!
    await goLive(db, rs.roadshowId, item)
    for (const [i, n] of [50, 60, 70, 100].entries())
      await submitScore(db, rs.judges[i]!.principal, { roadshowId: rs.roadshowId, itemId: item, scores: flat(n) }, new Date(), testMeta)
    expect(await closeScoring(db, rs.host.principal, { roadshowId: rs.roadshowId, itemId: item }, new Date(), testMeta)).toMatchObject({
      ok: true,
      result: { judges: 4, dropped: false, finalCenti: 7000 },
    })
  })

  it("hides an invitation-only session's scoring from someone not invited", async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { audience: 'invitation', judges: 1, viewers: 1 })
    await goLive(db, rs.roadshowId, rs.itemIds[0]!)
    expect(await closeScoring(db, rs.outsider.principal, { roadshowId: rs.roadshowId, itemId: rs.itemIds[0] }, new Date(), testMeta)).toEqual({
      ok: false,
      reason: 'not_found',
    })
    expect(
      await submitScore(db, rs.judges[0]!.principal, { roadshowId: rs.roadshowId, itemId: rs.itemIds[0], scores: flat(70) }, new Date(), testMeta)
    ).toMatchObject({ ok: true })
  })
})
