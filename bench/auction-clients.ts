// A child process of bench/auction.ts: holds bidders (one socket.io-client
// connection each, its own session) that bid in a closed loop over the
// `auction:bid` socket command, and watchers subscribed to lots' rooms through
// the RealtimeClient useRoom uses. Records send, acknowledgement and receipt
// times (ms since the epoch, sub-ms) and reports them to the parent over IPC.
import { io, type Socket } from 'socket.io-client'
import { RealtimeClient } from '../app/utils/realtime-client'

type Command =
  | { type: 'start'; url: string; bidders: { cookie: string; auctionId: string }[]; watchers: { cookie: string; auctionId: string; afterSeq: number }[] }
  | { type: 'storm'; durationMs: number; t0: number; startFen: number; tag: string; pauseMs?: number }
  | { type: 'deliveries'; sent: [string, number][] }
  | { type: 'stop' }

interface BidOutcome {
  auctionId: string
  sentAt: number
  ackAt: number
  result: string
  /** Seqs of the bids this answer accepted (none when refused). */
  seqs: number[]
}

const now = () => performance.timeOrigin + performance.now()
const send = (m: unknown) => process.send!(m)

const bidders: { socket: Socket; auctionId: string }[] = []
const watchers: RealtimeClient[] = []
/** `${auctionId}/${bidSeq}` → receipt times, one per watcher that got it. */
const receipts = new Map<string, number[]>()

function connect(url: string, cookie: string) {
  const socket = io(url, { path: '/socket.io/', transports: ['websocket'], extraHeaders: { cookie }, reconnectionDelay: 200, reconnectionDelayMax: 1000, timeout: 60_000 })
  const ready = new Promise<boolean>((resolve) => {
    socket.once('connect', () => resolve(true))
    socket.once('connect_error', (err) => {
      send({ type: 'error', message: err.message })
      resolve(false)
    })
  })
  return { socket, ready }
}

function bidOnce(socket: Socket, payload: unknown): Promise<any> {
  return new Promise((resolve) => socket.timeout(30_000).emit('auction:bid', payload, (err: unknown, answer: unknown) => resolve(err ? { ok: false, reason: 'timeout' } : answer)))
}

process.on('message', async (m: Command) => {
  switch (m.type) {
    case 'start': {
      let connected = 0
      const all = [...m.bidders.map((b) => ({ ...b, kind: 'bidder' as const })), ...m.watchers.map((w) => ({ ...w, kind: 'watcher' as const }))]
      for (let i = 0; i < all.length; i += 100) {
        await Promise.all(
          all.slice(i, i + 100).map(async (c) => {
            const { socket, ready } = connect(m.url, c.cookie)
            if (c.kind === 'bidder') bidders.push({ socket, auctionId: c.auctionId })
            else {
              const client = new RealtimeClient(socket)
              watchers.push(client)
              client.subscribe(`auction:${c.auctionId}`, c.afterSeq, (e) => {
                const t = now()
                const bids = (e.payload as { bids?: { seq: number }[] }).bids ?? []
                for (const b of bids) {
                  const k = `${c.auctionId}/${b.seq}`
                  let list = receipts.get(k)
                  if (!list) receipts.set(k, (list = []))
                  list.push(t)
                }
              })
            }
            if (await ready) connected++
          }),
        )
      }
      send({ type: 'started', connected })
      break
    }
    case 'storm': {
      // Each bidder: send, wait for the answer, send again. The amount grows with
      // the send time (start + one fen per microsecond since t0, increment 1 fen),
      // so a bid is valid unless another overtook it in flight. With pauseMs,
      // each bidder waits a random 0–2× pauseMs before each bid instead (a paced,
      // human-like rate: bidders × 1000 / pauseMs bids per second in all).
      const end = m.t0 + m.durationMs
      const pause = () => (m.pauseMs ? new Promise((r) => setTimeout(r, Math.random() * 2 * (m.pauseMs ?? 0))) : Promise.resolve())
      const outcomes: BidOutcome[] = []
      await Promise.all(
        bidders.map(async (b, i) => {
          let n = 0
          for (;;) {
            await pause()
            if (now() >= end) break
            const sentAt = now()
            const amountFen = m.startFen + Math.floor((sentAt - m.t0) * 1000)
            const a = await bidOnce(b.socket, { auctionId: b.auctionId, amountFen, key: `${m.tag}-${i}-${n++}` })
            const ok = a?.ok === true && !a.duplicate
            outcomes.push({ auctionId: b.auctionId, sentAt, ackAt: now(), result: a?.ok ? (a.duplicate ? 'duplicate' : 'accepted') : String(a?.reason), seqs: ok ? a.bids.map((x: { seq: number }) => x.seq) : [] })
          }
        }),
      )
      send({ type: 'stormed', outcomes })
      break
    }
    case 'deliveries': {
      // Latency from each accepted bid's send to each watcher's receipt, as a
      // histogram in 0.1 ms buckets (too many pairs to ship one by one), and per
      // bid the time until the last of this process's watchers had it.
      const hist = new Map<number, number>()
      const lastPerBid: [string, number][] = []
      for (const [k, sentAt] of m.sent) {
        const list = receipts.get(k)
        if (!list) continue
        let last = 0
        for (const t of list) {
          const b = Math.round((t - sentAt) * 10)
          hist.set(b, (hist.get(b) ?? 0) + 1)
          last = Math.max(last, t - sentAt)
        }
        lastPerBid.push([k, last])
      }
      send({ type: 'delivered', hist: [...hist.entries()], lastPerBid, counts: m.sent.map(([k]) => receipts.get(k)?.length ?? 0) })
      break
    }
    case 'stop':
      bidders.forEach((b) => b.socket.disconnect())
      watchers.forEach((w) => w.socket.disconnect())
      setTimeout(() => process.exit(0), 100)
      break
  }
})
