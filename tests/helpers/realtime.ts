import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { ServerBuild } from '@remix-run/node'
import { io as connectClient, type Socket } from 'socket.io-client'
import { startBroadcastWork } from '../../server/background'
import { loadConfig } from '../../server/platform/config'
import { createHttpApp } from '../../server/platform/http'
import { createLogger } from '../../server/platform/logger'
import { attachRealtime, SOCKET_PATH, type JoinAnswer } from '../../server/realtime/server'
import { createPostgresEngine } from '../../search/pg-engine'
import { TEST_FILES_DIR } from './http'
import { testDb, testDbUrl } from './worker-setup'

// A production-like server of the built app with the realtime layer attached
// (as server/index.ts does in every mode) and the broadcast worker running
// beside it, on this test file's database. Clients are real socket.io-clients
// that carry the session cookie the real login form set.

export interface RealtimeTestServer {
  url: string
  login(email: string, password: string): Promise<string>
  /** A socket.io-client with `cookie` (none: anonymous); not connected until `.connect()` unless `autoConnect`. */
  client(cookie?: string, opts?: { autoConnect?: boolean }): Socket
  close(): Promise<void>
}

export async function startRealtimeServer(): Promise<RealtimeTestServer> {
  const server: Server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', SEED_DEMO: 'false', FILES_DIR: TEST_FILES_DIR, PUBLIC_URL: url })
  const logger = createLogger((process.env.TEST_LOG_LEVEL as 'silent') ?? 'silent')
  // @ts-ignore -- produced by `remix vite:build` in global-setup
  const build = (await import('../../build/server/index.js')) as ServerBuild
  const db = testDb()
  server.on('request', createHttpApp({ services: { db, config, logger, search: createPostgresEngine(db) }, build, clientDir: path.resolve('build/client') }))
  const realtime = attachRealtime(server, { db, config, logger, databaseUrl: testDbUrl() })
  const broadcasting = startBroadcastWork(db, logger, { emitter: realtime.io, databaseUrl: testDbUrl() })
  const sockets = new Set<Socket>()
  return {
    url,
    async login(email, password) {
      const res = await fetch(`${url}/login`, { method: 'POST', body: new URLSearchParams({ email, password }), headers: { origin: url }, redirect: 'manual' })
      const cookie = res.headers.get('set-cookie')
      if (res.status !== 302 || !cookie) throw new Error(`login failed for ${email}: ${res.status}`)
      return cookie.split(';')[0]!
    },
    client(cookie, opts = {}) {
      const s = connectClient(url, {
        path: SOCKET_PATH,
        transports: ['websocket'],
        extraHeaders: cookie ? { cookie } : {},
        autoConnect: opts.autoConnect ?? true,
        reconnectionDelay: 100,
        reconnectionDelayMax: 200,
      })
      sockets.add(s)
      return s
    },
    async close() {
      sockets.forEach((s) => s.disconnect())
      await broadcasting.stop()
      await realtime.close()
    },
  }
}

/** Resolves when the socket connects; rejects with the server's refusal (connect_error). */
export function connected(s: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (s.connected) return resolve()
    s.once('connect', () => resolve())
    s.once('connect_error', (err) => reject(err))
  })
}

export function join(s: Socket, room: string, afterSeq = 0): Promise<JoinAnswer> {
  return s.timeout(10_000).emitWithAck('join', { room, afterSeq }) as Promise<JoinAnswer>
}

/** Polls `check` until it holds (a condition, never a fixed sleep as the assertion). */
export async function until(check: () => boolean, timeoutMs = 10_000, what = 'condition') {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
