import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, PASSWORD } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// Login limits, reset requests and sign-up as a visitor (or an attacker) meets
// them over HTTP (issue 7, items 4–6; ADR 014). Unit-level cases are in
// tests/integration/accounts.test.ts.

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(async () => {
  await server?.close()
})

const form = (fields: Record<string, string>) => new URLSearchParams(fields)

async function outboxTo(email: string) {
  const rows = await testDb()
    .selectFrom('outbox')
    .select('payload')
    .where(sql<string>`payload->>'to'`, '=', email.toLowerCase())
    .orderBy('id')
    .execute()
  return rows.map((r) => r.payload as { template: string; locale: string; params: Record<string, string> })
}

describe('login limits', () => {
  it('say how many minutes to wait in the user’s language', async () => {
    const user = await createUser(testDb())
    const headers = { 'accept-language': 'en' }
    for (let i = 0; i < 5; i++) {
      const res = await server.fetch('/login', { method: 'POST', headers, body: form({ email: user.email, password: `wrong-${i}` }) })
      expect(res.status).toBe(400)
      await res.arrayBuffer()
    }
    const res = await server.fetch('/login', { method: 'POST', headers, body: form({ email: user.email, password: PASSWORD }) })
    expect(res.status).toBe(429)
    expect(await res.text()).toMatch(/Try again in \d+ minutes/)
  })
})

describe('password reset requests', () => {
  it('30 requests answer alike and queue at most the limit of mails', async () => {
    const user = await createUser(testDb())
    for (let i = 0; i < 30; i++) {
      const res = await server.fetch('/forgot-password', { method: 'POST', body: form({ email: user.email }) })
      expect(res.status).toBe(200)
      expect(await res.text()).toContain('如果该邮箱已注册')
    }
    const queued = await outboxTo(user.email)
    expect(queued.length).toBeGreaterThanOrEqual(1)
    expect(queued.length).toBeLessThanOrEqual(server.config.ACCOUNT_MAIL_MAX_PER_EMAIL)
  })
})

describe('sign-up', () => {
  const signupForm = (email: string, name = '新用户') =>
    form({ name, email, password: 'Signup2026pass', confirmPassword: 'Signup2026pass', agree: 'on', redirectTo: '' })

  /** The page without what legitimately differs between two answers: the typed address, nonces, request ids. */
  const normalise = (html: string, email: string) =>
    html
      .replaceAll(email.toLowerCase(), 'EMAIL')
      .replaceAll(email.toUpperCase(), 'EMAIL')
      .replace(/nonce="[^"]*"/g, 'nonce=""')
      .replace(/cspNonce\\",\\"[^\\]*/g, 'cspNonce')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UUID')

  it('answers a known address exactly as a new one, creates no user and mails the owner instead', async () => {
    const owner = await createUser(testDb(), { name: '老用户' })
    const fresh = `fresh-${Date.now().toString(36)}@example.test`

    const known = await server.fetch('/signup', { method: 'POST', body: signupForm(owner.email.toUpperCase(), '冒名者') })
    const unknown = await server.fetch('/signup', { method: 'POST', body: signupForm(fresh) })
    expect(known.status).toBe(unknown.status)
    expect(known.status).toBe(200)
    expect(known.headers.get('set-cookie')).toBeNull()
    expect(unknown.headers.get('set-cookie')).toBeNull()
    const knownHtml = await known.text()
    expect(knownHtml).toContain('请查收邮件')
    expect(knownHtml).not.toContain('该邮箱已注册')
    expect(normalise(knownHtml, owner.email)).toBe(normalise(await unknown.text(), fresh))

    const users = await testDb().selectFrom('users').select(['name']).where('email', '=', owner.email).execute()
    expect(users).toEqual([{ name: '老用户' }])
    const mails = await outboxTo(owner.email)
    expect(mails).toHaveLength(1)
    expect(mails[0]).toMatchObject({ template: 'signup_existing', params: { path: '/login', resetPath: '/forgot-password' } })
    // The new address gets a link to finish signing up, and has no account until it is followed.
    expect(await outboxTo(fresh)).toMatchObject([{ template: 'signup_confirm' }])
    expect(await testDb().selectFrom('users').select('id').where('email', '=', fresh).execute()).toHaveLength(0)
  })

  it('creates the account, signs in and goes on to redirectTo when the mailed link is followed, once', async () => {
    const email = `confirm-${Date.now().toString(36)}@example.test`
    const body = signupForm(email, '确认者')
    body.set('redirectTo', '/profile')
    expect((await server.fetch('/signup', { method: 'POST', body })).status).toBe(200)
    const [mail] = await outboxTo(email)
    const path = mail!.params.path!
    expect(path).toMatch(/^\/confirm-signup\/[A-Za-z0-9_-]{20,}$/)

    expect((await server.fetch(path)).status).toBe(200)
    const res = await server.fetch(path, { method: 'POST', body: form({}) })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/profile')
    expect(res.headers.get('set-cookie')).toMatch(/^tm_session=/)
    const user = await testDb().selectFrom('users').select(['id', 'name']).where('email', '=', email).executeTakeFirstOrThrow()
    expect(user.name).toBe('确认者')
    const signup = await testDb().selectFrom('audit_log').select('action').where('action', '=', 'user.signup').where('entity_id', '=', user.id).execute()
    expect(signup).toHaveLength(1)

    const again = await server.fetch(path, { method: 'POST', body: form({}) })
    expect(again.status).toBe(400)
    expect(again.headers.get('set-cookie')).toBeNull()
  })
})
