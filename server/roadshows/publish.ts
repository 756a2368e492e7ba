import type { Executor } from '../../db/index'
import { publish, roomName } from '../realtime/publish'
import type { RoadshowEvent } from './live-events'

// Every live change of a roadshow goes out through here (ADR 033): typed by
// RoadshowEvent, stored under the room's next number inside the caller's
// transaction, broadcast by the outbox after commit.

export const roadshowRoom = (roadshowId: string) => roomName('roadshow', roadshowId)

export function publishRoadshow(trx: Executor, roadshowId: string, event: RoadshowEvent) {
  return publish(trx, roadshowRoom(roadshowId), event.kind, event.payload as unknown as Record<string, unknown>)
}
