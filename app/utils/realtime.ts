import { useEffect, useRef } from 'react'

// The browser's side of the realtime layer (ADR 021). A page subscribes to a
// room it may see (`deal:<id>`, `user:<id>`) and gets each stored event once,
// in sequence order, including those it missed while disconnected.
//
// Contract for pages (the transport lands separately): `onEvent` is called
// with every event after `afterSeq`, never twice, never out of order.

export interface ClientRoomEvent<P = Record<string, unknown>> {
  room: string
  seq: number
  kind: string
  payload: P
  at: string
}

export interface RoomOptions {
  /** The last sequence number the page already shows (from its loader); events after it are delivered. */
  afterSeq: number
  /** Off while false (e.g. before hydration or for anonymous viewers). */
  enabled?: boolean
}

/** Subscribes to `room` for the component's lifetime. */
export function useRoom<P = Record<string, unknown>>(room: string, onEvent: (e: ClientRoomEvent<P>) => void, opts: RoomOptions) {
  const handler = useRef(onEvent)
  useEffect(() => {
    handler.current = onEvent
  })
  useEffect(() => {
    if (opts.enabled === false) return
    // Transport not wired yet: pages keep working from their loaders.
    return () => {}
  }, [room, opts.enabled])
}
