import type { Executor } from '../../db/index'
import { judgeScores, viewerIntentItems, viewerPollAnswers, viewerVotes } from '../../db/repos/roadshow-viewer'
import type { Principal } from '../identity/principal'
import type { RoadshowRoles } from './access'
import type { RoadshowLiveState } from './live-events'
import { roadshowLiveState } from './live-state'

// What a roadshow page needs to run its live panel (ADR 033): the shared state
// (folded events, with the sequence number to subscribe after) and what this
// viewer already did, so the page marks their votes, answers and scores.

export interface ViewerLive {
  userId: string | null
  roles: RoadshowRoles
  /** Question ids the viewer voted for. */
  votes: string[]
  /** Poll id → the options the viewer chose. */
  pollAnswers: Record<string, number[]>
  /** Item id → the judge's own scores (judges only). */
  scores: Record<string, { scores: Record<string, number>; comment: string; totalCenti: number }>
  /** Items the viewer's organisations registered intent for. */
  intents: string[]
}

export interface LiveSnapshot {
  state: RoadshowLiveState
  viewer: ViewerLive
}

export async function liveSnapshot(db: Executor, viewer: Principal | null, roadshowId: string, roles: RoadshowRoles): Promise<LiveSnapshot> {
  const state = await roadshowLiveState(db, roadshowId)
  if (!viewer)
    return {
      state,
      viewer: {
        userId: null,
        roles,
        votes: [],
        pollAnswers: {},
        scores: {},
        intents: [],
      },
    }
  const orgIds = viewer.memberships.filter((m) => m.orgStatus === 'verified').map((m) => m.orgId)
  const [votes, pollAnswers, scores, intents] = await Promise.all([
    viewerVotes(db, roadshowId, viewer.userId),
    viewerPollAnswers(db, roadshowId, viewer.userId),
    roles.judge ? judgeScores(db, roadshowId, viewer.userId) : Promise.resolve({}),
    viewerIntentItems(db, roadshowId, orgIds),
  ])
  return {
    state,
    viewer: {
      userId: viewer.userId,
      roles,
      votes,
      pollAnswers,
      scores,
      intents,
    },
  }
}
