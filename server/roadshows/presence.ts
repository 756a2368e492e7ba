import type { Database } from '../../db/index'
import { insertItemViewers, liveCurrentItems, liveRoadshowIds, lockPresence, presenceFigures, upsertHeartbeats } from '../../db/repos/roadshow-presence'
import { updateRoadshowItemLive, updateRoadshowLive } from '../../db/repos/roadshows'
import { roadshowLiveState } from './live-state'
import { roadshowRulesOn } from './policy'
import { publishRoadshow } from './publish'

// Who is watching a roadshow (ADR 033), cheap at thousands of viewers:
// - each serving process counts the sockets in its `roadshow:<id>` rooms in
//   memory (the socket.io adapter's join-room / leave-room, so a join, a leave,
//   a disconnect and an eviction all count) — never a query per join;
// - every few seconds it writes one batch of heartbeats for everyone it holds
//   and records them as viewers of each session's current item;
// - a periodic job (any process; one at a time per session) counts the fresh
//   heartbeats and publishes `presence` only when a figure changed, keeping the
//   session's and the item's peak on their rows.

const PREFIX = 'roadshow:'

/** roadshowId → socket id → user id, for this process's sockets. */
const watching = new Map<string, Map<string, string>>()

export function presenceJoined(room: string, socketId: string, userId: string) {
  if (!room.startsWith(PREFIX) || !userId) return
  const id = room.slice(PREFIX.length)
  let sockets = watching.get(id)
  if (!sockets) watching.set(id, (sockets = new Map()))
  sockets.set(socketId, userId)
}

export function presenceLeft(room: string, socketId: string) {
  if (!room.startsWith(PREFIX)) return
  const id = room.slice(PREFIX.length)
  const sockets = watching.get(id)
  if (!sockets) return
  sockets.delete(socketId)
  if (sockets.size === 0) watching.delete(id)
}

/** The people this process holds per roadshow (a person with several tabs once). */
export function watchersHere(): Map<string, string[]> {
  return new Map([...watching].map(([id, sockets]) => [id, [...new Set(sockets.values())]]))
}

/** Writes this process's heartbeats and item viewers; answers how many heartbeats. */
export async function flushPresence(db: Database, at = new Date()) {
  const here = watchersHere()
  if (here.size === 0) return 0
  const live = await liveCurrentItems(db, [...here.keys()])
  const rows = live.flatMap((r) => (here.get(r.id) ?? []).map((userId) => ({ roadshowId: r.id, userId })))
  await upsertHeartbeats(db, rows, at)
  for (const r of live) if (r.current_item_id) await insertItemViewers(db, r.current_item_id, here.get(r.id) ?? [], at)
  return rows.length
}

/** How often a process writes heartbeats: well inside the freshness window. */
export function heartbeatIntervalMs(at = new Date()) {
  return Math.max(1_000, Math.min(10_000, (roadshowRulesOn(at).presenceFreshSeconds * 1000) / 3))
}

/** Publishes `presence` for every live roadshow whose figures changed; answers how many were published. */
export async function publishPresence(db: Database, at = new Date()) {
  const since = new Date(at.getTime() - roadshowRulesOn(at).presenceFreshSeconds * 1000)
  let published = 0
  for (const roadshowId of await liveRoadshowIds(db)) {
    const did = await db.transaction().execute(async (trx) => {
      await lockPresence(trx, roadshowId)
      const f = await presenceFigures(trx, roadshowId, since)
      if (!f || f.status !== 'live') return false
      const peak = Math.max(f.peak_audience, f.current)
      const itemPeak = f.current_item_id ? Math.max(f.item_peak ?? 0, f.current) : 0
      const shown = (await roadshowLiveState(trx, roadshowId)).presence
      const same = shown.current === f.current && shown.peak === peak && (!f.current_item_id || shown.byItem[f.current_item_id] === itemPeak)
      if (same) return false
      if (peak !== f.peak_audience) await updateRoadshowLive(trx, roadshowId, { peakAudience: peak })
      if (f.current_item_id && itemPeak !== (f.item_peak ?? 0))
        await updateRoadshowItemLive(trx, f.current_item_id, {
          peakAudience: itemPeak,
        })
      await publishRoadshow(trx, roadshowId, {
        kind: 'presence',
        payload: {
          current: f.current,
          peak,
          itemId: f.current_item_id,
          itemPeak,
        },
      })
      return true
    })
    if (did) published++
  }
  return published
}

/** Follows the rooms of a socket.io namespace's adapter and writes heartbeats until stopped. */
export function trackPresence(
  adapter: {
    on(event: 'join-room' | 'leave-room', fn: (room: string, id: string) => void): unknown
  },
  userOf: (socketId: string) => string | undefined,
  db: Database,
  onError: (err: unknown) => void
) {
  adapter.on('join-room', (room, id) => {
    const userId = userOf(id)
    if (userId) presenceJoined(room, id, userId)
  })
  adapter.on('leave-room', (room, id) => presenceLeft(room, id))
  const timer = setInterval(() => void flushPresence(db).catch(onError), heartbeatIntervalMs())
  timer.unref?.()
  return { stop: () => clearInterval(timer) }
}
