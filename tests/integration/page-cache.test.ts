import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NOT_PUBLIC as NOT_PUBLIC_0901 } from '../../db/migrations/2026_12_03_0901_page_version'
import { NOT_PUBLIC_DEALS } from '../../db/migrations/2026_12_04_0101_deals'
import { NOT_PUBLIC_NOTIFY } from '../../db/migrations/2026_12_04_0501_notification_prefs'
import { NOT_PUBLIC_OFFERS } from '../../db/migrations/2026_12_04_0401_deal_offers'
import { NOT_PUBLIC_REALTIME } from '../../db/migrations/2026_12_04_0201_realtime_transport'
import { NOT_PUBLIC_DEAL_ROOMS } from '../../db/migrations/2026_12_04_0301_deal_rooms'
import { NOT_PUBLIC_AUCTIONS } from '../../db/migrations/2026_12_04_0701_auctions'
import { NOT_PUBLIC_SIGNING } from '../../db/migrations/2026_12_04_0721_signing_secrets'
import { NOT_PUBLIC_ROADSHOWS } from '../../db/migrations/2026_12_04_0801_roadshows'
import { NOT_PUBLIC_CONTRACTS } from '../../db/migrations/2026_12_04_0901_contracts'
import { NOT_PUBLIC_SUBSIDIES } from '../../db/migrations/2026_12_04_0931_subsidies'
import { NOT_PUBLIC_INVOICES } from '../../db/migrations/2026_12_04_0941_invoices'
import { NOT_PUBLIC_PROJECTS } from '../../db/migrations/2026_12_05_0101_transformation_projects'
import { NOT_PUBLIC_EVALUATIONS_CREDIT } from '../../db/migrations/2026_12_05_0121_evaluations_and_credit'
import { NOT_PUBLIC_PORTAL } from '../../db/migrations/2026_12_05_0151_portal'
import { NOT_PUBLIC_DASHBOARD } from '../../db/migrations/2026_12_05_0131_dashboard_facts'
import { NOT_PUBLIC_ASSESSMENT } from '../../db/migrations/2026_12_05_0141_assessment'
import { NOT_PUBLIC_EXCHANGE } from '../../db/migrations/2026_12_05_0171_exchange'

// Tables whose writes never show on a public page, as each migration declares them.
const NOT_PUBLIC: readonly string[] = [...NOT_PUBLIC_0901, ...NOT_PUBLIC_DEALS, ...NOT_PUBLIC_NOTIFY, ...NOT_PUBLIC_OFFERS, ...NOT_PUBLIC_REALTIME, ...NOT_PUBLIC_DEAL_ROOMS, ...NOT_PUBLIC_AUCTIONS, ...NOT_PUBLIC_SIGNING, ...NOT_PUBLIC_ROADSHOWS, ...NOT_PUBLIC_CONTRACTS, ...NOT_PUBLIC_SUBSIDIES, ...NOT_PUBLIC_INVOICES, ...NOT_PUBLIC_PROJECTS, ...NOT_PUBLIC_EVALUATIONS_CREDIT, ...NOT_PUBLIC_PORTAL, ...NOT_PUBLIC_DASHBOARD, ...NOT_PUBLIC_ASSESSMENT, ...NOT_PUBLIC_EXCHANGE]

import { insertMembership } from '../../db/repos/organisations'
import { achievementBody, publishedAchievement } from '../helpers/api-fixtures'
import { createMember, createUser, PASSWORD, principalFor, testMeta } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'
import { AchievementSchema } from '../../server/listings/schemas'
import { updateAchievement } from '../../server/listings/achievements'
import { transitionListing } from '../../server/listings/workflow'
import type { Principal } from '../../server/identity/principal'

// The anonymous page cache (ADR 020) as a visitor would notice it: two servers
// on one database stand for two cluster workers, each with its own cache. A
// page one of them stored must change on both the moment a change commits,
// every response carries a nonce of its own, and signed-in visitors never get
// (or leave behind) a stored page.

let a: TestServer
let b: TestServer
let author: Principal
let admin: Principal
let orgId: string
let adminCookie: string

beforeAll(async () => {
  const db = testDb()
  a = await startTestServer()
  b = await startTestServer()
  const r = await createMember(db, { type: 'university', role: 'member', divisionCode: '450203' })
  orgId = r.org.id
  const adminUser = await createUser(db)
  await insertMembership(db, { orgId, userId: adminUser.id, role: 'admin' })
  author = await principalFor(db, r.user.id)
  admin = await principalFor(db, adminUser.id)
  adminCookie = await a.login(adminUser.email, PASSWORD)
})

afterAll(async () => {
  await a?.close()
  await b?.close()
})

const ZH = { 'accept-language': 'zh-CN' }
async function page(server: TestServer, path: string, headers: Record<string, string> = ZH, cookie?: string) {
  const res = await server.fetch(path, { headers, cookie })
  return { status: res.status, html: await res.text(), hit: res.headers.get('x-page-cache') === 'hit', csp: res.headers.get('content-security-policy') ?? '' }
}
/** Asks until the server answers from its cache (the first answer stores the page). */
async function warm(server: TestServer, path: string) {
  await page(server, path)
  const again = await page(server, path)
  expect(again.hit).toBe(true)
  return again
}
const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1] ?? ''

describe('anonymous page cache', () => {
  it('covers every table: each one bumps the page version or is named as never public', async () => {
    const { rows } = await sql<{ name: string; bumps: boolean; truncate: boolean }>`
      select c.relname as name,
        exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = 'page_version_bump') as bumps,
        exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = 'page_version_bump_truncate') as truncate
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p') and c.relname not like 'kysely_%'`.execute(testDb())
    const uncovered = rows.filter((r) => !(r.bumps && r.truncate) && !NOT_PUBLIC.includes(r.name)).map((r) => r.name)
    expect(uncovered).toEqual([])
    expect(rows.filter((r) => r.bumps).length).toBeGreaterThan(20)
  })

  it('sends each response a fresh nonce, the one its CSP header names, also in pages served from the cache', async () => {
    const first = await page(a, '/achievements')
    const second = await warm(a, '/achievements')
    const third = await page(a, '/achievements')
    expect(third.hit).toBe(true)
    const nonces = [first, second, third].map((p) => nonceOf(p.csp))
    expect(new Set(nonces).size).toBe(3)
    for (const [i, p] of [first, second, third].entries()) {
      const inPage = [...p.html.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1])
      expect(inPage.length).toBeGreaterThan(0)
      expect(new Set(inPage)).toEqual(new Set([nonces[i]]))
      // The root loader's copy (in the streamed data) too; no earlier nonce anywhere.
      for (const other of nonces.filter((n) => n !== nonces[i])) expect(p.html).not.toContain(other)
    }
  })

  it('shows a publication, an edit and a withdrawal at once on both servers', async () => {
    const db = testDb()
    const title = `页面缓存失效测试成果${Date.now()}`
    await warm(a, '/achievements')
    await warm(b, '/achievements')

    const id = await publishedAchievement(db, author, admin, orgId, { title })
    for (const s of [a, b]) {
      const list = await page(s, '/achievements')
      expect(list.hit).toBe(false)
      expect(list.html).toContain(title)
    }
    await warm(a, `/achievements/${id}`)
    await warm(b, `/achievements/${id}`)

    // Editing a published listing sends it back to review (ADR 019): out of public view until approved again.
    const edited = `${title}（修订）`
    await updateAchievement(db, author, id, AchievementSchema.parse(achievementBody(orgId, { title: edited })), testMeta)
    expect((await page(a, `/achievements/${id}`)).status).toBe(404)
    expect((await page(b, '/achievements')).html).not.toContain(title)
    await transitionListing(db, admin, 'achievement', id, 'approve', { ttlMonths: 12 }, testMeta)
    for (const s of [a, b]) expect((await page(s, `/achievements/${id}`)).html).toContain(edited)
    await warm(a, `/achievements/${id}`)
    await warm(b, '/achievements')

    await transitionListing(db, author, 'achievement', id, 'withdraw', { ttlMonths: 12 }, testMeta)
    expect((await page(a, `/achievements/${id}`)).status).toBe(404)
    expect((await page(b, '/achievements')).html).not.toContain(edited)
  })

  it('changes with a write to any public table, here an organisation renamed directly in SQL', async () => {
    const db = testDb()
    const title = `机构改名测试成果${Date.now()}`
    const id = await publishedAchievement(db, author, admin, orgId, { title })
    const before = await warm(b, `/achievements/${id}`)
    const renamed = `改名后的研究院${Date.now()}`
    expect(before.html).not.toContain(renamed)
    await db.updateTable('organisations').set({ name: renamed }).where('id', '=', orgId).execute()
    const after = await page(b, `/achievements/${id}`)
    expect(after.hit).toBe(false)
    expect(after.html).toContain(renamed)
  })

  it('answers requests that waited for one render each with the new page and a nonce of its own', async () => {
    const db = testDb()
    await warm(a, '/achievements')
    const title = `并发请求测试成果${Date.now()}`
    await publishedAchievement(db, author, admin, orgId, { title })
    const pages = await Promise.all(Array.from({ length: 8 }, () => page(a, '/achievements')))
    const nonces = pages.map((p) => nonceOf(p.csp))
    expect(new Set(nonces).size).toBe(8)
    for (const [i, p] of pages.entries()) {
      expect(p.status).toBe(200)
      expect(p.html).toContain(title)
      expect(new Set([...p.html.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]))).toEqual(new Set([nonces[i]]))
    }
  })

  it('keeps languages apart and never serves or stores pages for signed-in visitors', async () => {
    await warm(a, '/needs')
    const en = await page(a, '/needs', { 'accept-language': 'en' })
    expect(en.hit).toBe(false)
    expect(en.html).toContain('<html lang="en"')
    const chosen = await page(a, '/needs', ZH, 'tm_lang=ImVuIg%3D%3D')
    expect(chosen.hit).toBe(false)

    const signedIn = await page(a, '/needs', ZH, adminCookie)
    expect(signedIn.hit).toBe(false)
    const again = await page(a, '/needs', ZH, adminCookie)
    expect(again.hit).toBe(false)
    const anonymous = await page(a, '/needs')
    expect(anonymous.hit).toBe(true)
    // Nothing the signed-in pages showed (the user's name in the header) reached the anonymous one.
    const name = (await principalFor(testDb(), admin.userId)).name
    expect(signedIn.html).toContain(name)
    expect(anonymous.html).not.toContain(name)
  })
})
