import type { Database } from '../../db/index'
import {
  askedCount,
  insertQuestion,
  insertVote,
  itemQaShared,
  lockAsker,
  lockQuestion,
  markQuestionAnswered,
  markQuestionHidden,
  questionByKey,
  recountVotes,
  roadshowStatusShared,
} from '../../db/repos/roadshow-questions'
import { membershipRole } from '../identity/permissions'
import type { Principal, RequestMeta } from '../identity/principal'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import type { SocketCommand } from '../realtime/commands'
import { type RoadshowAnswer, refuse } from './answers'
import { roadshowRoles, participationRefusal } from './access'
import type { RoadshowQuestion } from './live-events'
import { roadshowRulesOn } from './policy'
import { publishRoadshow } from './publish'
import { phaseOf, silencedReason, speakingOrg } from './qa-guard'
import { AskSchema, parseMessage, QuestionRefSchema } from './qa-schemas'

// 路演问答 (issue 10, ADR 033). Before the start a participant's question is
// an advance question (提前提问) — about an item or the session — and reaches
// the item's owner and presenter (or the host) by notification; while live a
// question about an item needs that item's Q&A open (the host's `qa` event),
// a question about the session is taken at any time. Each person asks at most
// `questionsPerItem` per item (and about the session); a re-sent message with
// the same key is answered with the stored question. Votes count once per
// person (the vote table's key) and never for one's own question: an asker's
// own vote would add one to every question alike and say nothing. Marking
// answered (organisers, and the item's presenter or owner) and hiding
// (organisers) are audited; questions and votes are their own record.

type QuestionRow = NonNullable<Awaited<ReturnType<typeof lockQuestion>>>

function questionView(row: QuestionRow, name: string, orgName: string | null): RoadshowQuestion {
  return {
    id: row.id,
    itemId: row.item_id,
    userId: row.user_id,
    name,
    orgName,
    body: row.body,
    votes: row.votes,
    advance: row.advance,
    answeredAt: row.answered_at ? new Date(row.answered_at).toISOString() : null,
    at: new Date(row.created_at).toISOString(),
  }
}

const excerpt = (s: string) => (s.length > 60 ? `${s.slice(0, 60)}…` : s)

export async function ask(
  db: Database,
  principal: Principal,
  msg: unknown,
  at: Date,
  _meta: RequestMeta
): Promise<RoadshowAnswer<{ question: RoadshowQuestion; duplicate?: true }>> {
  const parsed = parseMessage(AskSchema, msg)
  if (!parsed.ok) return refuse('invalid', parsed.field)
  const { roadshowId, body, key } = parsed.data
  const itemId = parsed.data.itemId ?? null
  const access = await roadshowRoles(db, principal, roadshowId)
  if (!access || !phaseOf(access.facts.roadshow.status)) return refuse('not_found')
  if (!access.roles.participate) return participationRefusal(access.facts, principal.userId)
  const item = itemId ? access.facts.items.find((i) => i.id === itemId) : null
  if (itemId && !item) return refuse('no_item', 'itemId')
  const org = speakingOrg(principal)
  const rules = roadshowRulesOn(at)

  return db.transaction().execute(async (trx) => {
    await lockAsker(trx, roadshowId, principal.userId)
    if (key) {
      const stored = await questionByKey(trx, roadshowId, principal.userId, key)
      if (stored) return { ok: true as const, question: questionView(stored, principal.name, org?.name ?? null), duplicate: true as const }
    }
    const rs = await roadshowStatusShared(trx, roadshowId)
    const phase = rs ? phaseOf(rs.status) : null
    if (!rs || !phase) return refuse('not_found')
    if (phase === 'ended') return refuse('ended')
    const silenced = await silencedReason(trx, roadshowId, principal.userId, at)
    if (silenced) return refuse(silenced)
    if (phase === 'live' && itemId) {
      const qa = await itemQaShared(trx, roadshowId, itemId)
      if (!qa) return refuse('no_item', 'itemId')
      if (!qa.qa_open) return refuse('qa_closed', 'itemId')
    }
    if ((await askedCount(trx, roadshowId, principal.userId, itemId)) >= rules.questionsPerItem) return refuse('rate_limited', 'body')
    const row = await insertQuestion(trx, {
      roadshowId,
      itemId,
      userId: principal.userId,
      orgId: org?.id ?? null,
      body,
      advance: phase === 'before',
      key: key ?? null,
      at,
    })
    const question = questionView(row, principal.name, org?.name ?? null)
    await publishRoadshow(trx, roadshowId, { kind: 'question', payload: question })
    if (phase === 'before') {
      const to = item ? [item.owner_user_id, item.presenter_user_id] : [rs.host_user_id]
      await notify(
        trx,
        to.filter((u): u is string => !!u && u !== principal.userId),
        { kind: 'roadshow_question', params: { title: access.facts.roadshow.title, excerpt: excerpt(body) }, link: `/roadshows/${roadshowId}` }
      )
    }
    return { ok: true as const, question }
  })
}

export async function vote(db: Database, principal: Principal, msg: unknown, at: Date): Promise<RoadshowAnswer<{ votes: number; duplicate?: true }>> {
  const parsed = parseMessage(QuestionRefSchema, msg)
  if (!parsed.ok) return refuse('invalid', parsed.field)
  const { roadshowId, questionId } = parsed.data
  const access = await roadshowRoles(db, principal, roadshowId)
  const phase = access ? phaseOf(access.facts.roadshow.status) : null
  if (!access || !phase) return refuse('not_found')
  if (!access.roles.participate) return participationRefusal(access.facts, principal.userId)
  if (phase === 'ended') return refuse('ended')
  const silenced = await silencedReason(db, roadshowId, principal.userId, at)
  if (silenced === 'removed') return refuse('removed')

  return db.transaction().execute(async (trx) => {
    const q = await lockQuestion(trx, roadshowId, questionId)
    if (!q || q.hidden_at) return refuse('not_found', 'questionId')
    if (q.user_id === principal.userId) return refuse('forbidden', 'questionId')
    if (!(await insertVote(trx, questionId, principal.userId, at))) return { ok: true as const, votes: q.votes, duplicate: true as const }
    const votes = await recountVotes(trx, questionId)
    await publishRoadshow(trx, roadshowId, { kind: 'question_votes', payload: { id: questionId, votes } })
    return { ok: true as const, votes }
  })
}

export async function answered(db: Database, principal: Principal, msg: unknown, at: Date, meta: RequestMeta): Promise<RoadshowAnswer<{ answeredAt: string }>> {
  const parsed = parseMessage(QuestionRefSchema, msg)
  if (!parsed.ok) return refuse('invalid', parsed.field)
  const { roadshowId, questionId } = parsed.data
  const access = await roadshowRoles(db, principal, roadshowId)
  const phase = access ? phaseOf(access.facts.roadshow.status) : null
  if (!access || !phase) return refuse('not_found')
  if (!access.roles.organiser && !access.roles.presenter) return refuse('forbidden')
  if (phase === 'ended') return refuse('ended')

  return db.transaction().execute(async (trx) => {
    const q = await lockQuestion(trx, roadshowId, questionId)
    if (!q || q.hidden_at) return refuse('not_found', 'questionId')
    const item = q.item_id ? access.facts.items.find((i) => i.id === q.item_id) : null
    // A presenter answers for their own items; a question about the session is the organisers'.
    const itsPresenter =
      !!item &&
      (item.presenter_user_id === principal.userId ||
        item.owner_user_id === principal.userId ||
        (item.owner_org_id !== null && membershipRole(principal, item.owner_org_id) !== null))
    if (!access.roles.organiser && !itsPresenter) return refuse('forbidden')
    if (q.answered_at) return { ok: true as const, answeredAt: new Date(q.answered_at).toISOString() }
    await markQuestionAnswered(trx, questionId, principal.userId, at)
    const answeredAt = at.toISOString()
    await publishRoadshow(trx, roadshowId, { kind: 'question_answered', payload: { id: questionId, answeredAt } })
    await audit(
      trx,
      meta,
      principal.userId,
      'roadshow.question.answered',
      { type: 'roadshow', id: roadshowId, orgId: access.facts.roadshow.org_id },
      {
        title: access.facts.roadshow.title,
        questionId,
      }
    )
    return { ok: true as const, answeredAt }
  })
}

export async function hide(db: Database, principal: Principal, msg: unknown, at: Date, meta: RequestMeta): Promise<RoadshowAnswer> {
  const parsed = parseMessage(QuestionRefSchema, msg)
  if (!parsed.ok) return refuse('invalid', parsed.field)
  const { roadshowId, questionId } = parsed.data
  const access = await roadshowRoles(db, principal, roadshowId)
  if (!access || !phaseOf(access.facts.roadshow.status)) return refuse('not_found')
  if (!access.roles.organiser) return refuse('forbidden')

  return db.transaction().execute(async (trx) => {
    const q = await lockQuestion(trx, roadshowId, questionId)
    if (!q) return refuse('not_found', 'questionId')
    if (q.hidden_at) return { ok: true as const }
    await markQuestionHidden(trx, questionId, principal.userId, at)
    await publishRoadshow(trx, roadshowId, { kind: 'question_hidden', payload: { id: questionId } })
    await audit(
      trx,
      meta,
      principal.userId,
      'roadshow.question.hidden',
      { type: 'roadshow', id: roadshowId, orgId: access.facts.roadshow.org_id },
      {
        title: access.facts.roadshow.title,
        questionId,
        body: q.body,
      }
    )
    return { ok: true as const }
  })
}

export const askQuestion: SocketCommand = (db, p, msg, at, meta) => ask(db, p, msg, at, meta)
export const voteQuestion: SocketCommand = (db, p, msg, at) => vote(db, p, msg, at)
export const markAnswered: SocketCommand = (db, p, msg, at, meta) => answered(db, p, msg, at, meta)
export const hideQuestion: SocketCommand = (db, p, msg, at, meta) => hide(db, p, msg, at, meta)
