import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAdapter } from '@socket.io/postgres-adapter'
import pg from 'pg'
import { Server } from 'socket.io'
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FANOUT_SLICE, pacedFanout } from '../../server/realtime/fanout'
import { testDbUrl } from '../helpers/worker-setup'

// The paced fan-out (ADR 035) as the room's sockets and the process notice it:
// two serving processes and an emitter-only one (the cluster's primary) share
// the PostgreSQL adapter; every socket gets every broadcast once and in order,
// whichever process emitted it; a broadcast to more sockets than a slice
// leaves the process free for other I/O between slices; and an idle websocket
// gets the frame written once, not a packet through engine.io.

const PER_SERVER = FANOUT_SLICE + 50
const EVENTS = 12
const pools: pg.Pool[] = []
const servers: Server[] = []
const clients: ClientSocket[] = []

function adapter() {
  const pool = new pg.Pool({ connectionString: testDbUrl(), max: 3 })
  pools.push(pool)
  return pacedFanout(createAdapter(pool))
}

async function servingProcess() {
  const http = createServer()
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  const io = new Server(http, { adapter: adapter(), transports: ['websocket'], perMessageDeflate: false })
  io.on('connection', (s) => void s.join('room'))
  servers.push(io)
  return { io, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` }
}

/** Connects `n` clients that record the seqs they receive, in arrival order. */
async function viewers(url: string, n: number) {
  const seen: number[][] = []
  await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const c = connectClient(url, { transports: ['websocket'], forceNew: true })
      clients.push(c)
      seen[i] = []
      c.on('event', (e: { seq: number }) => seen[i]!.push(e.seq))
      return new Promise<void>((r) => c.once('connect', () => r()))
    }),
  )
  return seen
}

let a: Awaited<ReturnType<typeof servingProcess>>
let b: Awaited<ReturnType<typeof servingProcess>>
let primary: Server
let seenA: number[][]
let seenB: number[][]

beforeAll(async () => {
  a = await servingProcess()
  b = await servingProcess()
  primary = new Server({ adapter: adapter(), serveClient: false })
  seenA = await viewers(a.url, PER_SERVER)
  seenB = await viewers(b.url, PER_SERVER)
  // Every process sees both rooms filled before anything is sent.
  await until(async () => (await primary.in('room').fetchSockets()).length === 2 * PER_SERVER, 20_000)
}, 60_000)

afterAll(async () => {
  clients.forEach((c) => c.disconnect())
  await Promise.resolve(primary.of('/').adapter.close()) // no HTTP server: its adapter is all there is to close
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))))
  await Promise.all(pools.map((p) => p.end().catch(() => {})))
})

/** Waits until `check` holds (it may ask the cluster, hence async). */
async function until(check: () => boolean | Promise<boolean>, timeoutMs: number) {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

const inOrder = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

describe('paced fan-out', () => {
  it('brings every broadcast of the emitter-only process to every socket of both serving processes once, in order', async () => {
    for (let seq = 1; seq <= EVENTS; seq++) primary.to('room').emit('event', { seq })
    const all = [...seenA, ...seenB]
    await until(() => all.every((s) => s.length >= EVENTS), 20_000)
    for (const s of all) expect(s).toEqual(inOrder(1, EVENTS))
  })

  it('writes a serving process’s own broadcast in slices, leaving the process free in between, and still reaches the other process', async () => {
    const written = { n: 0, whenOtherWorkRan: -1 }
    for (const s of a.io.of('/').sockets.values())
      s.onAnyOutgoing(() => {
        // Other work queued during the first slice (as a database answer would be) runs before the next slice.
        if (written.n++ === 0) setImmediate(() => (written.whenOtherWorkRan = written.n))
      })
    a.io.to('room').emit('event', { seq: EVENTS + 1 })
    await until(() => written.whenOtherWorkRan >= 0, 5_000)
    expect(written.whenOtherWorkRan).toBe(FANOUT_SLICE)
    await until(() => written.n === PER_SERVER, 5_000)
    const all = [...seenA, ...seenB]
    await until(() => all.every((s) => s.length === EVENTS + 1), 20_000)
    for (const s of all) expect(s).toEqual(inOrder(1, EVENTS + 1))
  })

  it('writes the frame straight to an idle websocket instead of queuing a packet in engine.io per socket', async () => {
    let packets = 0
    for (const s of b.io.of('/').sockets.values()) s.conn.on('packetCreate', (p: { type: string }) => p.type === 'message' && packets++)
    primary.to('room').emit('event', { seq: EVENTS + 2 })
    await until(() => seenB.every((s) => s.length === EVENTS + 2), 20_000)
    // Only a socket engine.io was still busy writing to goes through it (none should be, between quiet broadcasts).
    expect(packets).toBeLessThan(PER_SERVER / 10)
  })
})
