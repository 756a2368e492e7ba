import { useRevalidator } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { RoadshowSend } from '~/components/roadshows/panel-types'
import type { RoadshowAnswer } from '../../server/roadshows/answers'
import { applyRoadshowEvent, type RoadshowLiveState } from '../../server/roadshows/live-events'
import type { LiveSnapshot, ViewerLive } from '../../server/roadshows/live-snapshot'
import { emitWithAck, useRealtimeStatus, useRoom } from './realtime'

// The roadshow page's live state in the browser (ADR 033): the loader's
// snapshot first, then every event of room `roadshow:<id>` after its seq,
// folded by the same pure function as on the server. Participants hold a
// socket; anyone else (anonymous, or watching a session they may not take part
// in) has none, and the page asks the loader again every 15 s while the
// session is not over.

/** How long a command waits for its answer before the page says "unavailable" (the same key may be sent again). */
export const COMMAND_TIMEOUT_MS = 8_000
const WATCH_REVALIDATE_MS = 15_000

export function useRoadshowLive(roadshowId: string, snapshot: LiveSnapshot) {
  const [state, setState] = useState<RoadshowLiveState>(snapshot.state)
  const [viewer, setViewer] = useState<ViewerLive>(snapshot.viewer)
  const [seen, setSeen] = useState(snapshot)
  // A newer snapshot (a revalidation) replaces the fold unless the socket already carried us further.
  if (seen !== snapshot) {
    setSeen(snapshot)
    setState((s) => (snapshot.state.seq >= s.seq ? snapshot.state : s))
    setViewer(snapshot.viewer)
  }
  const socketed = snapshot.viewer.userId !== null && snapshot.viewer.roles.participate

  useRoom(`roadshow:${roadshowId}`, (e) => setState((s) => applyRoadshowEvent(s, e)), { afterSeq: state.seq, enabled: socketed })
  const connection = useRealtimeStatus(socketed)

  const revalidator = useRevalidator()
  const revalidate = useRef(revalidator.revalidate)
  useEffect(() => {
    revalidate.current = revalidator.revalidate
  })
  const polling = !socketed && state.phase !== 'ended'
  useEffect(() => {
    if (!polling) return
    const timer = setInterval(() => revalidate.current(), WATCH_REVALIDATE_MS)
    return () => clearInterval(timer)
  }, [polling])

  const send: RoadshowSend = useCallback(async <T extends object = object>(event: string, msg: Record<string, unknown>) => {
    try {
      const answer = await emitWithAck<RoadshowAnswer<T>>(event, msg, COMMAND_TIMEOUT_MS)
      return answer && typeof answer === 'object' && 'ok' in answer ? answer : ({ ok: false, reason: 'unavailable' } as const)
    } catch {
      return { ok: false, reason: 'unavailable' } as const
    }
  }, []) as RoadshowSend
  const markViewer = useCallback((change: Partial<ViewerLive>) => setViewer((v) => ({ ...v, ...change })), [])

  return { state, viewer, send, markViewer, connection, socketed }
}
