import type { Executor } from '../../db/index'
import { roomEventsAfter } from '../../db/repos/realtime'
import { emptyLiveState, foldRoadshowEvents, type RoadshowLiveState } from './live-events'
import { roadshowRoom } from './publish'

// The live state of a roadshow as the server knows it (ADR 033): the room's
// stored events folded in order. Each process keeps the last state it folded
// per room and only reads what came after it, so 5,000 page loads of one
// session cost one query each for the few new events, not a replay each.

const cache = new Map<string, RoadshowLiveState>()
const MAX_ROOMS = 200
const PAGE = 2_000

/** The state after every event stored so far (its `seq` is the last one folded in). */
export async function roadshowLiveState(db: Executor, roadshowId: string): Promise<RoadshowLiveState> {
  const room = roadshowRoom(roadshowId)
  let state = cache.get(room) ?? emptyLiveState()
  for (;;) {
    const rows = await roomEventsAfter(db, room, state.seq, PAGE)
    state = foldRoadshowEvents(
      rows.map((r) => ({
        seq: Number(r.seq),
        kind: r.kind,
        payload: r.payload,
      })),
      state
    )
    if (rows.length < PAGE) break
  }
  if (!cache.has(room) && cache.size >= MAX_ROOMS) cache.delete(cache.keys().next().value as string)
  cache.set(room, state)
  return state
}

/** Forgets the folded state (a test that resets the database, or an event rewritten by moderation). */
export function forgetRoadshowLiveState(roadshowId?: string) {
  if (roadshowId) cache.delete(roadshowRoom(roadshowId))
  else cache.clear()
}
