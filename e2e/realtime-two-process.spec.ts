import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { embeddedUrl } from '../db/embedded'
import { createDatabase } from '../db/index'
import { freePort } from '../db/ports'
import { publish, roomName } from '../server/realtime/publish'
import { expect, logIn, test } from './fixtures'

// Several app processes behave as one (ADR 021), seen from browsers: next to
// the run's server (A) a second installation of the compiled server (B) starts
// on the same database; a member signs in on each. An event committed once
// (by this test, through publish() as every service does) reaches both pages.
// The process that emits it is a primary, which holds no sockets, so the
// delivery always crosses processes through @socket.io/postgres-adapter.
//
// No page on this branch uses useRoom yet (deal pages come with their own
// branch), so each page speaks socket.io's wire protocol over a plain
// WebSocket to its own origin — which also shows that the CSP's
// `connect-src 'self'` lets a page reach its same-origin websocket in Chromium.

interface Probe {
  events: { room: string; seq: number; payload: { text?: string } }[]
  joined: boolean | null
  error: string | null
  violations: string[]
}

async function subscribe(page: Page, room: string) {
  await page.evaluate((room) => {
    const w = window as unknown as { __rt: Probe }
    const rt: Probe = { events: [], joined: null, error: null, violations: [] }
    w.__rt = rt
    document.addEventListener('securitypolicyviolation', (e) => rt.violations.push(`${e.violatedDirective} ${e.blockedURI}`))
    const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`)
    ws.onerror = () => (rt.error = 'websocket error')
    ws.onmessage = (m) => {
      const d = String(m.data)
      if (d[0] === '0') ws.send('40') // engine.io open → connect to the main namespace
      else if (d === '2') ws.send('3') // ping → pong
      else if (d.startsWith('40')) ws.send('420' + JSON.stringify(['join', { room, afterSeq: 0 }])) // join, ack id 0
      else if (d.startsWith('44')) rt.error = d // connect refused
      else if (d.startsWith('430')) rt.joined = JSON.parse(d.slice(3))[0].ok === true
      else if (d.startsWith('42')) {
        const [name, e] = JSON.parse(d.slice(2))
        if (name === 'event') rt.events.push(e)
      }
    }
  }, room)
  await expect.poll(() => page.evaluate(() => (window as unknown as { __rt: Probe }).__rt.joined)).toBe(true)
}

const texts = (page: Page) => page.evaluate(() => (window as unknown as { __rt: Probe }).__rt.events.map((e) => e.payload.text ?? ''))

let second: { url: string; child: ChildProcess; dir: string } | null = null

test.afterAll(async () => {
  if (!second) return
  const exited = new Promise((r) => second!.child.once('exit', r))
  second.child.kill('SIGTERM')
  await exited
  rmSync(second.dir, { recursive: true, force: true })
})

test('an event committed once reaches browsers connected to two server processes', async ({ browser, baseURL }) => {
  test.setTimeout(180_000)
  const dbUrl = embeddedUrl(Number(process.env.TM_E2E_PG_PORT), 'techmarket')
  const db = createDatabase(dbUrl, { max: 2 })
  try {
    const root = path.resolve(import.meta.dirname, '..')
    const world = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'e2e/realtime-world.ts', dbUrl], { cwd: root, encoding: 'utf8' })) as {
      dealId: string
      ent: { email: string; password: string }
      uni: { email: string; password: string }
    }
    const room = roomName('deal', world.dealId)

    // Process B: the compiled server as `npm start` runs it, on the run's database.
    const port = await freePort()
    const dir = mkdtempSync(path.join(os.tmpdir(), 'techmarket-e2e-b-'))
    const url = `http://localhost:${port}`
    const child = spawn(process.execPath, ['build/server-main.js'], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: dbUrl, PORT: String(port), PUBLIC_URL: url, WEB_CONCURRENCY: '1', SEED_DEMO: 'false', LOG_LEVEL: 'warn', FILES_DIR: path.join(dir, 'files') },
      stdio: 'ignore',
    })
    second = { url, child, dir }
    await expect.poll(() => fetch(`${url}/healthz`).then((r) => r.status, () => 0), { timeout: 90_000 }).toBe(200)

    const onA = await (await browser.newContext({ baseURL, locale: 'zh-CN' })).newPage()
    const onB = await (await browser.newContext({ baseURL: url, locale: 'zh-CN' })).newPage()
    await logIn(onA, world.ent.email, world.ent.password)
    await logIn(onB, world.uni.email, world.uni.password)
    await Promise.all([subscribe(onA, room), subscribe(onB, room)])

    // Each adapter LISTENs a moment after its process starts: warm up until both pages have an event.
    const warmUp = setInterval(() => void publish(db, room, 'message', { text: 'warm-up' }), 500)
    try {
      for (const page of [onA, onB]) await expect.poll(async () => (await texts(page)).length, { timeout: 30_000 }).toBeGreaterThan(0)
    } finally {
      clearInterval(warmUp)
    }
    await publish(db, room, 'message', { text: '另一个进程也收到了' })
    for (const page of [onA, onB]) {
      await expect.poll(() => texts(page)).toContain('另一个进程也收到了')
      expect(await page.evaluate(() => (window as unknown as { __rt: Probe }).__rt.violations)).toEqual([])
      expect(await page.evaluate(() => (window as unknown as { __rt: Probe }).__rt.error)).toBeNull()
    }
  } finally {
    await db.destroy()
  }
})
