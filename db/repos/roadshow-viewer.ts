import type { Executor } from '../index'

// What one viewer has already done in a roadshow (ADR 033): the votes,
// poll answers, scores and intents the live page marks as theirs. Read with
// the page; each command's answer updates it from then on.

export async function viewerVotes(db: Executor, roadshowId: string, userId: string) {
  const rows = await db
    .selectFrom('roadshow_question_votes')
    .innerJoin('roadshow_questions', 'roadshow_questions.id', 'roadshow_question_votes.question_id')
    .select('roadshow_question_votes.question_id')
    .where('roadshow_questions.roadshow_id', '=', roadshowId)
    .where('roadshow_question_votes.user_id', '=', userId)
    .execute()
  return rows.map((r) => r.question_id)
}

export async function viewerPollAnswers(db: Executor, roadshowId: string, userId: string) {
  const rows = await db
    .selectFrom('roadshow_poll_answers')
    .innerJoin('roadshow_polls', 'roadshow_polls.id', 'roadshow_poll_answers.poll_id')
    .select(['roadshow_poll_answers.poll_id', 'roadshow_poll_answers.choices'])
    .where('roadshow_polls.roadshow_id', '=', roadshowId)
    .where('roadshow_poll_answers.user_id', '=', userId)
    .execute()
  return Object.fromEntries(rows.map((r) => [r.poll_id, r.choices]))
}

export async function judgeScores(db: Executor, roadshowId: string, judgeId: string) {
  const rows = await db
    .selectFrom('roadshow_scores')
    .innerJoin('roadshow_items', 'roadshow_items.id', 'roadshow_scores.item_id')
    .select(['roadshow_scores.item_id', 'roadshow_scores.scores', 'roadshow_scores.comment', 'roadshow_scores.total_centi'])
    .where('roadshow_items.roadshow_id', '=', roadshowId)
    .where('roadshow_scores.judge_id', '=', judgeId)
    .execute()
  return Object.fromEntries(rows.map((r) => [r.item_id, { scores: r.scores, comment: r.comment, totalCenti: r.total_centi }]))
}

/** Items the viewer's organisations registered intent for. */
export async function viewerIntentItems(db: Executor, roadshowId: string, orgIds: string[]) {
  if (orgIds.length === 0) return []
  const rows = await db.selectFrom('roadshow_intents').select('item_id').where('roadshow_id', '=', roadshowId).where('org_id', 'in', orgIds).execute()
  return [...new Set(rows.map((r) => r.item_id))]
}

export async function sanctionOf(db: Executor, roadshowId: string, userId: string) {
  return db.selectFrom('roadshow_sanctions').select(['kind', 'until']).where('roadshow_id', '=', roadshowId).where('user_id', '=', userId).executeTakeFirst()
}
