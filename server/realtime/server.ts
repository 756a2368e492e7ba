import type { Server as HttpServer } from 'node:http'
import { createAdapter } from '@socket.io/postgres-adapter'
import pg from 'pg'
import { Server, type Socket } from 'socket.io'
import { z } from 'zod'
import type { Database } from '../../db/index'
import { roomEventsAfter } from '../../db/repos/realtime'
import { sessionTokenFromCookieHeader } from '../identity/session-cookie'
import { principalForToken } from '../identity/sessions'
import { publicOrigin, type Config } from '../platform/config'
import type { Logger } from '../platform/logger'
import { SOCKET_COMMANDS } from './commands'
import { pacedFanout } from './fanout'
import { trackPresence } from '../roadshows/presence'
import { mayJoinRoom } from './rooms'
import type { Principal } from '../identity/principal'
import type { RoomEvent } from './publish'

// socket.io on the app's own HTTP server (ADR 021).
// - Websocket transport only: every process of the cluster can take any
//   connection (no HTTP long-polling, so no sticky sessions), and the session
//   cookie is checked once, at the handshake — no session, no connection.
// - Rooms are joined on request: `join` {room, afterSeq} is answered with the
//   stored events after afterSeq (then the socket receives the live ones), or
//   with `not_found` — the same answer for a room that does not exist and for one
//   the user may not see. A repeated `join` is how a client resyncs.
// - Broadcasts reach every process through @socket.io/postgres-adapter; only the
//   outbox's broadcast handler emits (server/realtime/broadcast.ts).

export const SOCKET_PATH = '/socket.io/'
/** Events sent per join answer; a client whose answer has `more` asks again. */
export const JOIN_BATCH = 500
/** Rooms one connection may be in at once (a page holds a few). */
const MAX_ROOMS = 32
/** How long a socket's principal is trusted for commands before it is looked up again. */
const PRINCIPAL_TTL_MS = 5_000

export interface RealtimeDeps {
  db: Database
  config: Config
  logger: Logger
  /** The database the adapter's notifications go through (every process of one installation uses the same). */
  databaseUrl: string
}

/** What the client is sent for each event (`event`), in join answers and live. */
export type WireEvent = RoomEvent<Record<string, unknown>>

export type JoinAnswer = { ok: true; events: WireEvent[]; more: boolean } | { ok: false; error: 'not_found' | 'unauthorized' }

const JoinRequest = z.object({ room: z.string().min(3).max(80), afterSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) })

export function toWireEvent(room: string, row: { seq: number; kind: string; payload: unknown; created_at: Date }): WireEvent {
  return { room, seq: Number(row.seq), kind: row.kind, payload: row.payload as Record<string, unknown>, at: row.created_at.toISOString() }
}

/** A small pool of its own: the adapter holds one connection for LISTEN and NOTIFYs through the others. */
function adapterFor(deps: Pick<RealtimeDeps, 'databaseUrl' | 'logger'>) {
  const pool = new pg.Pool({ connectionString: deps.databaseUrl, max: 3 })
  pool.on('error', () => {})
  const adapter = pacedFanout(createAdapter(pool, { errorHandler: (err) => deps.logger.warn({ err: err.message }, 'realtime adapter error') }))
  return { pool, adapter }
}

/** A socket.io server that emits through the adapter but serves no clients: the cluster primary's (it has no HTTP server). */
export function createRealtimeEmitter(deps: Pick<RealtimeDeps, 'databaseUrl' | 'logger'>) {
  const { pool, adapter } = adapterFor(deps)
  const io = new Server({ adapter, serveClient: false })
  return {
    io,
    async close() {
      // Not io.close(): with no HTTP server there is no engine to close; the adapter holds the LISTEN connection.
      await Promise.resolve(io.of('/').adapter.close())
      await pool.end().catch(() => {})
    },
  }
}

/** Same origin only (the cookie is SameSite=Lax already; this refuses cross-site pages outright). */
function sameOrigin(config: Config, origin: string | undefined, host: string | undefined) {
  if (!origin) return true // not a browser
  try {
    const o = new URL(origin)
    return o.origin === publicOrigin(config) || (host !== undefined && o.host === host)
  } catch {
    return false
  }
}

/** Attaches socket.io to `http`: handshake, joins; returns the server (whose `to(room).emit` reaches every process). */
export function attachRealtime(http: HttpServer, deps: RealtimeDeps) {
  const { db, config, logger } = deps
  const { pool, adapter } = adapterFor(deps)
  const io = new Server(http, {
    path: SOCKET_PATH,
    adapter,
    serveClient: false,
    transports: ['websocket'],
    // Events are small JSON; compressing each frame for thousands of sockets costs more CPU than it saves.
    perMessageDeflate: false,
    maxHttpBufferSize: 16 * 1024,
    allowRequest: (req, fn) => fn(null, sameOrigin(config, req.headers.origin, req.headers.host)),
  })

  // Who watches a roadshow: counted from the rooms this process holds, written in batches (server/roadshows/presence.ts).
  const presence = trackPresence(
    io.of('/').adapter,
    (id) => io.of('/').sockets.get(id)?.data.userId as string | undefined,
    db,
    (err) => logger.warn({ err }, 'roadshow presence flush failed'),
  )

  io.use((socket, next) => {
    const token = sessionTokenFromCookieHeader(config, socket.request.headers.cookie)
    if (!token) return next(new Error('unauthorized'))
    principalForToken(db, token)
      .then((principal) => {
        if (!principal) return next(new Error('unauthorized'))
        socket.data.token = token
        socket.data.userId = principal.userId
        next()
      })
      .catch((err) => {
        logger.warn({ err }, 'realtime handshake failed')
        next(new Error('unavailable'))
      })
  })

  io.on('connection', (socket: Socket) => {
    socket.on('join', (msg: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return
      join(socket, msg).then(
        (answer) => ack(answer),
        (err) => {
          logger.warn({ err }, 'realtime join failed')
          ack({ ok: false, error: 'not_found' } satisfies JoinAnswer)
        },
      )
    })
    socket.on('leave', (room: unknown) => {
      if (typeof room === 'string') void socket.leave(room)
    })
    // The server's clock, for countdowns that must not trust the client's (ADR 027).
    socket.on('clock', (ack: unknown) => {
      if (typeof ack === 'function') ack(Date.now())
    })
    for (const [name, command] of Object.entries(SOCKET_COMMANDS)) {
      socket.on(name, (msg: unknown, ack: unknown) => {
        const at = new Date()
        if (typeof ack !== 'function') return
        principalOf(socket)
          .then((principal) => (principal ? command(db, principal, msg, at, metaOf(socket)) : { ok: false, reason: 'unauthorized' }))
          .then(
            (answer) => ack(answer),
            (err) => {
              logger.warn({ err, command: name }, 'realtime command failed')
              ack({ ok: false, reason: 'unavailable' })
            },
          )
      })
    }
  })

  /**
   * The socket's principal for commands, looked up again at most every few
   * seconds: a burst of bids does not cost a session query each, and a session
   * that ended stops commands within PRINCIPAL_TTL_MS (the lot's rules are
   * checked in the bid's own transaction regardless).
   */
  async function principalOf(socket: Socket): Promise<Principal | null> {
    const cached = socket.data.principal as { p: Principal; at: number } | undefined
    if (cached && Date.now() - cached.at < PRINCIPAL_TTL_MS) return cached.p
    const principal = await principalForToken(db, socket.data.token as string)
    if (!principal) {
      socket.disconnect(true)
      return null
    }
    socket.data.principal = { p: principal, at: Date.now() }
    return principal
  }

  const metaOf = (socket: Socket) => {
    const ua = socket.request.headers['user-agent']
    // A command's audit entry says it came over this socket (a page's request has its own id).
    return { ip: socket.handshake.address ?? null, userAgent: typeof ua === 'string' ? ua.slice(0, 300) : null, requestId: `socket:${socket.id}` }
  }

  async function join(socket: Socket, msg: unknown): Promise<JoinAnswer> {
    const req = JoinRequest.safeParse(msg)
    if (!req.success) return { ok: false, error: 'not_found' }
    // The session may have ended since the handshake (logout, expiry): then the connection ends too.
    const principal = await principalForToken(db, socket.data.token as string)
    if (!principal) {
      socket.disconnect(true)
      return { ok: false, error: 'unauthorized' }
    }
    const { room, afterSeq } = req.data
    if (!socket.rooms.has(room) && socket.rooms.size > MAX_ROOMS) return { ok: false, error: 'not_found' }
    if (!(await mayJoinRoom(db, principal, room))) return { ok: false, error: 'not_found' }
    // Join first, then read: an event committed in between arrives live as well as
    // in the answer, and the client drops the second copy by its sequence number.
    await socket.join(room)
    const rows = await roomEventsAfter(db, room, afterSeq, JOIN_BATCH)
    return { ok: true, events: rows.map((r) => toWireEvent(room, r)), more: rows.length === JOIN_BATCH }
  }

  return {
    io,
    /** Ends every connection and stops listening (closes `http` too). */
    async close() {
      presence.stop()
      await new Promise<void>((resolve) => io.close(() => resolve()))
      await pool.end().catch(() => {})
    },
  }
}

export type Realtime = ReturnType<typeof attachRealtime>
