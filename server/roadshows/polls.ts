import type { Database } from '../../db/index'
import { closePollRow, insertPoll, insertPollAnswer, lockPoll, pollAnswerOf, pollTally } from '../../db/repos/roadshow-polls'
import { roadshowStatusShared } from '../../db/repos/roadshow-questions'
import type { Principal, RequestMeta } from '../identity/principal'
import { audit } from '../platform/audit'
import type { SocketCommand } from '../realtime/commands'
import { type RoadshowAnswer, refuse } from './answers'
import { roadshowRoles, participationRefusal } from './access'
import type { RoadshowPoll } from './live-events'
import { publishRoadshow } from './publish'
import { phaseOf, silencedReason } from './qa-guard'
import { parseMessage, PollAnswerSchema, PollOpenSchema, PollRefSchema } from './qa-schemas'

// 路演投票 (issue 10, ADR 033). Organisers launch a poll while the session is
// live (2–6 options, single or multiple choice) and close it; participants
// answer once each (the answers table's key), a single-choice poll with
// exactly one option, a multiple-choice one with distinct options in range.
// Every answer recounts the tally from the stored answers under the poll's row
// lock, so `poll_tally` carries absolute counts in the order they happened.
// Opening and closing are audited; answers are their own record.

type PollRow = NonNullable<Awaited<ReturnType<typeof lockPoll>>>

function pollView(row: PollRow, tally: { counts: number[]; voters: number }): RoadshowPoll {
  return {
    id: row.id,
    itemId: row.item_id,
    question: row.question,
    options: row.options,
    multiple: row.multiple,
    counts: tally.counts,
    voters: tally.voters,
    openedAt: new Date(row.opened_at).toISOString(),
    closedAt: row.closed_at ? new Date(row.closed_at).toISOString() : null,
  }
}

export async function launch(db: Database, principal: Principal, msg: unknown, at: Date, meta: RequestMeta): Promise<RoadshowAnswer<{ poll: RoadshowPoll }>> {
  const parsed = parseMessage(PollOpenSchema, msg)
  if (!parsed.ok) return refuse('invalid', parsed.field)
  const { roadshowId, question, options, multiple } = parsed.data
  const itemId = parsed.data.itemId ?? null
  const access = await roadshowRoles(db, principal, roadshowId)
  if (!access || !phaseOf(access.facts.roadshow.status)) return refuse('not_found')
  if (!access.roles.organiser) return refuse('forbidden')
  if (itemId && !access.facts.items.some((i) => i.id === itemId)) return refuse('no_item', 'itemId')

  return db.transaction().execute(async (trx) => {
    const rs = await roadshowStatusShared(trx, roadshowId)
    const phase = rs ? phaseOf(rs.status) : null
    if (!phase) return refuse('not_found')
    if (phase === 'before') return refuse('not_live')
    if (phase === 'ended') return refuse('ended')
    const row = await insertPoll(trx, { roadshowId, itemId, question, options, multiple, createdBy: principal.userId, at })
    const poll = pollView(row, { counts: options.map(() => 0), voters: 0 })
    await publishRoadshow(trx, roadshowId, { kind: 'poll', payload: poll })
    await audit(
      trx,
      meta,
      principal.userId,
      'roadshow.poll.opened',
      { type: 'roadshow', id: roadshowId, orgId: access.facts.roadshow.org_id },
      {
        title: access.facts.roadshow.title,
        pollId: poll.id,
        question,
        options,
        multiple,
      }
    )
    return { ok: true as const, poll }
  })
}

export async function answer(
  db: Database,
  principal: Principal,
  msg: unknown,
  at: Date
): Promise<RoadshowAnswer<{ choices: number[]; counts: number[]; voters: number; duplicate?: true }>> {
  const parsed = parseMessage(PollAnswerSchema, msg)
  if (!parsed.ok) return refuse('invalid', parsed.field)
  const { roadshowId, pollId, choices } = parsed.data
  if (new Set(choices).size !== choices.length) return refuse('invalid', 'choices')
  const access = await roadshowRoles(db, principal, roadshowId)
  const phase = access ? phaseOf(access.facts.roadshow.status) : null
  if (!access || !phase) return refuse('not_found')
  if (!access.roles.participate) return participationRefusal(access.facts, principal.userId)
  if (phase === 'ended') return refuse('ended')
  if ((await silencedReason(db, roadshowId, principal.userId, at)) === 'removed') return refuse('removed')

  return db.transaction().execute(async (trx) => {
    const poll = await lockPoll(trx, roadshowId, pollId)
    if (!poll) return refuse('not_found', 'pollId')
    const n = poll.options.length
    const stored = await pollAnswerOf(trx, pollId, principal.userId)
    if (stored) return { ok: true as const, choices: stored, ...(await pollTally(trx, pollId, n)), duplicate: true as const }
    if (poll.closed_at) return refuse('poll_closed')
    if (choices.some((c) => c >= n) || (!poll.multiple && choices.length !== 1)) return refuse('invalid', 'choices')
    await insertPollAnswer(
      trx,
      pollId,
      principal.userId,
      [...choices].sort((a, b) => a - b),
      at
    )
    const tally = await pollTally(trx, pollId, n)
    await publishRoadshow(trx, roadshowId, { kind: 'poll_tally', payload: { id: pollId, ...tally } })
    return { ok: true as const, choices, ...tally }
  })
}

export async function close(
  db: Database,
  principal: Principal,
  msg: unknown,
  at: Date,
  meta: RequestMeta
): Promise<RoadshowAnswer<{ counts: number[]; voters: number }>> {
  const parsed = parseMessage(PollRefSchema, msg)
  if (!parsed.ok) return refuse('invalid', parsed.field)
  const { roadshowId, pollId } = parsed.data
  const access = await roadshowRoles(db, principal, roadshowId)
  if (!access || !phaseOf(access.facts.roadshow.status)) return refuse('not_found')
  if (!access.roles.organiser) return refuse('forbidden')

  return db.transaction().execute(async (trx) => {
    const poll = await lockPoll(trx, roadshowId, pollId)
    if (!poll) return refuse('not_found', 'pollId')
    const tally = await pollTally(trx, pollId, poll.options.length)
    if (poll.closed_at) return { ok: true as const, ...tally }
    await closePollRow(trx, pollId, at)
    await publishRoadshow(trx, roadshowId, { kind: 'poll_closed', payload: { id: pollId, ...tally, closedAt: at.toISOString() } })
    await audit(
      trx,
      meta,
      principal.userId,
      'roadshow.poll.closed',
      { type: 'roadshow', id: roadshowId, orgId: access.facts.roadshow.org_id },
      {
        title: access.facts.roadshow.title,
        pollId,
        question: poll.question,
        counts: tally.counts,
        voters: tally.voters,
      }
    )
    return { ok: true as const, ...tally }
  })
}

export const openPoll: SocketCommand = (db, p, msg, at, meta) => launch(db, p, msg, at, meta)
export const answerPoll: SocketCommand = (db, p, msg, at) => answer(db, p, msg, at)
export const closePoll: SocketCommand = (db, p, msg, at, meta) => close(db, p, msg, at, meta)
