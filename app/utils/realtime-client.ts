import type { Socket } from 'socket.io-client'

// The transport under useRoom (ADR 021), free of React so tests drive it with a
// real socket.io-client in Node. One socket per page carries every room.
//
// Each subscription keeps the last sequence number it delivered and:
// - asks for what it missed (`join` {room, afterSeq: last}) when it starts and
//   after every reconnect; the answer holds the stored events in order;
// - delivers a live event only if it is the next one (seq = last + 1), drops
//   one it already has (seq ≤ last) and, on a gap (seq > last + 1), keeps it and
//   asks for the missing ones first — so a page sees every event once, in order.

export interface ClientRoomEvent<P = Record<string, unknown>> {
  room: string
  seq: number
  kind: string
  payload: P
  at: string
}

type JoinAnswer = { ok: true; events: ClientRoomEvent[]; more: boolean } | { ok: false; error: string }

interface Subscription {
  room: string
  last: number
  onEvent: (e: ClientRoomEvent) => void
  syncing: boolean
  /** Live events that came ahead of a missing one, by sequence number. */
  ahead: Map<number, ClientRoomEvent>
  /** The server answered not_found: a room this user may not see (or none). Nothing more is asked. */
  refused: boolean
  closed: boolean
  retry?: ReturnType<typeof setTimeout>
}

const JOIN_TIMEOUT_MS = 10_000
const RETRY_MS = 2_000

export class RealtimeClient {
  private subs = new Set<Subscription>()

  constructor(readonly socket: Socket) {
    socket.on('connect', () => this.subs.forEach((s) => this.sync(s)))
    socket.on('event', (e: ClientRoomEvent) => this.arrived(e))
    // A room's queued run in one message (ADR 034): each in turn, as if it came alone.
    socket.on('events', (list: ClientRoomEvent[]) => {
      if (Array.isArray(list)) list.forEach((e) => this.arrived(e))
    })
  }

  /** Delivers `room`'s events after `afterSeq` to `onEvent`; returns the unsubscribe function. */
  subscribe(room: string, afterSeq: number, onEvent: (e: ClientRoomEvent) => void): () => void {
    const sub: Subscription = { room, last: afterSeq, onEvent, syncing: false, ahead: new Map(), refused: false, closed: false }
    this.subs.add(sub)
    if (this.socket.connected) this.sync(sub)
    else if (!this.socket.active) this.socket.connect()
    return () => {
      sub.closed = true
      clearTimeout(sub.retry)
      this.subs.delete(sub)
      if (![...this.subs].some((s) => s.room === room) && this.socket.connected) this.socket.emit('leave', room)
    }
  }

  private arrived(e: ClientRoomEvent) {
    if (!e || typeof e.room !== 'string' || typeof e.seq !== 'number') return
    this.subs.forEach((s) => s.room === e.room && this.receive(s, e))
  }

  /** Subscriptions still open (the page-wide socket closes when none are left). */
  get size() {
    return this.subs.size
  }

  private deliver(sub: Subscription, e: ClientRoomEvent) {
    if (sub.closed || e.seq !== sub.last + 1) return
    sub.last = e.seq
    try {
      sub.onEvent(e)
    } catch (err) {
      console.error(err)
    }
  }

  /** Hands over the kept-ahead events that are now next in line; true if some are still waiting on a gap. */
  private drainAhead(sub: Subscription) {
    for (const seq of [...sub.ahead.keys()]) if (seq <= sub.last) sub.ahead.delete(seq)
    let next = sub.ahead.get(sub.last + 1)
    while (next) {
      sub.ahead.delete(next.seq)
      this.deliver(sub, next)
      next = sub.ahead.get(sub.last + 1)
    }
    return sub.ahead.size > 0
  }

  private receive(sub: Subscription, e: ClientRoomEvent) {
    if (sub.refused || e.seq <= sub.last) return // a duplicate (or a room we were refused)
    if (e.seq === sub.last + 1 && !sub.syncing) {
      this.deliver(sub, e)
      if (this.drainAhead(sub)) this.sync(sub)
      return
    }
    sub.ahead.set(e.seq, e)
    if (!sub.syncing) this.sync(sub) // a gap: fetch the missing ones first
  }

  /** Asks for the events after `last` (a join; repeating one is harmless). */
  private sync(sub: Subscription) {
    if (sub.closed || sub.refused || sub.syncing || !this.socket.connected) return
    sub.syncing = true
    clearTimeout(sub.retry)
    this.socket.timeout(JOIN_TIMEOUT_MS).emit('join', { room: sub.room, afterSeq: sub.last }, (err: Error | null, answer: JoinAnswer) => {
      sub.syncing = false
      if (sub.closed) return
      if (err || !answer) {
        sub.retry = setTimeout(() => this.sync(sub), RETRY_MS)
        return
      }
      if (!answer.ok) {
        sub.refused = true
        sub.ahead.clear()
        return
      }
      for (const e of answer.events) if (e.seq > sub.last) this.deliver(sub, e)
      const waiting = this.drainAhead(sub)
      if (answer.more || waiting) this.sync(sub)
    })
  }
}
