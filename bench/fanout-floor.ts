// bench:fanout-floor — what fan-out costs on this machine with no application
// at all, so bench:roadshow's figures can be read against it (ADR 035). One
// process broadcasts an event of a roadshow chat line's size to BENCH_VIEWERS
// (5,000) socket.io-client viewers held in BENCH_CLIENT_PROCS (2) processes on
// the same cores, at BENCH_RATE (8) events/s with random (Poisson) gaps, for
// BENCH_SECONDS (15): first through socket.io's own broadcast, then as one
// pre-encoded frame written to each raw TCP socket (the least any server can
// do). Prints receipt latency p50/p95/p99 and the CPU per event of server and
// viewers. Each viewer's receipt is timed when its client handed it over.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server } from 'socket.io'
import { io } from 'socket.io-client'
import { load, sleep } from './bench-kit'

const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 5000)
const PROCS = Number(process.env.BENCH_CLIENT_PROCS ?? 2)
const RATE = Number(process.env.BENCH_RATE ?? 8)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15)
const cpuMs = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
type Msg = { type: string; [k: string]: any }
const once = (c: { on(e: 'message', f: (m: Msg) => void): unknown; off(e: 'message', f: (m: Msg) => void): unknown }, type: string) =>
  new Promise<Msg>((r) => {
    const f = (m: Msg) => {
      if (m.type === type) {
        c.off('message', f)
        r(m)
      }
    }
    c.on('message', f)
  })

/** A chat line as the roadshow sends it, stamped with the send time. */
const chatEvent = (seq: number) => ({
  room: 'roadshow:00000000-0000-4000-8000-000000000000',
  seq,
  kind: 'chat',
  payload: { id: '00000000-0000-4000-8000-000000000001', userId: '00000000-0000-4000-8000-000000000002', name: '观众1', orgName: '某某科技有限公司', body: '弹幕 bench p0-12-3', at: new Date().toISOString() },
  at: new Date().toISOString(),
  t: performance.timeOrigin + performance.now(),
})

async function viewerProcess() {
  const [url, n] = [process.argv[3]!, Number(process.argv[4])]
  const lat: number[] = []
  let open = 0
  for (let i = 0; i < n; i++) {
    const s = io(url, { transports: ['websocket'] })
    s.on('connect', () => open++)
    s.on('event', (e: { t: number }) => lat.push(performance.timeOrigin + performance.now() - e.t))
    if (i % 100 === 99) await sleep(20)
  }
  while (open < n) await sleep(50)
  process.send!({ type: 'ready' })
  let c0 = cpuMs()
  process.on('message', (m: Msg) => {
    if (m.type === 'reset') {
      c0 = cpuMs()
      lat.length = 0
    } else if (m.type === 'report') process.send!({ type: 'report', cpu: cpuMs() - c0, lat })
    else if (m.type === 'stop') process.exit(0)
  })
}

/** A websocket text frame, unmasked (as a server sends it). */
function textFrame(data: Buffer) {
  const n = data.length
  const head = n < 126 ? Buffer.from([0x81, n]) : Buffer.from([0x81, 126, n >> 8, n & 255])
  if (n > 65535) throw new Error('the floor bench sends small events only')
  return Buffer.concat([head, data])
}

/**
 * A socket.io server on a free port; `emit` broadcasts one event to every viewer,
 * through socket.io's broadcast or as one frame written to each raw TCP socket.
 */
async function startFloorServer(mode: 'socket.io' | 'frame') {
  const http = createServer()
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  const server = new Server(http, { transports: ['websocket'], perMessageDeflate: false })
  server.on('connection', (s) => void s.join('room'))
  const tcp = (s: unknown) => (s as { conn: { transport: { socket: { _socket: { write(b: Buffer): void } } } } }).conn.transport.socket._socket
  return {
    url,
    count: () => server.of('/').sockets.size,
    emit: (seq: number) => {
      if (mode === 'socket.io') return void server.to('room').emit('event', chatEvent(seq))
      const frame = textFrame(Buffer.from(`42${JSON.stringify(['event', chatEvent(seq)])}`))
      for (const s of server.of('/').sockets.values()) tcp(s).write(frame)
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

async function measure(mode: 'socket.io' | 'frame') {
  const server = await startFloorServer(mode)
  const self = fileURLToPath(import.meta.url)
  const clients = Array.from({ length: PROCS }, () => fork(self, ['viewers', server.url, String(Math.ceil(VIEWERS / PROCS))], { execArgv: ['--import', 'tsx'] }))
  await Promise.all(clients.map((c) => once(c, 'ready')))
  await sleep(1000)
  clients.forEach((c) => c.send({ type: 'reset' }))
  const c0 = cpuMs()
  const end = performance.now() + SECONDS * 1000
  let events = 0
  while (performance.now() < end) {
    server.emit(++events)
    await sleep(-Math.log(1 - Math.random()) * (1000 / RATE))
  }
  const serverCpu = cpuMs() - c0
  await sleep(2000)
  const reports = await Promise.all(clients.map((c) => (c.send({ type: 'report' }), once(c, 'report'))))
  const lat = reports.flatMap((r) => r.lat as number[]).sort((a, b) => a - b)
  const clientCpu = reports.reduce((n, r) => n + r.cpu, 0)
  console.log(
    `  ${mode.padEnd(10)} ${events} events to ${server.count()} viewers: receipt ms p50 ${pct(lat, 0.5).toFixed(1)}  p95 ${pct(lat, 0.95).toFixed(1)}  p99 ${pct(lat, 0.99).toFixed(1)}  (${lat.length} of ${events * server.count()}); CPU per event: server ${(serverCpu / events).toFixed(1)} ms, viewers ${(clientCpu / events).toFixed(1)} ms`,
  )
  clients.forEach((c) => c.send({ type: 'stop' }))
  await server.close()
}

if (process.argv[2] === 'viewers') await viewerProcess()
else {
  console.log(`bench:fanout-floor — ${VIEWERS} viewers in ${PROCS} process(es), ${RATE} events/s (Poisson), ${SECONDS} s each; load ${load()}`)
  await measure('socket.io')
  await measure('frame')
  console.log(`load after: ${load()}`)
  process.exit(0)
}
