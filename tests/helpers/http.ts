import type { AddressInfo } from 'node:net'
import { createServer, type Server } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { ServerBuild } from '@remix-run/node'
import { loadConfig, type Config } from '../../server/platform/config'
import { createHttpApp } from '../../server/platform/http'
import { createLogger } from '../../server/platform/logger'
import { createPostgresEngine } from '../../search/pg-engine'
import { testDb } from './worker-setup'

// Serves the real built app (build/, made by global-setup) in-process against
// this file's database, so route tests exercise loaders, actions, guards and
// middleware exactly as production does.

export interface TestServer {
  url: string
  config: Config
  close: () => Promise<void>
  /** Logs in through the real login form and returns the session cookie. */
  login: (email: string, password: string) => Promise<string>
  fetch: (path: string, init?: RequestInit & { cookie?: string }) => Promise<Response>
}

/** Files uploaded through test servers go to a scratch folder of this process, never to .data/files. */
export const TEST_FILES_DIR = path.join(os.tmpdir(), `techmarket-test-files-${process.pid}`)

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  // Listen first, so the public URL (which every absolute link is built from) is
  // this server's own address unless the test sets PUBLIC_URL ('' leaves it unset).
  const server: Server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', SEED_DEMO: 'false', FILES_DIR: TEST_FILES_DIR, PUBLIC_URL: url, ...env })
  // @ts-ignore -- produced by `remix vite:build` in global-setup
  const build = (await import('../../build/server/index.js')) as ServerBuild
  const app = createHttpApp({
    services: { db: testDb(), config, logger: createLogger((process.env.TEST_LOG_LEVEL as 'silent') ?? 'silent'), search: createPostgresEngine(testDb()) },
    build,
    clientDir: path.resolve('build/client'),
  })
  server.on('request', app)
  const doFetch = (p: string, init: RequestInit & { cookie?: string } = {}) => {
    const headers = new Headers(init.headers)
    if (init.cookie) headers.set('cookie', init.cookie)
    if (init.method && init.method !== 'GET' && !headers.has('origin')) headers.set('origin', url)
    return fetch(url + p, { ...init, headers, redirect: 'manual' })
  }
  return {
    url,
    config,
    fetch: doFetch,
    async login(email, password) {
      const res = await doFetch('/login', { method: 'POST', body: new URLSearchParams({ email, password }) })
      const cookie = res.headers.get('set-cookie')
      if (res.status !== 302 || !cookie) throw new Error(`login failed for ${email}: ${res.status}`)
      return cookie.split(';')[0]!
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
