// A child process of bench/roadshow.ts: holds viewers (one socket.io-client
// connection each, its own session) subscribed to `roadshow:<id>` through the
// RealtimeClient useRoom uses, some of which also act — chat, ask and vote over
// the roadshow socket commands at a paced rate. Records, per event, every
// viewer's receipt time (ms since the epoch, sub-ms) and, per action, when it
// was sent; reports to the parent over IPC.
import { io } from 'socket.io-client'
import { RealtimeClient, type ClientRoomEvent } from '../app/utils/realtime-client'

type Command =
  | { type: 'start'; url: string; room: string; afterSeq: number; viewers: { cookie: string; actor: boolean }[] }
  | { type: 'act'; roadshowId: string; durationMs: number; pauseMs: number; tag: string }
  | { type: 'deliveries'; sent: [string, number][] }
  | { type: 'rejoin' }
  | { type: 'check'; lastSeq: number }
  | { type: 'stop' }

interface Viewer {
  client: RealtimeClient
  actor: boolean
  /** Events delivered in order since the start (RealtimeClient hands each seq once, in order). */
  delivered: number
  last: number
  /** Questions this actor voted on. */
  voted: Set<string>
  /** Its room's join was answered ok (the socket is in the room). */
  joined: boolean
}

/**
 * Marks the viewer joined when a `join` RealtimeClient sends is answered ok:
 * the client keeps that to itself, and a viewer counts only once it is in the room.
 */
function watchJoins(v: Viewer) {
  const socket = v.client.socket
  const timeout = socket.timeout.bind(socket)
  socket.timeout = (ms: number) => {
    const t = timeout(ms)
    const emit = t.emit.bind(t) as (ev: string, ...args: any[]) => any
    ;(t as any).emit = (ev: string, ...args: any[]) => {
      if (ev === 'join') {
        const ack = args.pop() as (err: unknown, answer: any) => void
        args.push((err: unknown, answer: any) => {
          if (!err && answer?.ok) v.joined = true
          ack(err, answer)
        })
      }
      return emit(ev, ...args)
    }
    return t
  }
}

const now = () => performance.timeOrigin + performance.now()
const send = (m: unknown) => process.send!(m)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const viewers: Viewer[] = []
let startSeq = 0
/** While false (during the final rejoin), receipts are not timed: they would measure the resync, not the fan-out. */
let timing = true
/** seq → receipt times, one per viewer of this process that had it live. */
const receipts = new Map<number, number[]>()
/** seq → what identifies the event to the parent (kind + a key from its payload) and when it was stored. */
const events = new Map<number, { kind: string; key: string; at: number }>()
const questions: string[] = []

/** The key by which the sender finds its event: chat and question bodies carry a unique tag, a vote's count is absolute. */
function keyOf(e: ClientRoomEvent): string {
  const p = e.payload as Record<string, unknown>
  switch (e.kind) {
    case 'chat':
    case 'question':
      return `${e.kind}:${String(p.body)}`
    case 'question_votes':
      return `vote:${String(p.id)}/${String(p.votes)}`
    default:
      return `${e.kind}#${e.seq}`
  }
}

function onEvent(v: Viewer, e: ClientRoomEvent) {
  v.delivered++
  v.last = e.seq
  if (!timing) return
  const t = now()
  let list = receipts.get(e.seq)
  if (!list) {
    receipts.set(e.seq, (list = []))
    events.set(e.seq, { kind: e.kind, key: keyOf(e), at: Date.parse(e.at) })
    if (e.kind === 'question') questions.push(String((e.payload as { id: string }).id))
  }
  list.push(t)
}

function command(v: Viewer, name: string, msg: unknown): Promise<any> {
  return new Promise((resolve) =>
    v.client.socket.timeout(30_000).emit(name, msg, (err: unknown, answer: unknown) => resolve(err ? { ok: false, reason: 'timeout' } : answer))
  )
}

process.on('message', async (m: Command) => {
  switch (m.type) {
    case 'start': {
      startSeq = m.afterSeq
      let connected = 0
      for (let i = 0; i < m.viewers.length; i += 100) {
        await Promise.all(
          m.viewers.slice(i, i + 100).map((spec) => {
            const socket = io(m.url, {
              path: '/socket.io/',
              transports: ['websocket'],
              extraHeaders: { cookie: spec.cookie },
              reconnectionDelay: 200,
              reconnectionDelayMax: 2000,
              timeout: 60_000,
            })
            const client = new RealtimeClient(socket)
            const v: Viewer = { client, actor: spec.actor, delivered: 0, last: m.afterSeq, voted: new Set(), joined: false }
            watchJoins(v)
            viewers.push(v)
            client.subscribe(m.room, m.afterSeq, (e) => onEvent(v, e))
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
          })
        )
      }
      // Connected is not yet in the room: wait for every join's answer.
      const deadline = now() + 120_000
      while (now() < deadline && viewers.some((v) => !v.joined && v.client.socket.connected)) await sleep(100)
      send({ type: 'started', connected, joined: viewers.filter((v) => v.joined).length })
      break
    }
    case 'act': {
      // Each actor: wait a random 0–2× pauseMs (so actors × 1000 / pauseMs actions per second in all), then chat (60 %), ask (10 %) or
      // vote on a question it has not voted on (30 %; chat when there is none).
      const end = now() + m.durationMs
      const sent: [string, number][] = []
      const acks: number[] = []
      const results = new Map<string, number>()
      const count = (r: string) => results.set(r, (results.get(r) ?? 0) + 1)
      await Promise.all(
        viewers
          .filter((v) => v.actor)
          .map(async (v, i) => {
            for (let n = 0; ; n++) {
              await sleep(Math.random() * 2 * m.pauseMs)
              if (now() >= end) break
              const roll = Math.random()
              const open = questions.filter((q) => !v.voted.has(q))
              const sentAt = now()
              if (roll < 0.3 && open.length) {
                const questionId = open[Math.floor(Math.random() * open.length)]!
                v.voted.add(questionId)
                const a = await command(v, 'roadshow:vote', { roadshowId: m.roadshowId, questionId })
                acks.push(now() - sentAt)
                count(a?.ok ? (a.duplicate ? 'vote duplicate' : 'vote ok') : `vote ${a?.reason}`)
                if (a?.ok && !a.duplicate) sent.push([`vote:${questionId}/${a.votes}`, sentAt])
              } else if (roll < 0.4) {
                const body = `路演提问 bench ${m.tag}-${i}-${n}`
                const a = await command(v, 'roadshow:ask', { roadshowId: m.roadshowId, itemId: null, body, key: `${m.tag}-${i}-${n}` })
                acks.push(now() - sentAt)
                count(a?.ok ? 'ask ok' : `ask ${a?.reason}`)
                if (a?.ok) sent.push([`question:${body}`, sentAt])
              } else {
                const body = `弹幕 bench ${m.tag}-${i}-${n}`
                const a = await command(v, 'roadshow:chat', { roadshowId: m.roadshowId, body, key: `${m.tag}-${i}-${n}` })
                acks.push(now() - sentAt)
                count(a?.ok ? 'chat ok' : `chat ${a?.reason}`)
                if (a?.ok) sent.push([`chat:${body}`, sentAt])
              }
            }
          })
      )
      send({ type: 'acted', sent, acks, results: [...results.entries()] })
      break
    }
    case 'deliveries': {
      // Per event: which it is and when stored, this process's receipts as
      // histograms in 0.1 ms buckets (send → receipt, where the sender is known,
      // and stored → receipt), and the last receipt — too many pairs to ship one by one.
      const sentAt = new Map(m.sent)
      const fromSend = new Map<number, number>()
      const fromStored = new Map<number, number>()
      const perEvent: { seq: number; kind: string; key: string; at: number; count: number; last: number }[] = []
      const add = (h: Map<number, number>, ms: number) => {
        const b = Math.round(ms * 10)
        h.set(b, (h.get(b) ?? 0) + 1)
      }
      for (const [seq, list] of receipts) {
        const e = events.get(seq)!
        const s = sentAt.get(e.key)
        for (const t of list) {
          if (s !== undefined) add(fromSend, t - s)
          add(fromStored, t - e.at)
        }
        perEvent.push({ seq, kind: e.kind, key: e.key, at: e.at, count: list.length, last: Math.max(...list) })
      }
      send({ type: 'delivered', fromSend: [...fromSend.entries()], fromStored: [...fromStored.entries()], perEvent })
      break
    }
    case 'rejoin': {
      // The final resync: every socket drops and reconnects (in batches, as
      // pages coming back would), and RealtimeClient asks for what it missed.
      timing = false
      for (let i = 0; i < viewers.length; i += 100) {
        const batch = viewers.slice(i, i + 100)
        await Promise.all(
          batch.map(
            (v) =>
              new Promise<void>((resolve) => {
                // A batch waits at most 10 s for its sockets: a slow one goes on reconnecting, and `check` counts it if it never catches up.
                const timer = setTimeout(resolve, 10_000)
                const done = () => (clearTimeout(timer), resolve())
                v.client.socket.disconnect()
                v.client.socket.once('connect', done)
                v.client.socket.once('connect_error', done)
                v.client.socket.connect()
              })
          )
        )
      }
      send({ type: 'rejoined', connected: viewers.filter((v) => v.client.socket.connected).length })
      break
    }
    case 'check': {
      // After the rejoin, each viewer must hold every seq from the start to the last, once each.
      const deadline = now() + 60_000
      while (now() < deadline && viewers.some((v) => v.last < m.lastSeq)) await sleep(200)
      const expected = m.lastSeq - startSeq
      const missing = viewers.reduce((n, v) => n + Math.max(0, expected - v.delivered), 0)
      const extra = viewers.reduce((n, v) => n + Math.max(0, v.delivered - expected), 0)
      const behind = viewers.filter((v) => v.last < m.lastSeq).length
      send({ type: 'checked', missing, extra, behind, viewers: viewers.length })
      break
    }
    case 'stop':
      viewers.forEach((v) => v.client.socket.disconnect())
      setTimeout(() => process.exit(0), 100)
      break
  }
})

// Unknown commands and crashes reach the parent rather than hang it.
process.on('uncaughtException', (err) => send({ type: 'error', message: String(err?.stack ?? err) }))
