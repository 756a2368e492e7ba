import type { Executor } from '../../db/index'
import { roomEventsAfter } from '../../db/repos/realtime'
import type { RoadshowChatLine, RoadshowEvent, RoadshowPoll, RoadshowQuestion, RoadshowScoreResult } from './live-events'
import { roadshowRoom } from './publish'

// The replay's timeline (ADR 033): the room's stored events read in pages, in
// order, grouped by the agenda item that was on when they happened. What the
// audience saw at the end is what the replay shows: hidden chat lines and
// hidden questions are left out, a question carries its final vote count and
// answered mark, a poll its final tally. Moderation (mutes, removals) is the
// host's business and is not replayed.

const PAGE = 2_000
/** A safety net for a pathological log; a real session is far below it. */
const MAX_EVENTS = 200_000

export type HostAction = 'started' | 'item' | 'qa_open' | 'qa_close' | 'pinned' | 'unpinned' | 'ended'

export type ReplayEntry =
  | { kind: 'host'; seq: number; at: string; action: HostAction; itemId: string | null; body: string | null }
  | { kind: 'chat'; seq: number; at: string; line: RoadshowChatLine }
  | { kind: 'question'; seq: number; at: string; question: RoadshowQuestion }
  | { kind: 'poll'; seq: number; at: string; poll: RoadshowPoll }
  | { kind: 'score'; seq: number; at: string; itemId: string; result: RoadshowScoreResult }

export interface ReplaySection {
  /** null: before the first item (the opening and advance questions) or not tied to an item. */
  itemId: string | null
  entries: ReplayEntry[]
}

export interface RoadshowTimeline {
  sections: ReplaySection[]
  /** Visible chat lines in the whole session. */
  chatLines: number
  questions: RoadshowQuestion[]
  polls: RoadshowPoll[]
  scores: Record<string, RoadshowScoreResult>
  lastSeq: number
}

interface Raw {
  seq: number
  at: string
  ev: RoadshowEvent
}

/** Every stored event of the roadshow's room, oldest first, read a page at a time. */
async function readAll(db: Executor, roadshowId: string) {
  const room = roadshowRoom(roadshowId)
  const out: Raw[] = []
  let after = 0
  for (;;) {
    const rows = await roomEventsAfter(db, room, after, PAGE)
    for (const r of rows) out.push({ seq: Number(r.seq), at: new Date(r.created_at).toISOString(), ev: { kind: r.kind, payload: r.payload } as RoadshowEvent })
    if (rows.length < PAGE || out.length >= MAX_EVENTS) break
    after = Number(rows[rows.length - 1]!.seq)
  }
  return out
}

/** Pure: the timeline of a list of events (tests feed it directly). */
export function buildTimeline(events: Raw[]): RoadshowTimeline {
  const hiddenChat = new Set<string>()
  const hiddenQuestions = new Set<string>()
  const questions = new Map<string, RoadshowQuestion>()
  const polls = new Map<string, RoadshowPoll>()
  const scores: Record<string, RoadshowScoreResult> = {}
  // First pass: final values (votes, answers, tallies, what was taken down).
  for (const { ev } of events) {
    switch (ev.kind) {
      case 'chat_hidden':
        for (const id of ev.payload.ids) hiddenChat.add(id)
        break
      case 'question':
        questions.set(ev.payload.id, { ...questions.get(ev.payload.id), ...ev.payload })
        break
      case 'question_votes': {
        const q = questions.get(ev.payload.id)
        if (q) questions.set(q.id, { ...q, votes: ev.payload.votes })
        break
      }
      case 'question_answered': {
        const q = questions.get(ev.payload.id)
        if (q) questions.set(q.id, { ...q, answeredAt: ev.payload.answeredAt })
        break
      }
      case 'question_hidden':
        hiddenQuestions.add(ev.payload.id)
        break
      case 'poll':
        polls.set(ev.payload.id, { ...ev.payload })
        break
      case 'poll_tally':
      case 'poll_closed': {
        const p = polls.get(ev.payload.id)
        if (p) polls.set(p.id, { ...p, ...ev.payload })
        break
      }
      case 'scoring_closed':
        scores[ev.payload.itemId] = ev.payload.result
        break
      default:
        break
    }
  }

  // Second pass: entries in order, each in the section of the item on at the time.
  const sections: ReplaySection[] = []
  const byItem = new Map<string | null, ReplaySection>()
  const section = (itemId: string | null) => {
    let s = byItem.get(itemId)
    if (!s) {
      s = { itemId, entries: [] }
      byItem.set(itemId, s)
      sections.push(s)
    }
    return s
  }
  let current: string | null = null
  let chatLines = 0
  const seenQuestion = new Set<string>()
  const seenPoll = new Set<string>()
  for (const { seq, at, ev } of events) {
    const host = (action: HostAction, itemId: string | null, body: string | null = null) =>
      section(current).entries.push({ kind: 'host', seq, at, action, itemId, body })
    switch (ev.kind) {
      case 'started':
        // The opening belongs to the first item's section, where the replay of the session begins.
        current = ev.payload.currentItemId
        host('started', current)
        break
      case 'item':
        current = ev.payload.currentItemId
        host('item', current)
        break
      case 'qa':
        host(ev.payload.open ? 'qa_open' : 'qa_close', ev.payload.itemId)
        break
      case 'pinned':
        if (ev.payload.pin && hiddenChat.has(ev.payload.pin.id)) break
        host(ev.payload.pin ? 'pinned' : 'unpinned', null, ev.payload.pin?.body ?? null)
        break
      case 'ended':
        host('ended', null)
        break
      case 'chat':
        if (hiddenChat.has(ev.payload.id)) break
        chatLines++
        section(current).entries.push({ kind: 'chat', seq, at, line: ev.payload })
        break
      case 'question': {
        const q = questions.get(ev.payload.id)
        if (!q || hiddenQuestions.has(q.id) || seenQuestion.has(q.id)) break
        seenQuestion.add(q.id)
        // An advance question waits in the opening section; a live one sits with its item.
        section(q.advance ? null : q.itemId ?? current).entries.push({ kind: 'question', seq, at, question: q })
        break
      }
      case 'poll': {
        const p = polls.get(ev.payload.id)
        if (!p || seenPoll.has(p.id)) break
        seenPoll.add(p.id)
        section(p.itemId ?? current).entries.push({ kind: 'poll', seq, at, poll: p })
        break
      }
      case 'scoring_closed':
        section(ev.payload.itemId).entries.push({ kind: 'score', seq, at, itemId: ev.payload.itemId, result: ev.payload.result })
        break
      default:
        break
    }
  }
  return {
    sections,
    chatLines,
    questions: [...questions.values()].filter((q) => !hiddenQuestions.has(q.id)),
    polls: [...polls.values()],
    scores,
    lastSeq: events.length ? events[events.length - 1]!.seq : 0,
  }
}

/** The timeline of a roadshow from its stored events. */
export async function roadshowTimeline(db: Executor, roadshowId: string) {
  return buildTimeline(await readAll(db, roadshowId))
}
