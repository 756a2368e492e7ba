import { z } from 'zod'
import { lockRoadshowItem, scoreCountOfItem, scoresOfItem, upsertScore } from '../../db/repos/roadshow-scores'
import { updateRoadshowItemLive } from '../../db/repos/roadshows'
import type { SocketCommand } from '../realtime/commands'
import { audit } from '../platform/audit'
import { roadshowRoles } from './access'
import { refuse, type RoadshowAnswer } from './answers'
import { parseCommand, uuid } from './command-input'
import type { RoadshowScoreResult } from './live-events'
import { roadshowRulesOn } from './policy'
import { publishRoadshow } from './publish'
import { scoreResult, totalCentiOf } from './scoring-result'

// 评分 (ADR 033): judges score each item on the roadshow's rubric from their
// own view, revisable until the host closes the item's scoring; the room only
// learns how many judges have scored. Closing computes the result once
// (scoring-result.ts) and makes it public in the `scoring_closed` event.

const ScoreMessage = z.object({
  roadshowId: uuid,
  itemId: uuid,
  scores: z.record(z.unknown()),
  comment: z.string().max(1000).optional(),
})

const CloseMessage = z.object({ roadshowId: uuid, itemId: uuid })

/** Exactly the rubric's keys, each an integer 0..100; otherwise the first criterion at fault. */
function readScores(keys: string[], raw: Record<string, unknown>) {
  for (const key of Object.keys(raw)) if (!keys.includes(key)) return { field: `scores.${key}` } as const
  const scores: Record<string, number> = {}
  for (const key of keys) {
    const v = raw[key]
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100) return { field: `scores.${key}` } as const
    scores[key] = v
  }
  return { scores } as const
}

export const submitScore: SocketCommand = async (db, principal, msg, at, meta): Promise<RoadshowAnswer<{ totalCenti: number; judges: number }>> => {
  const input = parseCommand(ScoreMessage, msg)
  if (!input.ok) return input
  const { roadshowId, itemId } = input.data
  const access = await roadshowRoles(db, principal, roadshowId)
  if (!access) return refuse('not_found')
  if (!access.roles.judge) return refuse('forbidden')
  const rubric = access.facts.roadshow.rubric
  const read = readScores(
    rubric.map((c) => c.key),
    Object.fromEntries(Object.entries(input.data.scores))
  )
  if ('field' in read) return refuse('invalid', read.field)
  const comment = (input.data.comment ?? '').trim()
  return db.transaction().execute(async (trx) => {
    const item = await lockRoadshowItem(trx, roadshowId, itemId)
    if (!item) return refuse('no_item')
    if (item.scoring_closed_at) return refuse('scoring_closed')
    if (!item.started_at) return refuse('not_live')
    const totalCenti = totalCentiOf(rubric, read.scores)
    await upsertScore(trx, {
      itemId,
      judgeId: principal.userId,
      scores: read.scores,
      totalCenti,
      comment,
      at,
    })
    const judges = await scoreCountOfItem(trx, itemId)
    await publishRoadshow(trx, roadshowId, {
      kind: 'score_count',
      payload: { itemId, judges },
    })
    await audit(
      trx,
      meta,
      principal.userId,
      'roadshow.score',
      { type: 'roadshow_item', id: itemId, orgId: access.facts.roadshow.org_id },
      { roadshowId, totalCenti }
    )
    return { ok: true as const, totalCenti, judges }
  })
}

export const closeScoring: SocketCommand = async (db, principal, msg, at, meta): Promise<RoadshowAnswer<{ result: RoadshowScoreResult; duplicate?: true }>> => {
  const input = parseCommand(CloseMessage, msg)
  if (!input.ok) return input
  const { roadshowId, itemId } = input.data
  const access = await roadshowRoles(db, principal, roadshowId)
  if (!access) return refuse('not_found')
  if (!access.roles.organiser) return refuse('forbidden')
  const rs = access.facts.roadshow
  return db.transaction().execute(async (trx) => {
    const item = await lockRoadshowItem(trx, roadshowId, itemId)
    if (!item) return refuse('no_item')
    if (!item.started_at) return refuse('not_live')
    // The rules of the session's day decide, whenever the host gets to closing.
    const result = scoreResult(rs.rubric, await scoresOfItem(trx, itemId), roadshowRulesOn(rs.starts_at))
    // Closed already (a second click, a re-sent message): the same result, nothing new in the room.
    if (item.scoring_closed_at) return { ok: true as const, result, duplicate: true as const }
    await updateRoadshowItemLive(trx, itemId, { scoringClosedAt: at })
    await publishRoadshow(trx, roadshowId, {
      kind: 'scoring_closed',
      payload: { itemId, result },
    })
    await audit(
      trx,
      meta,
      principal.userId,
      'roadshow.scoring.close',
      { type: 'roadshow_item', id: itemId, orgId: rs.org_id },
      { roadshowId, finalCenti: result.finalCenti, judges: result.judges }
    )
    return { ok: true as const, result }
  })
}
