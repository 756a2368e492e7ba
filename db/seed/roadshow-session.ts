import { sql } from 'kysely'
import type { Executor } from '../index'
import { roomName } from '../../server/realtime/publish'
import type { RubricCriterion } from '../schema'
import type { RoadshowPoll, RoadshowQuestion, RoadshowScoreResult } from '../../server/roadshows/live-events'
import { publishRoadshow } from '../../server/roadshows/publish'

// Writes a roadshow session that already happened, for the demo and for tests
// of what comes after (replay, report, API, outcomes): each chat line,
// question, vote, poll answer, score and intent is a row in its table and an
// event in the room, in the caller's transaction, as the live services write
// them (ADR 033) — then dated at the moment given, which only seed data may do.
// Moving `created_at` of stored events is why this lives in db/seed.

export interface Person {
  userId: string
  name: string
  orgId: string | null
  orgName: string | null
}

export class SessionRecorder {
  private readonly room: string
  constructor(private readonly trx: Executor, readonly roadshowId: string) {
    this.room = roomName('roadshow', roadshowId)
  }

  private async at(seq: number, at: Date) {
    await this.trx
      .updateTable('realtime_events')
      .set({ created_at: sql`${at}` })
      .where('room', '=', this.room)
      .where('seq', '=', seq)
      .execute()
  }

  async start(itemId: string, at: Date) {
    await this.trx.updateTable('roadshows').set({ status: 'live', started_at: at, current_item_id: itemId }).where('id', '=', this.roadshowId).execute()
    await this.trx.updateTable('roadshow_items').set({ started_at: at }).where('id', '=', itemId).execute()
    await this.at(await publishRoadshow(this.trx, this.roadshowId, { kind: 'started', payload: { startedAt: at.toISOString(), currentItemId: itemId } }), at)
  }

  async next(fromItemId: string, itemId: string, at: Date) {
    await this.trx.updateTable('roadshow_items').set({ ended_at: at, qa_open: false }).where('id', '=', fromItemId).execute()
    await this.trx.updateTable('roadshow_items').set({ started_at: at }).where('id', '=', itemId).execute()
    await this.trx.updateTable('roadshows').set({ current_item_id: itemId }).where('id', '=', this.roadshowId).execute()
    await this.at(await publishRoadshow(this.trx, this.roadshowId, { kind: 'item', payload: { currentItemId: itemId, startedAt: at.toISOString() } }), at)
  }

  async qa(itemId: string, open: boolean, at: Date) {
    await this.trx.updateTable('roadshow_items').set({ qa_open: open }).where('id', '=', itemId).execute()
    await this.at(await publishRoadshow(this.trx, this.roadshowId, { kind: 'qa', payload: { itemId, open } }), at)
  }

  async pin(id: string, body: string, name: string, at: Date) {
    const pin = { id, body, name }
    await this.trx
      .updateTable('roadshows')
      .set({ pinned: JSON.stringify(pin) })
      .where('id', '=', this.roadshowId)
      .execute()
    await this.at(await publishRoadshow(this.trx, this.roadshowId, { kind: 'pinned', payload: { pin } }), at)
  }

  async chat(p: Person, body: string, at: Date) {
    const row = await this.trx
      .insertInto('roadshow_chat')
      .values({ roadshow_id: this.roadshowId, user_id: p.userId, body, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow()
    const line = { id: row.id, userId: p.userId, name: p.name, orgName: p.orgName, body, at: at.toISOString() }
    await this.at(await publishRoadshow(this.trx, this.roadshowId, { kind: 'chat', payload: line }), at)
    return row.id
  }

  async hideChat(ids: string[], by: string, at: Date) {
    await this.trx.updateTable('roadshow_chat').set({ hidden_at: at, hidden_by: by }).where('id', 'in', ids).execute()
    await this.at(await publishRoadshow(this.trx, this.roadshowId, { kind: 'chat_hidden', payload: { ids } }), at)
  }

  async ask(p: Person, itemId: string | null, body: string, at: Date, advance = false): Promise<RoadshowQuestion> {
    const row = await this.trx
      .insertInto('roadshow_questions')
      .values({ roadshow_id: this.roadshowId, item_id: itemId, user_id: p.userId, org_id: p.orgId, body, advance, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow()
    const q: RoadshowQuestion = {
      id: row.id,
      itemId,
      userId: p.userId,
      name: p.name,
      orgName: p.orgName,
      body,
      votes: 0,
      advance,
      answeredAt: null,
      at: at.toISOString(),
    }
    await this.at(await publishRoadshow(this.trx, this.roadshowId, { kind: 'question', payload: q }), at)
    return q
  }

  async vote(questionId: string, voters: string[], at: Date) {
    for (const userId of voters)
      await this.trx
        .insertInto('roadshow_question_votes')
        .values({ question_id: questionId, user_id: userId, created_at: at })
        .onConflict((oc) => oc.doNothing())
        .execute()
    const { n } = await this.trx
      .selectFrom('roadshow_question_votes')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('question_id', '=', questionId)
      .executeTakeFirstOrThrow()
    const votes = Number(n)
    await this.trx.updateTable('roadshow_questions').set({ votes }).where('id', '=', questionId).execute()
    await this.at(await publishRoadshow(this.trx, this.roadshowId, { kind: 'question_votes', payload: { id: questionId, votes } }), at)
  }

  async answered(questionId: string, by: string, at: Date) {
    await this.trx.updateTable('roadshow_questions').set({ answered_at: at, answered_by: by }).where('id', '=', questionId).execute()
    await this.at(
      await publishRoadshow(this.trx, this.roadshowId, { kind: 'question_answered', payload: { id: questionId, answeredAt: at.toISOString() } }),
      at
    )
  }

  async hideQuestion(questionId: string, by: string, at: Date) {
    await this.trx.updateTable('roadshow_questions').set({ hidden_at: at, hidden_by: by }).where('id', '=', questionId).execute()
    await this.at(await publishRoadshow(this.trx, this.roadshowId, { kind: 'question_hidden', payload: { id: questionId } }), at)
  }

  /** A poll opened, answered by `answers` (user → chosen option indexes) and closed, with its tally. */
  async poll(o: {
    itemId: string | null
    question: string
    options: string[]
    multiple?: boolean
    by: string
    answers: [string, number[]][]
    openedAt: Date
    closedAt: Date
  }) {
    const row = await this.trx
      .insertInto('roadshow_polls')
      .values({
        roadshow_id: this.roadshowId,
        item_id: o.itemId,
        question: o.question,
        options: JSON.stringify(o.options),
        multiple: !!o.multiple,
        created_by: o.by,
        opened_at: o.openedAt,
        closed_at: o.closedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const poll: RoadshowPoll = {
      id: row.id,
      itemId: o.itemId,
      question: o.question,
      options: o.options,
      multiple: !!o.multiple,
      counts: o.options.map(() => 0),
      voters: 0,
      openedAt: o.openedAt.toISOString(),
      closedAt: null,
    }
    await this.at(await publishRoadshow(this.trx, this.roadshowId, { kind: 'poll', payload: poll }), o.openedAt)
    const counts = o.options.map(() => 0)
    for (const [userId, choices] of o.answers) {
      await this.trx.insertInto('roadshow_poll_answers').values({ poll_id: row.id, user_id: userId, choices, created_at: o.openedAt }).execute()
      for (const c of choices) counts[c]!++
    }
    const voters = o.answers.length
    await this.at(await publishRoadshow(this.trx, this.roadshowId, { kind: 'poll_tally', payload: { id: row.id, counts, voters } }), o.closedAt)
    await this.at(
      await publishRoadshow(this.trx, this.roadshowId, { kind: 'poll_closed', payload: { id: row.id, counts, voters, closedAt: o.closedAt.toISOString() } }),
      o.closedAt
    )
    return { ...poll, counts, voters, closedAt: o.closedAt.toISOString() }
  }

  /** Judges' scores for an item (criterion key → 0..100), then the close with its result; `dropFrom` judges or more drop the highest and lowest total. */
  async scores(
    itemId: string,
    rubric: RubricCriterion[],
    byJudge: [string, Record<string, number>][],
    dropFrom: number,
    at: Date
  ): Promise<RoadshowScoreResult> {
    const rows = byJudge.map(([judgeId, scores]) => ({ judgeId, scores, total: rubric.reduce((s, c) => s + (scores[c.key] ?? 0) * c.weight, 0) }))
    for (const r of rows)
      await this.trx
        .insertInto('roadshow_scores')
        .values({ item_id: itemId, judge_id: r.judgeId, scores: JSON.stringify(r.scores), total_centi: r.total, submitted_at: at })
        .execute()
    await this.at(await publishRoadshow(this.trx, this.roadshowId, { kind: 'score_count', payload: { itemId, judges: rows.length } }), at)
    const sorted = [...rows].sort((a, b) => a.total - b.total)
    const dropped = rows.length >= dropFrom
    const counted = dropped ? sorted.slice(1, -1) : sorted
    const mean = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : 0)
    const result: RoadshowScoreResult = {
      judges: rows.length,
      dropped,
      finalCenti: mean(counted.map((r) => r.total)),
      byCriterion: Object.fromEntries(rubric.map((c) => [c.key, mean(counted.map((r) => (r.scores[c.key] ?? 0) * 100))])),
    }
    await this.trx.updateTable('roadshow_items').set({ scoring_closed_at: at }).where('id', '=', itemId).execute()
    await this.at(await publishRoadshow(this.trx, this.roadshowId, { kind: 'scoring_closed', payload: { itemId, result } }), at)
    return result
  }

  async intent(itemId: string, p: Person & { orgId: string }, mode: string, note: string, at: Date) {
    const row = await this.trx
      .insertInto('roadshow_intents')
      .values({ roadshow_id: this.roadshowId, item_id: itemId, user_id: p.userId, org_id: p.orgId, mode, note, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow()
    const { n } = await this.trx
      .selectFrom('roadshow_intents')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('item_id', '=', itemId)
      .executeTakeFirstOrThrow()
    await this.at(await publishRoadshow(this.trx, this.roadshowId, { kind: 'intent_count', payload: { itemId, count: Number(n) } }), at)
    return row.id
  }

  async linkDeal(intentId: string, dealId: string) {
    await this.trx.updateTable('roadshow_intents').set({ deal_id: dealId }).where('id', '=', intentId).execute()
  }

  /** Who watched: distinct viewers per item and the peaks, as the presence job keeps them. */
  async audience(itemId: string, viewerIds: string[], peak: number, at: Date) {
    if (viewerIds.length)
      await this.trx
        .insertInto('roadshow_item_viewers')
        .values(viewerIds.map((user_id) => ({ item_id: itemId, user_id, first_seen_at: at })))
        .onConflict((oc) => oc.doNothing())
        .execute()
    await this.trx.updateTable('roadshow_items').set({ peak_audience: peak }).where('id', '=', itemId).execute()
  }

  async end(lastItemId: string, peak: number, at: Date) {
    await this.trx.updateTable('roadshow_items').set({ ended_at: at, qa_open: false }).where('id', '=', lastItemId).execute()
    await this.trx
      .updateTable('roadshows')
      .set({ status: 'ended', ended_at: at, current_item_id: null, pinned: null, peak_audience: peak })
      .where('id', '=', this.roadshowId)
      .execute()
    await this.at(await publishRoadshow(this.trx, this.roadshowId, { kind: 'presence', payload: { current: 0, peak, itemId: null, itemPeak: 0 } }), at)
    await this.at(await publishRoadshow(this.trx, this.roadshowId, { kind: 'ended', payload: { endedAt: at.toISOString() } }), at)
  }
}
