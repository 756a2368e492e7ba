import type { Database } from '../../db/index'
import { roomEvent } from '../../db/repos/realtime'
import type { OutboxHandler } from '../platform/outbox-worker'
import { BROADCAST_KIND } from './publish'
import { toWireEvent } from './server'

// The outbox's `broadcast` rows (queued by publish() inside the change's
// transaction, so they exist only once it committed) become socket.io emits to
// the room, on every process through the PostgreSQL adapter (ADR 021). The event
// is read from the store, so what is sent live is what a resync would send.

/** Anything with socket.io's `to(room).emit(...)`: the serving Server or the primary's emitter. */
export interface RoomEmitter {
  to(room: string): { emit(event: string, ...args: unknown[]): boolean }
}

export const EVENT = 'event'

export function broadcastHandler(db: Database, io: RoomEmitter): OutboxHandler {
  return async (payload: { room: string; seq: number }) => {
    const row = await roomEvent(db, payload.room, payload.seq)
    if (!row) return // pruned or never stored: a resync has nothing to send either
    io.to(payload.room).emit(EVENT, toWireEvent(payload.room, row))
  }
}

export { BROADCAST_KIND }
