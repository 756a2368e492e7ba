// A child process of bench/realtime.ts: holds `count` socket.io-client
// connections (websocket transport), each subscribed to one room through the
// same RealtimeClient useRoom uses (resync by sequence), and records when each
// event was delivered. Talks to the parent over IPC.
import { io } from 'socket.io-client'
import { RealtimeClient } from '../app/utils/realtime-client'

type Command =
  | { type: 'start'; url: string; cookie: string; room: string; afterSeq: number; count: number }
  | { type: 'progress' }
  | { type: 'drop'; fraction: number }
  | { type: 'reconnect' }
  | { type: 'report' }
  | { type: 'stop' }

interface Conn {
  client: RealtimeClient
  last: number
  delivered: number
  outOfOrder: number
}

const conns: Conn[] = []
/** Receipt times (ms since the epoch, sub-ms) per sequence number. */
const receipts = new Map<number, number[]>()
let dropped: Conn[] = []
const now = () => performance.timeOrigin + performance.now()

function send(m: unknown) {
  process.send!(m)
}

process.on('message', async (m: Command) => {
  switch (m.type) {
    case 'start': {
      let connected = 0
      const batch = 100
      for (let i = 0; i < m.count; i += batch) {
        const n = Math.min(batch, m.count - i)
        await Promise.all(
          Array.from({ length: n }, () => {
            const socket = io(m.url, {
              path: '/socket.io/',
              transports: ['websocket'],
              extraHeaders: { cookie: m.cookie },
              reconnectionDelay: 200,
              reconnectionDelayMax: 1000,
              timeout: 60_000,
            })
            const client = new RealtimeClient(socket)
            const conn: Conn = { client, last: m.afterSeq, delivered: 0, outOfOrder: 0 }
            conns.push(conn)
            client.subscribe(m.room, m.afterSeq, (e) => {
              const t = now()
              if (e.seq !== conn.last + 1) conn.outOfOrder++
              conn.last = e.seq
              conn.delivered++
              let list = receipts.get(e.seq)
              if (!list) receipts.set(e.seq, (list = []))
              list.push(t)
            })
            return new Promise<void>((resolve) => {
              socket.once('connect', () => {
                connected++
                resolve()
              })
              socket.once('connect_error', (err) => {
                send({ type: 'error', message: err.message })
                resolve()
              })
            })
          }),
        )
      }
      send({ type: 'started', connected })
      break
    }
    case 'progress':
      send({ type: 'progress', minLast: Math.min(...conns.map((c) => c.last)), connected: conns.filter((c) => c.client.socket.connected).length })
      break
    case 'drop': {
      dropped = conns.filter((_, i) => i % Math.round(1 / m.fraction) === 0)
      // As a network drop: the client is not told; socket.io's own reconnection is off until `reconnect`.
      dropped.forEach((c) => c.client.socket.disconnect())
      send({ type: 'dropped', count: dropped.length })
      break
    }
    case 'reconnect':
      dropped.forEach((c) => c.client.socket.connect())
      send({ type: 'reconnecting', count: dropped.length })
      break
    case 'report':
      send({
        type: 'report',
        receipts: [...receipts.entries()],
        lasts: conns.map((c) => c.last),
        delivered: conns.map((c) => c.delivered),
        outOfOrder: conns.reduce((n, c) => n + c.outOfOrder, 0),
      })
      break
    case 'stop':
      conns.forEach((c) => c.client.socket.disconnect())
      setTimeout(() => process.exit(0), 100)
      break
  }
})
