import type { Database } from '../../db/index'
import { updateRoadshowItemLive, updateRoadshowLive } from '../../db/repos/roadshows'
import { publishRoadshow } from '../../server/roadshows/publish'

// Moves a test roadshow through the host's states the way the host's actions
// do (rows and events in one transaction), without the host service: the Q&A
// and poll tests put a session where they need it.

export async function goLive(db: Database, roadshowId: string, itemId: string, at = new Date()) {
  await db.transaction().execute(async (trx) => {
    await updateRoadshowLive(trx, roadshowId, { status: 'live', startedAt: at, currentItemId: itemId })
    await updateRoadshowItemLive(trx, itemId, { startedAt: at })
    await publishRoadshow(trx, roadshowId, { kind: 'started', payload: { startedAt: at.toISOString(), currentItemId: itemId } })
  })
}

export async function setQa(db: Database, roadshowId: string, itemId: string, open: boolean) {
  await db.transaction().execute(async (trx) => {
    await updateRoadshowItemLive(trx, itemId, { qaOpen: open })
    await publishRoadshow(trx, roadshowId, { kind: 'qa', payload: { itemId, open } })
  })
}

export async function endRoadshow(db: Database, roadshowId: string, at = new Date()) {
  await db.transaction().execute(async (trx) => {
    await updateRoadshowLive(trx, roadshowId, { status: 'ended', endedAt: at })
    await publishRoadshow(trx, roadshowId, { kind: 'ended', payload: { endedAt: at.toISOString() } })
  })
}
