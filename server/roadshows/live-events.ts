// The live record of a roadshow (ADR 033). Every change during a session is an
// event in the room `roadshow:<id>` (stored with the room's next sequence
// number in the change's own transaction, then broadcast — ADR 021). The state
// a page shows is these events folded in order by `applyRoadshowEvent`, the
// same pure function on the server (snapshot for a page load, replay, report)
// and in the browser (live events, and what a reconnect fetched). Payloads
// carry absolute values (a question's vote count, a poll's tally), never
// increments, so applying an event twice changes nothing.
// Pure: no database, no React; imported by app/ and server/.

export interface RoadshowChatLine {
  id: string
  userId: string
  name: string
  orgName: string | null
  body: string
  at: string
}

export interface RoadshowQuestion {
  id: string
  /** null: about the session as a whole. */
  itemId: string | null
  userId: string
  name: string
  orgName: string | null
  body: string
  votes: number
  advance: boolean
  answeredAt: string | null
  at: string
}

export interface RoadshowPoll {
  id: string
  itemId: string | null
  question: string
  options: string[]
  multiple: boolean
  /** Answers per option (a multiple-choice answer counts in each option chosen). */
  counts: number[]
  /** People who answered. */
  voters: number
  openedAt: string
  closedAt: string | null
}

/** An item's judged result, public once the host closed its scoring. Points are 0..100 with two decimals (centi). */
export interface RoadshowScoreResult {
  judges: number
  /** True when the highest and lowest totals were dropped (five judges or more). */
  dropped: boolean
  finalCenti: number
  /** Mean per criterion over the judges counted, in centi-points (0..10000 = 0..100). */
  byCriterion: Record<string, number>
}

export interface RoadshowPin {
  id: string
  body: string
  name: string
}

export type RoadshowEvent =
  | {
      kind: 'started'
      payload: { startedAt: string; currentItemId: string | null }
    }
  | { kind: 'item'; payload: { currentItemId: string; startedAt: string } }
  | { kind: 'qa'; payload: { itemId: string; open: boolean } }
  | { kind: 'pinned'; payload: { pin: RoadshowPin | null } }
  | { kind: 'ended'; payload: { endedAt: string } }
  | { kind: 'chat'; payload: RoadshowChatLine }
  /** Lines taken down by the host (one hidden, or all of a removed person's). */
  | { kind: 'chat_hidden'; payload: { ids: string[] } }
  | {
      kind: 'sanction'
      payload: {
        userId: string
        sanction: 'mute' | 'remove' | 'lifted'
        until: string | null
      }
    }
  | { kind: 'question'; payload: RoadshowQuestion }
  | { kind: 'question_votes'; payload: { id: string; votes: number } }
  | { kind: 'question_answered'; payload: { id: string; answeredAt: string } }
  | { kind: 'question_hidden'; payload: { id: string } }
  | { kind: 'poll'; payload: RoadshowPoll }
  | {
      kind: 'poll_tally'
      payload: { id: string; counts: number[]; voters: number }
    }
  | {
      kind: 'poll_closed'
      payload: {
        id: string
        counts: number[]
        voters: number
        closedAt: string
      }
    }
  /** How many judges have scored an item (never their scores before the close). */
  | { kind: 'score_count'; payload: { itemId: string; judges: number } }
  | {
      kind: 'scoring_closed'
      payload: { itemId: string; result: RoadshowScoreResult }
    }
  /** How many organisations registered intent for an item (who and what only reach the owner and manager). */
  | { kind: 'intent_count'; payload: { itemId: string; count: number } }
  | {
      kind: 'presence'
      payload: {
        current: number
        peak: number
        itemId: string | null
        itemPeak: number
      }
    }

export type RoadshowEventKind = RoadshowEvent['kind']

export interface RoadshowLiveState {
  /** The last event folded in: a page subscribes to the room after it. */
  seq: number
  phase: 'before' | 'live' | 'ended'
  startedAt: string | null
  endedAt: string | null
  currentItemId: string | null
  itemStartedAt: string | null
  /** Items whose Q&A is open. */
  qaOpen: string[]
  pinned: RoadshowPin | null
  /** The newest CHAT_KEEP lines, oldest first. */
  chat: RoadshowChatLine[]
  sanctions: Record<string, { sanction: 'mute' | 'remove'; until: string | null }>
  /** Visible questions, most votes first (ties: earliest first). */
  questions: RoadshowQuestion[]
  polls: RoadshowPoll[]
  scoring: Record<string, { judges: number; result: RoadshowScoreResult | null }>
  intents: Record<string, number>
  presence: { current: number; peak: number; byItem: Record<string, number> }
}

export const CHAT_KEEP = 200

export function emptyLiveState(): RoadshowLiveState {
  return {
    seq: 0,
    phase: 'before',
    startedAt: null,
    endedAt: null,
    currentItemId: null,
    itemStartedAt: null,
    qaOpen: [],
    pinned: null,
    chat: [],
    sanctions: {},
    questions: [],
    polls: [],
    scoring: {},
    intents: {},
    presence: { current: 0, peak: 0, byItem: {} },
  }
}

const byVotes = (a: RoadshowQuestion, b: RoadshowQuestion) => b.votes - a.votes || a.at.localeCompare(b.at) || a.id.localeCompare(b.id)

function upsert<T extends { id: string }>(list: T[], item: T): T[] {
  const i = list.findIndex((x) => x.id === item.id)
  if (i < 0) return [...list, item]
  const copy = list.slice()
  copy[i] = item
  return copy
}

function patch<T extends { id: string }>(list: T[], id: string, change: Partial<T>): T[] {
  return list.map((x) => (x.id === id ? { ...x, ...change } : x))
}

/** The state after one more event. Events at or below `state.seq` are ignored (already folded in). */
export function applyRoadshowEvent(state: RoadshowLiveState, e: { seq: number; kind: string; payload: unknown }): RoadshowLiveState {
  if (e.seq <= state.seq) return state
  const next = { ...state, seq: e.seq }
  const ev = { kind: e.kind, payload: e.payload } as RoadshowEvent
  switch (ev.kind) {
    case 'started':
      return {
        ...next,
        phase: 'live',
        startedAt: ev.payload.startedAt,
        currentItemId: ev.payload.currentItemId,
        itemStartedAt: ev.payload.currentItemId ? ev.payload.startedAt : null,
      }
    case 'item':
      return {
        ...next,
        phase: 'live',
        currentItemId: ev.payload.currentItemId,
        itemStartedAt: ev.payload.startedAt,
      }
    case 'qa': {
      const others = next.qaOpen.filter((id) => id !== ev.payload.itemId)
      return {
        ...next,
        qaOpen: ev.payload.open ? [...others, ev.payload.itemId] : others,
      }
    }
    case 'pinned':
      return { ...next, pinned: ev.payload.pin }
    case 'ended':
      return {
        ...next,
        phase: 'ended',
        endedAt: ev.payload.endedAt,
        qaOpen: [],
      }
    case 'chat':
      return { ...next, chat: upsert(next.chat, ev.payload).slice(-CHAT_KEEP) }
    case 'chat_hidden': {
      const hidden = new Set(ev.payload.ids)
      return {
        ...next,
        chat: next.chat.filter((l) => !hidden.has(l.id)),
        pinned: next.pinned && hidden.has(next.pinned.id) ? null : next.pinned,
      }
    }
    case 'sanction': {
      const sanctions = { ...next.sanctions }
      if (ev.payload.sanction === 'lifted') delete sanctions[ev.payload.userId]
      else
        sanctions[ev.payload.userId] = {
          sanction: ev.payload.sanction,
          until: ev.payload.until,
        }
      return { ...next, sanctions }
    }
    case 'question':
      return {
        ...next,
        questions: upsert(next.questions, ev.payload).sort(byVotes),
      }
    case 'question_votes':
      return {
        ...next,
        questions: patch(next.questions, ev.payload.id, {
          votes: ev.payload.votes,
        }).sort(byVotes),
      }
    case 'question_answered':
      return {
        ...next,
        questions: patch(next.questions, ev.payload.id, {
          answeredAt: ev.payload.answeredAt,
        }),
      }
    case 'question_hidden':
      return {
        ...next,
        questions: next.questions.filter((q) => q.id !== ev.payload.id),
      }
    case 'poll':
      return { ...next, polls: upsert(next.polls, ev.payload) }
    case 'poll_tally':
      return {
        ...next,
        polls: patch(next.polls, ev.payload.id, {
          counts: ev.payload.counts,
          voters: ev.payload.voters,
        }),
      }
    case 'poll_closed':
      return {
        ...next,
        polls: patch(next.polls, ev.payload.id, {
          counts: ev.payload.counts,
          voters: ev.payload.voters,
          closedAt: ev.payload.closedAt,
        }),
      }
    case 'score_count': {
      const prev = next.scoring[ev.payload.itemId]
      return {
        ...next,
        scoring: {
          ...next.scoring,
          [ev.payload.itemId]: {
            judges: ev.payload.judges,
            result: prev?.result ?? null,
          },
        },
      }
    }
    case 'scoring_closed':
      return {
        ...next,
        scoring: {
          ...next.scoring,
          [ev.payload.itemId]: {
            judges: ev.payload.result.judges,
            result: ev.payload.result,
          },
        },
      }
    case 'intent_count':
      return {
        ...next,
        intents: { ...next.intents, [ev.payload.itemId]: ev.payload.count },
      }
    case 'presence': {
      const byItem = ev.payload.itemId ? { ...next.presence.byItem, [ev.payload.itemId]: ev.payload.itemPeak } : next.presence.byItem
      return {
        ...next,
        presence: {
          current: ev.payload.current,
          peak: ev.payload.peak,
          byItem,
        },
      }
    }
    default:
      // An event kind this build does not know (a newer server): its number is taken, nothing else changes.
      return next
  }
}

export function foldRoadshowEvents(events: Iterable<{ seq: number; kind: string; payload: unknown }>, from = emptyLiveState()) {
  let s = from
  for (const e of events) s = applyRoadshowEvent(s, e)
  return s
}

/** Whether `userId` may not chat or ask at `now` (muted until a time, muted for the session, or removed). */
export function isSilenced(state: Pick<RoadshowLiveState, 'sanctions'>, userId: string, now: Date) {
  const s = state.sanctions[userId]
  if (!s) return false
  return s.sanction === 'remove' || s.until === null || new Date(s.until) > now
}
