import type { Executor } from '../../db/index'
import { appendRoomEvent } from '../../db/repos/realtime'
import { enqueueOutbox } from '../../db/repos/outbox'

// The only way anything reaches a socket (ADR 021): inside the transaction of
// the change, the event is stored under the room's next sequence number and an
// outbox row asks for its broadcast. The outbox delivers after commit (never
// before), retries on failure, and a client that missed a broadcast asks for
// the stored events after the last number it saw.

/** Rooms: `deal:<id>`, `user:<id>`; later `auction:<id>`, `roadshow:<id>`. */
export type RoomKind = 'deal' | 'user' | 'auction' | 'roadshow'
export const roomName = (kind: RoomKind, id: string) => `${kind}:${id}`

export const BROADCAST_KIND = 'broadcast'

export interface RoomEvent<P = unknown> {
  room: string
  seq: number
  kind: string
  payload: P
  at: string
}

/** Stores an event for `room` and queues its broadcast; returns its sequence number. */
export async function publish(trx: Executor, room: string, kind: string, payload: Record<string, unknown>) {
  const seq = await appendRoomEvent(trx, room, kind, payload)
  await enqueueOutbox(trx, BROADCAST_KIND, { room, seq })
  return seq
}
