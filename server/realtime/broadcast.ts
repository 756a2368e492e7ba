import type { Server } from 'socket.io'
import type { Database } from '../../db/index'
import { markOutboxFailed } from '../../db/repos/outbox'
import { claimBroadcastRuns, markOutboxDoneMany, releaseOutbox, type BroadcastRow } from '../../db/repos/outbox-broadcast'
import { roomEvent, roomEventsByKey } from '../../db/repos/realtime'
import { loadPrincipal } from '../../db/repos/users'
import type { Logger } from '../platform/logger'
import { backoffSeconds, type OutboxHandler } from '../platform/outbox-worker'
import { BROADCAST_KIND } from './publish'
import { mayJoinRoom } from './rooms'
import { toWireEvent, type WireEvent } from './server'

// The outbox's `broadcast` rows (queued by publish() inside the change's
// transaction, so they exist only once it committed) become socket.io emits to
// the room, on every process through the PostgreSQL adapter (ADR 021). The event
// is read from the store, so what is sent live is what a resync would send.

/** The serving Server or the primary's emitter: `to(room).emit`, and `in(room).fetchSockets()` across processes. */
export type RoomEmitter = Pick<Server, 'to' | 'in'>

export const EVENT = 'event'
/** The deal-room event kind that says its membership changed (docs ISSUE-8: offer, stage, members, terms). */
export const MEMBERS_KIND = 'members'
/** The roadshow event kind that mutes, removes or lifts (server/roadshows/live-events.ts). */
export const SANCTION_KIND = 'sanction'

const isRemoval = (p: unknown) => typeof p === 'object' && p !== null && (p as { sanction?: unknown }).sanction === 'remove'

/**
 * Several of one room's events in one message, oldest first (ADR 034): a room's
 * queued run leaves as one frame per socket instead of one per event. The
 * client handles each as if it came alone (app/utils/realtime-client.ts).
 */
export const EVENTS = 'events'

type StoredEvent = { seq: number; kind: string; payload: unknown; created_at: Date }

/**
 * Who must leave the room before this event (and anything after it) is sent:
 * a deal's `members` change asks about everyone in the room; a roadshow's
 * removal (移出) only about the removed person, not the whole audience.
 */
function evictionBefore(room: string, row: StoredEvent): { only?: string } | null {
  if (row.kind === MEMBERS_KIND) return {}
  if (row.kind === SANCTION_KIND && room.startsWith('roadshow:') && isRemoval(row.payload)) return { only: String((row.payload as { userId: unknown }).userId) }
  return null
}

/** One stored event to its room, after whatever must happen before anything more is sent to it. */
async function sendEvent(db: Database, io: RoomEmitter, room: string, row: StoredEvent) {
  const evict = evictionBefore(room, row)
  if (evict) await evictLeavers(db, io, room, evict.only)
  io.to(room).emit(EVENT, toWireEvent(room, row))
}

/**
 * Bytes of events per message, so it travels inside the adapter's NOTIFY: a
 * larger one (over 8,000 bytes with its envelope) goes as an attachment the
 * receiving process reads back first, and a small message sent after it would
 * overtake it there — every viewer would then see a gap and resync.
 */
export const EMIT_BYTES = 6_000

/** A room's events in order: alone as `event`, several as `events` (encoded once for every socket), split to stay under EMIT_BYTES. */
function emitRun(io: RoomEmitter, room: string, rows: StoredEvent[]) {
  let batch: WireEvent[] = []
  let bytes = 0
  const send = () => {
    if (batch.length === 1) io.to(room).emit(EVENT, batch[0]!)
    else if (batch.length > 1) io.to(room).emit(EVENTS, batch)
    batch = []
    bytes = 0
  }
  for (const r of rows) {
    const e = toWireEvent(room, r)
    // A lone event cannot be split: only a run is measured (socket.io serialises it again to send it).
    const size = rows.length > 1 ? Buffer.byteLength(JSON.stringify(e)) : 0
    if (batch.length && bytes + size > EMIT_BYTES) send()
    batch.push(e)
    bytes += size
  }
  send()
}

/** One broadcast row at a time (the generic outbox worker's way; tests and tools that drain by hand). */
export function broadcastHandler(db: Database, io: RoomEmitter): OutboxHandler {
  return async (payload: { room: string; seq: number }) => {
    const row = await roomEvent(db, payload.room, payload.seq)
    if (!row) return // pruned or never stored: a resync has nothing to send either
    await sendEvent(db, io, payload.room, row)
  }
}

/** Rows claimed per drain: a busy room's backlog leaves in one claim, one read and one update (ADR 034). */
export const BROADCAST_BATCH = 200

/**
 * The broadcast worker's drain (ADR 034): claims each ready room's run of
 * queued broadcasts at once, reads their events in one query, sends each room's
 * in sequence order as one `events` message (rooms side by side; split where an
 * event needs evictions first), and marks them done in one update. A
 * failure (an eviction that could not be checked) stops its room there: that
 * row is retried with backoff and the rows behind it wait for it, unclaimed.
 * Returns how many rows were claimed.
 */
export async function drainBroadcasts(db: Database, io: RoomEmitter, log: Logger, limit = BROADCAST_BATCH) {
  const rows = await claimBroadcastRuns(db, limit, 120)
  if (rows.length === 0) return 0
  const stored = await roomEventsByKey(db, rows.map((r) => r.payload))
  const byKey = new Map(stored.map((e) => [`${Number(e.seq)}@${e.room}`, e]))
  const rooms = new Map<string, BroadcastRow[]>()
  for (const r of rows) rooms.set(r.payload.room, [...(rooms.get(r.payload.room) ?? []), r])
  const done: number[] = []
  await Promise.all(
    [...rooms].map(async ([room, run]) => {
      // Events go out together until one needs evictions first: those happen between two emits.
      let pending: { id: number; row: StoredEvent | undefined }[] = []
      const flush = () => {
        emitRun(io, room, pending.flatMap((p) => (p.row ? [p.row] : [])))
        done.push(...pending.map((p) => p.id))
        pending = []
      }
      for (const [i, r] of run.entries()) {
        // Undefined: pruned or never stored — a resync has nothing to send either.
        const row = byKey.get(`${r.payload.seq}@${room}`)
        try {
          const evict = row ? evictionBefore(room, row) : null
          if (evict) {
            flush()
            await evictLeavers(db, io, room, evict.only)
          }
          pending.push({ id: r.id, row })
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err)
          const retryIn = backoffSeconds(r.attempts)
          log.warn({ outboxId: r.id, kind: 'broadcast', room, attempts: r.attempts, retryIn, err: message }, 'outbox item failed')
          await markOutboxFailed(db, r.id, message, retryIn)
          await releaseOutbox(db, run.slice(i + 1).map((x) => x.id))
          return
        }
      }
      flush()
    }),
  )
  await markOutboxDoneMany(db, done)
  return rows.length
}

/**
 * Every socket in `room`, on every process, whose user may no longer join it
 * (asked of the same function as a join) is taken out of it. A failure throws,
 * so the outbox retries the broadcast rather than send past a removal.
 */
export async function evictLeavers(db: Database, io: RoomEmitter, room: string, onlyUserId?: string) {
  const sockets = await io.in(room).fetchSockets()
  const byUser = new Map<string, typeof sockets>()
  for (const s of sockets) {
    const userId = String(s.data?.userId ?? '')
    if (onlyUserId !== undefined && userId !== onlyUserId) continue
    byUser.set(userId, [...(byUser.get(userId) ?? []), s])
  }
  for (const [userId, list] of byUser) {
    const principal = userId ? await loadPrincipal(db, userId) : null
    if (!principal || !(await mayJoinRoom(db, principal, room))) list.forEach((s) => s.leave(room))
  }
}

export { BROADCAST_KIND }
