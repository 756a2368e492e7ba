import type { Executor } from '../index'
import { isUuid } from './ids'

// Judges' scores of roadshow items (ADR 033): one row per judge and item,
// revisable until the host closes the item's scoring. The item row is locked
// by every change so a score and the close take turns.

/** The agenda item under a row lock, if it belongs to `roadshowId`. */
export async function lockRoadshowItem(db: Executor, roadshowId: string, itemId: string) {
  if (!isUuid(itemId)) return undefined
  return db
    .selectFrom('roadshow_items')
    .select(['id', 'roadshow_id', 'title', 'achievement_id', 'started_at', 'scoring_closed_at'])
    .where('id', '=', itemId)
    .where('roadshow_id', '=', roadshowId)
    .forUpdate()
    .executeTakeFirst()
}

/** A revision keeps `submitted_at` of the first submission (the column is insert-only in the schema). */
export async function upsertScore(
  db: Executor,
  s: {
    itemId: string
    judgeId: string
    scores: Record<string, number>
    totalCenti: number
    comment: string
    at: Date
  }
) {
  const values = {
    item_id: s.itemId,
    judge_id: s.judgeId,
    scores: JSON.stringify(s.scores),
    total_centi: s.totalCenti,
    comment: s.comment,
    submitted_at: s.at,
  }
  await db
    .insertInto('roadshow_scores')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['item_id', 'judge_id']).doUpdateSet({
        scores: values.scores,
        total_centi: values.total_centi,
        comment: values.comment,
      })
    )
    .execute()
}

/** Every judge's scores of an item (the input of the result). */
export async function scoresOfItem(db: Executor, itemId: string) {
  const rows = await db.selectFrom('roadshow_scores').select(['judge_id', 'scores', 'total_centi']).where('item_id', '=', itemId).orderBy('judge_id').execute()
  return rows.map((r) => ({
    judgeId: r.judge_id,
    scores: r.scores as unknown as Record<string, number>,
    totalCenti: r.total_centi,
  }))
}

export async function scoreCountOfItem(db: Executor, itemId: string) {
  const r = await db
    .selectFrom('roadshow_scores')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('item_id', '=', itemId)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}
