import { useEffect, useRef, useState } from 'react'
import { io } from 'socket.io-client'
import { RealtimeClient, type ClientRoomEvent } from './realtime-client'

// The browser's side of the realtime layer (ADR 021). A page subscribes to a
// room it may see (`deal:<id>`, `user:<id>`) and gets each stored event once,
// in sequence order, including those it missed while disconnected.
//
// Contract for pages: `onEvent` is called with every event after `afterSeq`,
// never twice, never out of order. One websocket per page carries every room
// (app/utils/realtime-client.ts); it reconnects by itself and then asks for
// what it missed. A room the viewer may not see simply stays silent.

export type { ClientRoomEvent }

export interface RoomOptions {
  /** The last sequence number the page already shows (from its loader); events after it are delivered. */
  afterSeq: number
  /** Off while false (e.g. before hydration or for anonymous viewers). */
  enabled?: boolean
}

let shared: RealtimeClient | null = null
let idle: ReturnType<typeof setTimeout> | undefined

/** The page's one connection: same origin, websocket only, the session cookie goes with the handshake. */
function client() {
  clearTimeout(idle)
  if (!shared) shared = new RealtimeClient(io({ path: '/socket.io/', transports: ['websocket'], autoConnect: false }))
  return shared
}

/** Closes the socket a while after the last room was left (a navigation usually subscribes again at once). */
function releaseLater() {
  clearTimeout(idle)
  idle = setTimeout(() => {
    if (shared && shared.size === 0) {
      shared.socket.disconnect()
      shared = null
    }
  }, 5_000)
}

/** Subscribes to `room` for the component's lifetime. */
export function useRoom<P = Record<string, unknown>>(room: string, onEvent: (e: ClientRoomEvent<P>) => void, opts: RoomOptions) {
  const handler = useRef(onEvent)
  const afterSeq = useRef(opts.afterSeq)
  useEffect(() => {
    handler.current = onEvent
    afterSeq.current = opts.afterSeq
  })
  useEffect(() => {
    if (opts.enabled === false || typeof window === 'undefined') return
    // Starts from the page's last seq when (re)subscribing; later values come through the events themselves.
    const unsubscribe = client().subscribe(room, afterSeq.current, (e) => handler.current(e as ClientRoomEvent<P>))
    return () => {
      unsubscribe()
      releaseLater()
    }
  }, [room, opts.enabled])
}

/**
 * Sends a command over the page's socket and resolves with the server's ack;
 * rejects when none came within `timeoutMs` (the message may still have been
 * handled: retry with the same idempotency key). Sent once connected if the
 * socket is down right now.
 */
export function emitWithAck<A = unknown>(event: string, payload?: unknown, timeoutMs = 8_000): Promise<A> {
  const c = client()
  if (!c.socket.active) c.socket.connect()
  const args = payload === undefined ? [] : [payload]
  return c.socket.timeout(timeoutMs).emitWithAck(event, ...args) as Promise<A>
}

/** Whether the page's socket is connected, and a count of (re)connections (for re-syncing what depends on it, e.g. the clock). */
export function useRealtimeStatus(enabled = true) {
  const [status, setStatus] = useState({ connected: false, connections: 0 })
  useEffect(() => {
    if (!enabled || typeof window === 'undefined') return
    const socket = client().socket
    const up = () => setStatus((s) => ({ connected: true, connections: s.connections + 1 }))
    const down = () => setStatus((s) => ({ ...s, connected: false }))
    if (socket.connected) up()
    socket.on('connect', up)
    socket.on('disconnect', down)
    return () => {
      socket.off('connect', up)
      socket.off('disconnect', down)
      releaseLater()
    }
  }, [enabled])
  return status
}
