import { sql } from 'kysely'
import type { Executor } from '../index'

// 路演问答: questions and their votes (ADR 033). A vote is a row keyed by
// question × person, so it counts once however often it is sent; a question's
// `votes` column is recounted from those rows under the question's row lock,
// so the count each event carries is the true one at its place in the room.

/** One asker at a time per roadshow: their per-item limit and key lookup are counted without a race. */
export async function lockAsker(trx: Executor, roadshowId: string, userId: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`roadshow-ask:${roadshowId}:${userId}`}, 0))`.execute(trx)
}

/** The roadshow's status, waiting for a host action under way (its row lock) to commit first. */
export async function roadshowStatusShared(trx: Executor, roadshowId: string) {
  const r = await trx.selectFrom('roadshows').select(['status', 'host_user_id']).where('id', '=', roadshowId).forShare().executeTakeFirst()
  return r
}

/** Whether an item of this roadshow has its Q&A open, read after a host's open/close under way commits. */
export async function itemQaShared(trx: Executor, roadshowId: string, itemId: string) {
  return trx.selectFrom('roadshow_items').select(['id', 'qa_open']).where('id', '=', itemId).where('roadshow_id', '=', roadshowId).forShare().executeTakeFirst()
}

const questionColumns = ['id', 'roadshow_id', 'item_id', 'user_id', 'org_id', 'body', 'advance', 'votes', 'answered_at', 'hidden_at', 'created_at'] as const

export async function questionByKey(trx: Executor, roadshowId: string, userId: string, key: string) {
  return trx
    .selectFrom('roadshow_questions')
    .select(questionColumns)
    .where('roadshow_id', '=', roadshowId)
    .where('user_id', '=', userId)
    .where('client_key', '=', key)
    .executeTakeFirst()
}

/** How many questions a person asked on one item (null: about the session), hidden ones included. */
export async function askedCount(trx: Executor, roadshowId: string, userId: string, itemId: string | null) {
  const r = await trx
    .selectFrom('roadshow_questions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('roadshow_id', '=', roadshowId)
    .where('user_id', '=', userId)
    .where((eb) => (itemId === null ? eb('item_id', 'is', null) : eb('item_id', '=', itemId)))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function insertQuestion(
  trx: Executor,
  q: { roadshowId: string; itemId: string | null; userId: string; orgId: string | null; body: string; advance: boolean; key: string | null; at: Date }
) {
  return trx
    .insertInto('roadshow_questions')
    .values({
      roadshow_id: q.roadshowId,
      item_id: q.itemId,
      user_id: q.userId,
      org_id: q.orgId,
      body: q.body,
      advance: q.advance,
      client_key: q.key,
      created_at: q.at,
    })
    .returning(questionColumns)
    .executeTakeFirstOrThrow()
}

/** A question of the roadshow under its row lock (votes, answers and hiding of one question take turns). */
export async function lockQuestion(trx: Executor, roadshowId: string, questionId: string) {
  return trx
    .selectFrom('roadshow_questions')
    .select(questionColumns)
    .where('id', '=', questionId)
    .where('roadshow_id', '=', roadshowId)
    .forUpdate()
    .executeTakeFirst()
}

/** Records a vote; false when this person had already voted for the question. */
export async function insertVote(trx: Executor, questionId: string, userId: string, at: Date) {
  const r = await trx
    .insertInto('roadshow_question_votes')
    .values({ question_id: questionId, user_id: userId, created_at: at })
    .onConflict((oc) => oc.columns(['question_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst()
  return !!r
}

/** Sets the question's count from its vote rows and returns it. */
export async function recountVotes(trx: Executor, questionId: string) {
  const r = await trx
    .updateTable('roadshow_questions')
    .set({
      votes: sql<number>`(select count(*)::int from roadshow_question_votes v where v.question_id = ${questionId})`,
    })
    .where('id', '=', questionId)
    .returning('votes')
    .executeTakeFirstOrThrow()
  return r.votes
}

export async function markQuestionAnswered(trx: Executor, questionId: string, by: string, at: Date) {
  await trx.updateTable('roadshow_questions').set({ answered_at: at, answered_by: by }).where('id', '=', questionId).execute()
}

export async function markQuestionHidden(trx: Executor, questionId: string, by: string, at: Date) {
  await trx.updateTable('roadshow_questions').set({ hidden_at: at, hidden_by: by }).where('id', '=', questionId).execute()
}
