import { io as connectClient, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ClientRoomEvent } from '../../app/utils/realtime-client'
import { removeDealMember } from '../../db/repos/deals'
import { publish, roomName } from '../../server/realtime/publish'
import { SOCKET_PATH } from '../../server/realtime/server'
import { dealFromMatch } from '../helpers/deals'
import { connected, join, until } from '../helpers/realtime'
import { startServerProcess, type ServerProcess } from '../helpers/server-process'
import { testDb, testDbUrl } from '../helpers/worker-setup'

// Several app processes behave as one (ADR 021): two installations of the
// compiled server (each a primary that runs the outbox and a worker that serves)
// on one database. An event committed once reaches members connected to either;
// the primary that sends it has no sockets at all, so every delivery crosses a
// process boundary through @socket.io/postgres-adapter.

let a: ServerProcess
let b: ServerProcess

beforeAll(async () => {
  ;[a, b] = await Promise.all([startServerProcess(testDbUrl()), startServerProcess(testDbUrl())])
}, 120_000)

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()])
})

async function login(url: string, email: string, password: string) {
  const res = await fetch(`${url}/login`, { method: 'POST', body: new URLSearchParams({ email, password }), headers: { origin: url }, redirect: 'manual' })
  if (res.status !== 302) throw new Error(`login failed: ${res.status}`)
  return res.headers.get('set-cookie')!.split(';')[0]!
}

function client(url: string, cookie: string): Socket {
  return connectClient(url, { path: SOCKET_PATH, transports: ['websocket'], extraHeaders: { cookie } })
}

it('delivers an event committed once to members connected to either process', async () => {
  const world = await dealFromMatch(testDb())
  const room = roomName('deal', world.dealId)
  // One session (signed in through A) is good on B too: sessions live in the database.
  const entCookie = await login(a.url, world.ent.user.email, world.ent.user.password)
  const uniCookie = await login(b.url, world.uni.user.email, world.uni.user.password)
  const onA = client(a.url, entCookie)
  const onB = client(b.url, entCookie)
  const uniOnB = client(b.url, uniCookie)
  const sockets = [onA, onB, uniOnB]
  try {
    await Promise.all(sockets.map(connected))
    for (const s of sockets) expect((await join(s, room)).ok).toBe(true)
    const got = new Map<Socket, ClientRoomEvent[]>(sockets.map((s) => [s, []]))
    sockets.forEach((s) => s.on('event', (e: ClientRoomEvent) => got.get(s)!.push(e)))

    // Each adapter LISTENs a moment after its process starts: publish a warm-up every half second until
    // every client has seen one, then check one event on all of them.
    const warmUp = setInterval(() => void publish(testDb(), room, 'message', { text: 'warm-up' }), 500)
    try {
      await until(() => sockets.every((s) => got.get(s)!.length > 0), 30_000, 'the adapters to carry a first event')
    } finally {
      clearInterval(warmUp)
    }
    await new Promise((r) => setTimeout(r, 300))
    sockets.forEach((s) => (got.get(s)!.length = 0))
    const sent = await publish(testDb(), room, 'message', { text: '两个进程' })
    await until(() => sockets.every((s) => got.get(s)!.some((e) => e.seq === sent)), 10_000, 'the event on both processes')
    for (const s of sockets) expect(got.get(s)!.find((e) => e.seq === sent)!.payload).toEqual({ text: '两个进程' })

    // A removal reaches across processes too: the researcher's socket on B leaves the room.
    await testDb()
      .transaction()
      .execute(async (trx) => {
        await removeDealMember(trx, world.dealId, world.uni.user.id)
        await publish(trx, room, 'members', {})
      })
    const after = await publish(testDb(), room, 'message', { text: 'after removal' })
    await until(() => [onA, onB].every((s) => got.get(s)!.some((e) => e.seq === after)), 15_000, 'the remaining member on both processes')
    await new Promise((r) => setTimeout(r, 300))
    expect(got.get(uniOnB)!.filter((e) => e.seq >= after - 1).map((e) => [e.seq, e.kind])).toEqual([])
  } finally {
    sockets.forEach((s) => s.disconnect())
  }
}, 60_000)
