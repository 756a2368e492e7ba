import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { RealtimeClient } from '../../app/utils/realtime-client'
import { createLogger } from '../../server/platform/logger'
import { drainBroadcasts, EMIT_BYTES, type RoomEmitter } from '../../server/realtime/broadcast'
import { publish, roomName } from '../../server/realtime/publish'
import { dealFromMatch } from '../helpers/deals'
import { connected, join, startRealtimeServer, until, type RealtimeTestServer } from '../helpers/realtime'
import { testDb } from '../helpers/worker-setup'

// The broadcast worker's batched drain (ADR 034) as a room's viewers notice it:
// a burst queued behind one event leaves in one drain, each room's events in
// sequence order, once; a failure holds back everything after it in its room
// (never sent past), and two workers draining one backlog still send each
// room's events once, in order.

const log = createLogger('silent')

/**
 * An emitter that records what each room was sent (seqs, and how many messages
 * carried them), and can be told to fail on one event (as an eviction check would).
 */
function recorder(failOn?: { room: string; seq: number }) {
  const sent = new Map<string, number[]>()
  const messages = new Map<string, number>()
  const io = {
    to: (room: string) => ({
      emit: (_event: string, e: { seq: number } | { seq: number }[]) => {
        const list = Array.isArray(e) ? e : [e]
        if (failOn && failOn.room === room && list.some((x) => x.seq === failOn.seq)) throw new Error('emit failed')
        sent.set(room, [...(sent.get(room) ?? []), ...list.map((x) => x.seq)])
        messages.set(room, (messages.get(room) ?? 0) + 1)
        return true
      },
    }),
    in: () => ({ fetchSockets: async () => [] }),
  } as unknown as RoomEmitter
  return { io, sent, messages }
}

const room = () => roomName('roadshow', randomUUID())
const burst = async (r: string, n: number) => {
  for (let i = 0; i < n; i++) await publish(testDb(), r, 'chat', { i })
}
const pending = async () =>
  Number(
    (
      await testDb()
        .selectFrom('outbox')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('kind', '=', 'broadcast')
        .where('done_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).n
  )

beforeEach(async () => {
  await testDb().updateTable('outbox').set({ done_at: new Date() }).where('done_at', 'is', null).execute()
})

describe('drainBroadcasts', () => {
  it('sends a busy room’s whole queue in one drain, in order, beside another room’s', async () => {
    const a = room()
    const b = room()
    await burst(a, 30)
    await burst(b, 3)
    await burst(a, 5)
    const { io, sent, messages } = recorder()
    expect(await drainBroadcasts(testDb(), io, log)).toBe(38)
    expect(sent.get(a)).toEqual(Array.from({ length: 35 }, (_, i) => i + 1))
    expect(sent.get(b)).toEqual([1, 2, 3])
    // One message per room: encoded once, one frame per socket.
    expect([messages.get(a), messages.get(b)]).toEqual([1, 1])
    expect(await pending()).toBe(0)
    expect(await drainBroadcasts(testDb(), io, log)).toBe(0)
  })

  it('splits a run too large for one adapter notification into messages that each fit, still in order', async () => {
    const a = room()
    for (let i = 0; i < 24; i++) await publish(testDb(), a, 'chat', { i, body: '路演问答'.repeat(100) })
    const { io, sent, messages } = recorder()
    expect(await drainBroadcasts(testDb(), io, log)).toBe(24)
    expect(sent.get(a)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1))
    // ≈ 1.3 KB each: a few per message, never one message over EMIT_BYTES (it would travel as an attachment and could be overtaken).
    expect(messages.get(a)).toBeGreaterThanOrEqual(Math.ceil((24 * 1_300) / EMIT_BYTES))
    expect(messages.get(a)).toBeLessThan(24)
  })

  it('takes at most its batch, and the next drain goes on where it stopped', async () => {
    const a = room()
    await burst(a, 12)
    const { io, sent } = recorder()
    expect(await drainBroadcasts(testDb(), io, log, 5)).toBe(5)
    expect(await drainBroadcasts(testDb(), io, log, 5)).toBe(5)
    expect(await drainBroadcasts(testDb(), io, log, 5)).toBe(2)
    expect(sent.get(a)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
  })

  it('sends before a members event, checks who leaves, and never sends past a failed check', async () => {
    const a = room()
    const b = room()
    await burst(a, 2)
    await publish(testDb(), a, 'members', {})
    await burst(a, 3)
    await burst(b, 2)
    // The check of who may stay fails (the database did not answer): seq 3 and after wait for the retry.
    const failing = recorder()
    failing.io.in = (() => ({ fetchSockets: async () => Promise.reject(new Error('check failed')) })) as never
    await drainBroadcasts(testDb(), failing.io, log)
    expect(failing.sent.get(a)).toEqual([1, 2])
    expect(failing.sent.get(b)).toEqual([1, 2])
    // Seq 3 is due only after its backoff; 4–6 are due but behind it.
    const { io, sent, messages } = recorder()
    expect(await drainBroadcasts(testDb(), io, log)).toBe(0)
    expect(sent.size).toBe(0)
    const rows = await testDb()
      .selectFrom('outbox')
      .select(['attempts', 'last_error', sql<number>`extract(epoch from available_at - now())::float8`.as('dueIn')])
      .where('kind', '=', 'broadcast')
      .where('done_at', 'is', null)
      .orderBy('id')
      .execute()
    expect(rows.map((r) => r.attempts)).toEqual([1, 0, 0, 0])
    expect(rows[0]!.last_error).toBe('check failed')
    expect(rows[0]!.dueIn).toBeGreaterThan(0)
    expect(rows.slice(1).every((r) => r.dueIn <= 0)).toBe(true)
    await testDb()
      .updateTable('outbox')
      .set({ available_at: sql`now()` })
      .where('done_at', 'is', null)
      .execute()
    expect(await drainBroadcasts(testDb(), io, log)).toBe(4)
    expect(sent.get(a)).toEqual([3, 4, 5, 6])
    expect(messages.get(a)).toBe(1)
  })

  it('two workers draining one backlog send each room’s events once, in order', async () => {
    const rooms = [room(), room(), room()]
    for (let round = 0; round < 10; round++) for (const r of rooms) await burst(r, 2)
    const { io, sent } = recorder()
    const worker = async () => {
      while ((await drainBroadcasts(testDb(), io, log, 4)) > 0) {
        /* keep draining */
      }
    }
    await Promise.all([worker(), worker(), worker()])
    for (const r of rooms) expect(sent.get(r)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(await pending()).toBe(0)
  })
})

describe('a page’s client', () => {
  let srv: RealtimeTestServer | undefined
  afterAll(async () => {
    await srv?.close()
  })

  it('gets a run sent as one message event by event, in order, once', async () => {
    srv = await startRealtimeServer()
    const world = await dealFromMatch(testDb())
    const dealRoom = roomName('deal', world.dealId)
    const cookie = await srv.login(world.ent.user.email, world.ent.user.password)
    const socket = srv.client(cookie)
    const client = new RealtimeClient(socket)
    await connected(socket)
    const start = await publish(testDb(), dealRoom, 'message', { text: 'before' })
    const texts: unknown[] = []
    const seqs: number[] = []
    client.subscribe(dealRoom, start, (e) => {
      seqs.push(e.seq)
      texts.push(e.payload.text)
    })
    expect((await join(socket, dealRoom, start)).ok).toBe(true)
    let runs = 0
    socket.on('events', () => runs++)
    // Five events in one commit: the worker finds them queued together.
    await testDb()
      .transaction()
      .execute(async (trx) => {
        for (let i = 1; i <= 5; i++) await publish(trx, dealRoom, 'message', { text: `第${i}条` })
      })
    await until(() => seqs.length >= 5, 10_000, 'the five events')
    await new Promise((r) => setTimeout(r, 300))
    expect(seqs).toEqual([1, 2, 3, 4, 5].map((i) => start + i))
    expect(texts).toEqual([1, 2, 3, 4, 5].map((i) => `第${i}条`))
    expect(runs).toBe(1)
    socket.disconnect()
  })
})
