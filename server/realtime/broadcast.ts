import type { Server } from 'socket.io'
import type { Database } from '../../db/index'
import { roomEvent } from '../../db/repos/realtime'
import { loadPrincipal } from '../../db/repos/users'
import type { OutboxHandler } from '../platform/outbox-worker'
import { BROADCAST_KIND } from './publish'
import { mayJoinRoom } from './rooms'
import { toWireEvent } from './server'

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

export function broadcastHandler(db: Database, io: RoomEmitter): OutboxHandler {
  return async (payload: { room: string; seq: number }) => {
    const row = await roomEvent(db, payload.room, payload.seq)
    if (!row) return // pruned or never stored: a resync has nothing to send either
    // Someone left: their open sockets leave the room before anything more is sent to it.
    if (row.kind === MEMBERS_KIND) await evictLeavers(db, io, payload.room)
    // A roadshow's host removed someone (移出): only that person's sockets are asked about, not the whole audience.
    if (row.kind === SANCTION_KIND && payload.room.startsWith('roadshow:') && isRemoval(row.payload))
      await evictLeavers(db, io, payload.room, String((row.payload as { userId: unknown }).userId))
    io.to(payload.room).emit(EVENT, toWireEvent(payload.room, row))
  }
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
