import type { RoadshowAnswer } from '../../../server/roadshows/answers'
import type { RoadshowLiveState } from '../../../server/roadshows/live-events'
import type { ViewerLive } from '../../../server/roadshows/live-snapshot'
import type { AgendaItem, RoadshowHead } from '../../../server/roadshows/view-types'

// The props every part of the live panel gets from <LiveRoadshow/> (ADR 033).

/** Sends a socket command (`roadshow:…`) and resolves with its answer ({ok:false, reason:'unavailable'} when no answer came). */
export type RoadshowSend = <T extends object = object>(event: string, msg: Record<string, unknown>) => Promise<RoadshowAnswer<T>>

export interface PanelProps {
  roadshow: RoadshowHead
  items: AgendaItem[]
  state: RoadshowLiveState
  viewer: ViewerLive
  send: RoadshowSend
  /** The viewer marks what they did (a vote, a poll answer, a score, an intent) once its command was answered ok. */
  markViewer: (change: Partial<ViewerLive>) => void
}
