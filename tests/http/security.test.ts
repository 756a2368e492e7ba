import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { ServerBuild } from '@remix-run/node'
import type { Express } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDatabase } from '../../db/index'
import { loadConfig } from '../../server/platform/config'
import { createHttpApp } from '../../server/platform/http'
import { createLogger } from '../../server/platform/logger'
import { createPostgresEngine } from '../../search/pg-engine'
import { createUser, PASSWORD, uniqueCreditCode } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'
import { tableFingerprints } from './db-fingerprint'

// @ts-ignore -- produced by `remix vite:build` in global-setup
const build = (await import('../../build/server/index.js')) as ServerBuild

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(async () => {
  await server?.close()
})

const form = (fields: Record<string, string>) => new URLSearchParams(fields)
const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? null

/** Serves an app made with createHttpApp directly, for the cases startTestServer cannot set up. */
async function serve(app: Express) {
  const s: Server = createServer(app)
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => s.close(() => resolve())),
  }
}

function appWith(opts: { build?: ServerBuild | (() => Promise<ServerBuild>); databaseUrl?: string } = {}) {
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', SEED_DEMO: 'false' })
  const db = opts.databaseUrl ? createDatabase(opts.databaseUrl, { max: 1 }) : testDb()
  const app = createHttpApp({
    services: { db, config, logger: createLogger('silent'), search: createPostgresEngine(db) },
    build: opts.build ?? build,
    clientDir: path.resolve('build/client'),
  })
  return { app, db }
}

function organisationForm() {
  return form({
    name: `跨站测试机构${Date.now()}`,
    type: 'enterprise',
    creditCode: uniqueCreditCode('450204'),
    divisionCode: '450204',
    contactName: '张三',
    contactPhone: '0772-2800000',
    contactEmail: 'contact@example.test',
  })
}

describe('cross-site requests', () => {
  it('refuses a cross-origin login and changes nothing', async () => {
    const user = await createUser(testDb())
    const before = await tableFingerprints(testDb())
    const res = await server.fetch('/login', {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      body: form({ email: user.email, password: PASSWORD }),
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(await res.text()).toContain('Cross-origin request refused')
    expect(await tableFingerprints(testDb())).toEqual(before)
  })

  it('refuses a cross-origin organisation form and accepts the same form from our own page', async () => {
    const user = await createUser(testDb())
    const cookie = await server.login(user.email, PASSWORD)
    const before = await tableFingerprints(testDb())

    const evil = await server.fetch('/orgs/new', { method: 'POST', cookie, headers: { origin: 'https://evil.example' }, body: organisationForm() })
    expect(evil.status).toBe(403)
    expect(await tableFingerprints(testDb())).toEqual(before)

    const own = await server.fetch('/orgs/new', { method: 'POST', cookie, body: organisationForm() })
    expect(own.status).toBe(302)
    expect(own.headers.get('location')).toMatch(/^\/orgs\/[0-9a-f-]{36}\?created=1$/)
    expect((await tableFingerprints(testDb())).organisations.rows).toBe(before.organisations.rows + 1)
  })

  it('refuses Sec-Fetch-Site: cross-site and same-site even with our own Origin', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const res = await server.fetch('/set-locale', { method: 'POST', headers: { 'sec-fetch-site': site }, body: form({ locale: 'en' }) })
      expect({ site, status: res.status }).toEqual({ site, status: 403 })
    }
  })

  it('accepts Sec-Fetch-Site: same-origin', async () => {
    const res = await server.fetch('/set-locale', { method: 'POST', headers: { 'sec-fetch-site': 'same-origin' }, body: form({ locale: 'en' }) })
    expect(res.status).toBe(302)
  })

  it('lets a non-browser client (no Origin, no Sec-Fetch-Site) through to the app', async () => {
    // Plain fetch, not server.fetch, which would add our Origin.
    const res = await fetch(`${server.url}/login`, {
      method: 'POST',
      body: form({ email: 'nobody@example.test', password: 'wrong-password' }),
      redirect: 'manual',
    })
    expect(res.status).toBe(400) // the login action answered: wrong e-mail or password
    expect(await res.text()).toContain('<html')
  })
})

describe('response headers', () => {
  it('sends a nonce-based CSP that matches every script tag, and the other hardening headers', async () => {
    const res = await server.fetch('/')
    expect(res.status).toBe(200)
    const csp = res.headers.get('content-security-policy') ?? ''
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src ')) ?? ''
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1]
    expect(nonce).toBeTruthy()
    expect(scriptSrc).not.toContain('unsafe-inline')
    expect(scriptSrc).not.toContain('unsafe-eval')

    const html = await res.text()
    const scripts = html.match(/<script\b[^>]*>/g) ?? []
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)

    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const frameAncestorsNone = /frame-ancestors 'none'/.test(csp)
    const xfo = res.headers.get('x-frame-options')
    expect(frameAncestorsNone || xfo === 'DENY' || xfo === 'SAMEORIGIN').toBe(true)
    expect(res.headers.get('referrer-policy')).toBeTruthy()
    expect(res.headers.get('x-powered-by')).toBeNull()
  })

  it('uses a fresh nonce for every response', async () => {
    const nonceOf = async () => {
      const res = await server.fetch('/')
      await res.arrayBuffer()
      return /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1]
    }
    expect(await nonceOf()).not.toBe(await nonceOf())
  })
})

describe('request limits and health', () => {
  it('refuses a body over 2 MiB with 413 before reading it', async () => {
    const url = new URL(`${server.url}/login`)
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(2 * 1024 * 1024 + 1) },
        },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
          req.destroy()
        },
      )
      req.on('error', reject)
      req.flushHeaders() // send the headers only; the server must answer without waiting for the body
    })
    expect(status).toBe(413)
  })

  it('GET /healthz answers ok while the database is up', async () => {
    const res = await server.fetch('/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it('GET /healthz answers 503 when the database cannot be reached', async () => {
    const { app, db } = appWith({ databaseUrl: 'postgres://x:y@127.0.0.1:1/none' })
    const s = await serve(app)
    try {
      const res = await fetch(`${s.url}/healthz`)
      expect(res.status).toBe(503)
      expect(await res.json()).toEqual({ status: 'unavailable' })
    } finally {
      await s.close()
      await db.destroy()
    }
  })
})

describe('errors never leak internals', () => {
  const STACK_LINE = /^\s+at /m

  it('a loader that throws gives a 500 page without the message or a stack', async () => {
    const index = build.routes['routes/_index']!
    const broken: ServerBuild = {
      ...build,
      routes: {
        ...build.routes,
        'routes/_index': {
          ...index,
          module: {
            ...index.module,
            loader: () => {
              throw new Error('secret-database-detail')
            },
          },
        },
      },
    }
    const s = await serve(appWith({ build: broken }).app)
    try {
      for (const p of ['/', '/_root.data']) {
        const res = await fetch(`${s.url}${p}`)
        const body = await res.text()
        expect({ p, status: res.status }).toEqual({ p, status: 500 })
        expect(body).not.toContain('secret-database-detail')
        expect(body).not.toMatch(STACK_LINE)
      }
    } finally {
      await s.close()
    }
  })

  it('an error outside Remix gives a plain 500 without a stack', async () => {
    const s = await serve(appWith({ build: () => Promise.reject(new Error('secret-build-failure')) }).app)
    try {
      const res = await fetch(`${s.url}/`)
      const body = await res.text()
      expect(res.status).toBe(500)
      expect(body).toBe('500 服务器错误 / Server error')
      expect(body).not.toMatch(STACK_LINE)
    } finally {
      await s.close()
    }
  })
})

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/, not Secure over plain HTTP, named tm_session', async () => {
    const user = await createUser(testDb())
    const res = await server.fetch('/login', { method: 'POST', body: form({ email: user.email, password: PASSWORD }) })
    expect(res.status).toBe(302)
    const header = res.headers.get('set-cookie') ?? ''
    const attrs = header.split(';').map((a) => a.trim().toLowerCase())
    expect(header).toMatch(/^tm_session=/)
    expect(attrs).toContain('httponly')
    expect(attrs).toContain('samesite=lax')
    expect(attrs).toContain('path=/')
    expect(attrs).not.toContain('secure')
    expect(attrs.some((a) => a.startsWith('domain='))).toBe(false)
  })

  it('is __Host-tm_session and Secure when the public URL is https', async () => {
    const https = await startTestServer({ PUBLIC_URL: 'https://kjdsc.example' })
    try {
      const user = await createUser(testDb())
      // As behind the HTTPS proxy: the browser's Origin is the public one, and the
      // proxy passes the public host on (Remix compares the two before any action).
      const res = await https.fetch('/login', {
        method: 'POST',
        headers: { origin: 'https://kjdsc.example', 'x-forwarded-host': 'kjdsc.example' },
        body: form({ email: user.email, password: PASSWORD }),
      })
      expect(res.status).toBe(302)
      const header = res.headers.get('set-cookie') ?? ''
      const attrs = header.split(';').map((a) => a.trim().toLowerCase())
      expect(header).toMatch(/^__Host-tm_session=/)
      expect(attrs).toContain('secure')
      expect(attrs).toContain('httponly')
      expect(attrs).toContain('path=/')
      expect(attrs.some((a) => a.startsWith('domain='))).toBe(false)
      // Strict-Transport-Security only makes sense over HTTPS.
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
    } finally {
      await https.close()
    }
  })

  it('is rotated on login: the cookie presented with the login form stops working', async () => {
    const user = await createUser(testDb())
    const old = await server.login(user.email, PASSWORD)
    const res = await server.fetch('/login', { method: 'POST', cookie: old, body: form({ email: user.email, password: PASSWORD }) })
    expect(res.status).toBe(302)
    const fresh = cookieOf(res)
    expect(fresh).toMatch(/^tm_session=/)
    expect(fresh).not.toBe(old)

    const withOld = await server.fetch('/workspace', { cookie: old })
    expect(withOld.status).toBe(302)
    expect(withOld.headers.get('location')).toBe('/login?redirectTo=%2Fworkspace')
    expect((await server.fetch('/workspace', { cookie: fresh! })).status).toBe(200)
  })

  it('is invalidated by POST /logout', async () => {
    const user = await createUser(testDb())
    const cookie = await server.login(user.email, PASSWORD)
    expect((await server.fetch('/workspace', { cookie })).status).toBe(200)

    const res = await server.fetch('/logout', { method: 'POST', cookie })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/login?notice=logout')
    expect(res.headers.get('set-cookie')).toMatch(/^tm_session=;.*Max-Age=0/i)

    const after = await server.fetch('/workspace', { cookie })
    expect(after.status).toBe(302)
    expect(after.headers.get('location')).toBe('/login?redirectTo=%2Fworkspace')
  })

  it('survives GET /logout (a link or an image cannot sign anyone out)', async () => {
    const user = await createUser(testDb())
    const cookie = await server.login(user.email, PASSWORD)
    const res = await server.fetch('/logout', { cookie })
    expect(res.status).toBe(302)
    expect(res.headers.get('set-cookie')).toBeNull()
    expect((await server.fetch('/workspace', { cookie })).status).toBe(200)
  })
})

describe('login rate limit', () => {
  it('after 5 wrong passwords even the right one gets 429, with how many minutes to wait', async () => {
    const user = await createUser(testDb())
    for (let i = 0; i < 5; i++) {
      const res = await server.fetch('/login', { method: 'POST', body: form({ email: user.email, password: `wrong-${i}` }) })
      expect(res.status).toBe(400)
      await res.arrayBuffer()
    }
    const res = await server.fetch('/login', { method: 'POST', body: form({ email: user.email, password: PASSWORD }) })
    expect(res.status).toBe(429)
    expect(res.headers.get('set-cookie')).toBeNull()
    const html = await res.text()
    expect(html).toContain('登录失败次数过多')
    expect(html).toMatch(/请在 \d+ 分钟后再试/)
  })
})

describe('interface language', () => {
  const langOf = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1]

  it('is Chinese by default', async () => {
    expect(langOf(await (await server.fetch('/')).text())).toBe('zh-CN')
  })

  it('follows Accept-Language when no language was chosen', async () => {
    const res = await server.fetch('/', { headers: { 'accept-language': 'en' } })
    expect(langOf(await res.text())).toBe('en')
  })

  it('POST /set-locale sets tm_lang, and later pages are in that language', async () => {
    const res = await server.fetch('/set-locale', { method: 'POST', body: form({ locale: 'en' }) })
    expect(res.status).toBe(302)
    const cookie = cookieOf(res)
    expect(cookie).toMatch(/^tm_lang=/)
    expect(langOf(await (await server.fetch('/', { cookie: cookie! })).text())).toBe('en')
    // The choice wins over the browser's language.
    const zh = await server.fetch('/set-locale', { method: 'POST', body: form({ locale: 'zh-CN' }) })
    const zhCookie = cookieOf(zh)!
    expect(langOf(await (await server.fetch('/', { cookie: zhCookie, headers: { 'accept-language': 'en' } })).text())).toBe('zh-CN')
  })

  it('refuses a locale it does not know', async () => {
    const res = await server.fetch('/set-locale', { method: 'POST', body: form({ locale: 'xx' }) })
    expect(res.status).toBe(400)
    expect(res.headers.get('set-cookie')).toBeNull()
  })
})
