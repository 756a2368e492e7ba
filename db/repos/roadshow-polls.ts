import { sql } from 'kysely'
import type { Executor } from '../index'

// 路演投票: polls and their answers (ADR 033). An answer is a row keyed by
// poll × person (once each); the tally is recounted from the answers under the
// poll's row lock, so every event carries the absolute counts at its place.

const pollColumns = ['id', 'roadshow_id', 'item_id', 'question', 'options', 'multiple', 'opened_at', 'closed_at'] as const

export async function insertPoll(
  trx: Executor,
  p: { roadshowId: string; itemId: string | null; question: string; options: string[]; multiple: boolean; createdBy: string; at: Date }
) {
  return trx
    .insertInto('roadshow_polls')
    .values({
      roadshow_id: p.roadshowId,
      item_id: p.itemId,
      question: p.question,
      options: JSON.stringify(p.options),
      multiple: p.multiple,
      created_by: p.createdBy,
      opened_at: p.at,
    })
    .returning(pollColumns)
    .executeTakeFirstOrThrow()
}

/** A poll of the roadshow under its row lock: answers and the close take turns. */
export async function lockPoll(trx: Executor, roadshowId: string, pollId: string) {
  return trx.selectFrom('roadshow_polls').select(pollColumns).where('id', '=', pollId).where('roadshow_id', '=', roadshowId).forUpdate().executeTakeFirst()
}

/** Stores an answer; false when this person had already answered the poll. */
export async function insertPollAnswer(trx: Executor, pollId: string, userId: string, choices: number[], at: Date) {
  const r = await trx
    .insertInto('roadshow_poll_answers')
    .values({ poll_id: pollId, user_id: userId, choices, created_at: at })
    .onConflict((oc) => oc.columns(['poll_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst()
  return !!r
}

export async function pollAnswerOf(trx: Executor, pollId: string, userId: string) {
  const r = await trx.selectFrom('roadshow_poll_answers').select('choices').where('poll_id', '=', pollId).where('user_id', '=', userId).executeTakeFirst()
  return r?.choices ?? null
}

/** Answers per option (0-based, `optionCount` long) and the number of people who answered. */
export async function pollTally(trx: Executor, pollId: string, optionCount: number) {
  const perOption = await trx
    .selectFrom(sql<{ choice: number }>`(select unnest(choices) as choice from roadshow_poll_answers where poll_id = ${pollId})`.as('c'))
    .select(['c.choice', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('c.choice')
    .execute()
  const total = await trx
    .selectFrom('roadshow_poll_answers')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('poll_id', '=', pollId)
    .executeTakeFirstOrThrow()
  const counts = Array.from({ length: optionCount }, () => 0)
  for (const r of perOption) if (r.choice >= 0 && r.choice < optionCount) counts[r.choice] = Number(r.n)
  return { counts, voters: Number(total.n) }
}

export async function closePollRow(trx: Executor, pollId: string, at: Date) {
  await trx.updateTable('roadshow_polls').set({ closed_at: at }).where('id', '=', pollId).execute()
}
