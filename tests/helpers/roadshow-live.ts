import type { Database } from '../../db/index'
import { updateRoadshowItemLive, updateRoadshowLive } from '../../db/repos/roadshows'
import { publishRoadshow } from '../../server/roadshows/publish'

/**
 * Puts a scheduled roadshow into its live phase on `itemId` as the host's
 * start / next would (those are the live shell's commands): the rows and the
 * room events, in one transaction.
 */
export async function goLive(db: Database, roadshowId: string, itemId: string, at = new Date()) {
  await db.transaction().execute(async (trx) => {
    await updateRoadshowLive(trx, roadshowId, {
      status: 'live',
      startedAt: at,
      currentItemId: itemId,
    })
    await updateRoadshowItemLive(trx, itemId, { startedAt: at })
    await publishRoadshow(trx, roadshowId, {
      kind: 'started',
      payload: { startedAt: at.toISOString(), currentItemId: itemId },
    })
  })
}

/** Moves the live roadshow to `itemId` (the host's `next`). */
export async function moveTo(db: Database, roadshowId: string, itemId: string, at = new Date()) {
  await db.transaction().execute(async (trx) => {
    await updateRoadshowLive(trx, roadshowId, { currentItemId: itemId })
    await updateRoadshowItemLive(trx, itemId, { startedAt: at })
    await publishRoadshow(trx, roadshowId, {
      kind: 'item',
      payload: { currentItemId: itemId, startedAt: at.toISOString() },
    })
  })
}
