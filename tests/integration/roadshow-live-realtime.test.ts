import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Socket } from 'socket.io-client'
import { sendChat } from '../../server/roadshows/chat'
import { hostAction } from '../../server/roadshows/host'
import { roadshowLiveState } from '../../server/roadshows/live-state'
import { moderate } from '../../server/roadshows/moderation'
import { flushPresence, publishPresence } from '../../server/roadshows/presence'
import { roadshowRoom } from '../../server/roadshows/publish'
import { testMeta } from '../helpers/factories'
import { connected, join, startRealtimeServer, until, type RealtimeTestServer } from '../helpers/realtime'
import { scheduledRoadshow } from '../helpers/roadshows'
import { testDb } from '../helpers/worker-setup'

// The live shell over real sockets (ADR 033): the audience is counted from the
// rooms the serving process holds and published only when it changes, and a
// removed viewer's open sockets stop receiving the session at once.

let srv: RealtimeTestServer
beforeAll(async () => {
  srv = await startRealtimeServer()
})
afterAll(async () => {
  await srv?.close()
})

async function watcher(email: string, password: string, room: string) {
  const s = srv.client(await srv.login(email, password))
  await connected(s)
  expect((await join(s, room, 0)).ok).toBe(true)
  const seen: { kind: string; payload: Record<string, unknown> }[] = []
  s.on('event', (e: { kind: string; payload: Record<string, unknown> }) => seen.push(e))
  // A room's queued run arrives as one `events` message (ADR 034).
  s.on('events', (list: { kind: string; payload: Record<string, unknown> }[]) => seen.push(...list))
  return { s, seen }
}

describe('presence', () => {
  it('counts the people in the room (once however many tabs), publishes only changes, and drops those who left once their heartbeat is stale', async () => {
    const db = testDb()
    const w = await scheduledRoadshow(db, { viewers: 2 })
    const room = roadshowRoom(w.roadshowId)
    await hostAction(db, w.host.principal, { roadshowId: w.roadshowId, action: 'start' }, new Date(), testMeta)
    const [a, b] = w.viewers as [(typeof w.viewers)[0], (typeof w.viewers)[0]]
    const tabA1 = await watcher(a.user.email, a.user.password, room)
    const tabA2 = await watcher(a.user.email, a.user.password, room)
    const tabB = await watcher(b.user.email, b.user.password, room)

    const t0 = new Date()
    await flushPresence(db, t0)
    expect(await publishPresence(db, t0)).toBeGreaterThanOrEqual(1)
    expect((await roadshowLiveState(db, w.roadshowId)).presence).toEqual({ current: 2, peak: 2, byItem: { [w.itemIds[0]!]: 2 } })
    await until(() => tabB.seen.some((e) => e.kind === 'presence'), 10_000, 'the presence event to reach a viewer')
    // Nothing changed: nothing is published.
    const seq = (await roadshowLiveState(db, w.roadshowId)).seq
    await flushPresence(db, t0)
    await publishPresence(db, t0)
    expect((await roadshowLiveState(db, w.roadshowId)).seq).toBe(seq)

    // B leaves and A closes one of two tabs: once B's last heartbeat is stale, one person watches; the peak stays.
    tabB.s.disconnect()
    tabA2.s.disconnect()
    await until(() => !tabB.s.connected, 5_000, 'B to disconnect')
    await new Promise((r) => setTimeout(r, 200))
    const later = new Date(t0.getTime() + 31_000)
    await flushPresence(db, later)
    await publishPresence(db, later)
    expect((await roadshowLiveState(db, w.roadshowId)).presence).toMatchObject({ current: 1, peak: 2 })
    const viewers = await db.selectFrom('roadshow_item_viewers').select('user_id').where('item_id', '=', w.itemIds[0]!).execute()
    expect(viewers.map((v) => v.user_id).sort()).toEqual([a.user.id, b.user.id].sort())
    const row = await db.selectFrom('roadshows').select('peak_audience').where('id', '=', w.roadshowId).executeTakeFirstOrThrow()
    expect(row.peak_audience).toBe(2)
    tabA1.s.disconnect()
  })
})

describe('removal', () => {
  it("takes a removed viewer's sockets out of the room: they see nothing more and cannot join again", async () => {
    const db = testDb()
    const w = await scheduledRoadshow(db, { viewers: 2 })
    const room = roadshowRoom(w.roadshowId)
    await hostAction(db, w.host.principal, { roadshowId: w.roadshowId, action: 'start' }, new Date(), testMeta)
    const [a, b] = w.viewers as [(typeof w.viewers)[0], (typeof w.viewers)[0]]
    const stays = await watcher(a.user.email, a.user.password, room)
    const removed: { s: Socket; seen: { kind: string; payload: Record<string, unknown> }[] } = await watcher(b.user.email, b.user.password, room)
    await sendChat(db, b.principal, { roadshowId: w.roadshowId, body: '刷屏广告', key: 'x1' }, new Date(), testMeta)
    await until(() => removed.seen.some((e) => e.kind === 'chat'), 10_000, "B's own line to reach B")

    expect(await moderate(db, w.host.principal, { roadshowId: w.roadshowId, action: 'remove', userId: b.user.id }, new Date(), testMeta)).toMatchObject({
      ok: true,
    })
    await sendChat(db, a.principal, { roadshowId: w.roadshowId, body: '继续讨论', key: 'y1' }, new Date(), testMeta)
    await until(() => stays.seen.some((e) => e.payload.body === '继续讨论'), 10_000, 'the remaining viewer to receive')
    // The hidden lines reach those who stay.
    expect(stays.seen.some((e) => e.kind === 'chat_hidden')).toBe(true)
    await new Promise((r) => setTimeout(r, 300))
    expect(removed.seen.some((e) => e.payload.body === '继续讨论')).toBe(false)
    expect(await join(removed.s, room, 0)).toEqual({ ok: false, error: 'not_found' })
    stays.s.disconnect()
    removed.s.disconnect()
  })
})
