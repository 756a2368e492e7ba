import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publicOrigin } from '../../server/platform/config'
import { insertMembership } from '../../db/repos/organisations'
import { createOrganisation, createUser, PASSWORD } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// Issue 7, security items 1, 2, 3 and 9, through HTTP against the real build:
// the development mailbox, absolute links from configuration only, redirects
// that never leave the site, and the CSP's connect-src.

let server: TestServer
/** A server without PUBLIC_URL: links must come from the default, never from the Host header. */
let bare: TestServer

beforeAll(async () => {
  server = await startTestServer()
  bare = await startTestServer({ PUBLIC_URL: '', PORT: '3999' })
})

afterAll(async () => {
  await server?.close()
  await bare?.close()
})

const form = (fields: Record<string, string>) => new URLSearchParams(fields)

/** A raw HTTP request with any Host header (fetch would not let us choose it). */
function rawRequest(base: string, p: string, o: { method?: string; host: string; body?: string; headers?: Record<string, string> }) {
  const url = new URL(base)
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: p,
        method: o.method ?? 'GET',
        headers: {
          host: o.host,
          ...(o.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(o.body)) } : {}),
          ...o.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
      },
    )
    req.on('error', reject)
    req.end(o.body)
  })
}

async function mailsTo(email: string) {
  const rows = await testDb().selectFrom('outbox').select(['payload']).where('kind', '=', 'email').orderBy('id').execute()
  return rows.map((r) => r.payload as { to: string; params: Record<string, string> }).filter((p) => p.to === email)
}

describe('1. the development mailbox', () => {
  it('is for a signed-in platform admin only', async () => {
    const anonymous = await server.fetch('/dev/mailbox')
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('location')).toBe('/login?redirectTo=%2Fdev%2Fmailbox')

    const user = await createUser(testDb())
    const cookie = await server.login(user.email, PASSWORD)
    const asUser = await server.fetch('/dev/mailbox', { cookie })
    expect(asUser.status).toBe(403)
    expect(await asUser.text()).not.toContain('data-testid="mail"')

    const admin = await createUser(testDb(), { platformAdmin: true })
    const adminCookie = await server.login(admin.email, PASSWORD)
    const asAdmin = await server.fetch('/dev/mailbox', { cookie: adminCookie })
    expect(asAdmin.status).toBe(200)
  })

  it('never shows a reset link to an anonymous visitor (the takeover in the issue)', async () => {
    const victim = await createUser(testDb())
    await server.fetch('/forgot-password', { method: 'POST', body: form({ email: victim.email }) })
    // What the mailbox shows comes from the mailbox table; put the reset mail there as the transport would.
    const [mail] = await mailsTo(victim.email)
    await testDb().insertInto('mailbox').values({ to_address: victim.email, subject: 'reset', text_body: mail!.params.link! }).execute()
    for (const p of ['/dev/mailbox', `/dev/mailbox?to=${encodeURIComponent(victim.email)}`, `/dev/mailbox.data`, '/dev/mailbox?_data=routes%2Fdev.mailbox']) {
      const res = await server.fetch(p)
      // Data requests answer 2xx with the redirect inside (single fetch); the body is what matters.
      if (!/[._]data/.test(p)) expect({ p, ok: res.status >= 200 && res.status < 300 }).toEqual({ p, ok: false })
      expect(await res.text()).not.toContain('/reset-password/')
    }
  })

  it('is linked from the footer for the platform admin only', async () => {
    const anonymous = await (await server.fetch('/')).text()
    expect(anonymous).not.toContain('href="/dev/mailbox"')
    const user = await createUser(testDb())
    const asUser = await (await server.fetch('/', { cookie: await server.login(user.email, PASSWORD) })).text()
    expect(asUser).not.toContain('href="/dev/mailbox"')
    const admin = await createUser(testDb(), { platformAdmin: true })
    const asAdmin = await (await server.fetch('/', { cookie: await server.login(admin.email, PASSWORD) })).text()
    expect(asAdmin).toContain('href="/dev/mailbox"')
  })
})

describe('2. absolute links come from configuration, never from the Host header', () => {
  it('defaults the public origin to http://localhost:PORT', () => {
    expect(publicOrigin({ PUBLIC_URL: undefined, PORT: 3000 })).toBe('http://localhost:3000')
    expect(publicOrigin({ PUBLIC_URL: 'https://kjdsc.example/some/path', PORT: 3000 })).toBe('https://kjdsc.example')
    expect(bare.config.PUBLIC_URL).toBeUndefined()
  })

  it('a reset mail requested with Host: evil.example links to the configured origin', async () => {
    const user = await createUser(testDb())
    const res = await rawRequest(bare.url, '/forgot-password', { method: 'POST', host: 'evil.example', body: form({ email: user.email }).toString() })
    expect(res.status).toBe(200)
    const [mail] = await mailsTo(user.email)
    expect(mail?.params.link).toMatch(/^http:\/\/localhost:3999\/reset-password\/[\w-]+$/)
  })

  it('an invitation mail sent with Host: evil.example links to the configured origin', async () => {
    const owner = await createUser(testDb())
    const org = await createOrganisation(testDb(), { type: 'enterprise', members: [{ userId: owner.id, role: 'admin' }] })
    const cookie = await bare.login(owner.email, PASSWORD)
    const invitee = `invitee-${Date.now()}@example.test`
    const res = await rawRequest(bare.url, `/orgs/${org.id}`, {
      method: 'POST',
      host: 'evil.example',
      headers: { cookie, origin: 'http://evil.example' },
      body: form({ intent: 'invite', email: invitee, role: 'member' }).toString(),
    })
    expect(res.status).toBeLessThan(400)
    const [mail] = await mailsTo(invitee)
    expect(mail?.params.link).toMatch(/^http:\/\/localhost:3999\/invitations\/[\w-]+$/)
  })

  it('canonical and og:url use the configured origin', async () => {
    const org = await createOrganisation(testDb(), { type: 'enterprise' })
    const res = await rawRequest(bare.url, `/o/${org.id}`, { host: 'evil.example' })
    expect(res.status).toBe(200)
    expect(res.body).not.toContain('evil.example')
    expect(res.body).toContain(`<link rel="canonical" href="http://localhost:3999/o/${org.id}"/>`)
    expect(res.body).toContain(`<meta property="og:url" content="http://localhost:3999/o/${org.id}"/>`)
  })
})

// Every payload from the issue and then some. None may leave the site, none may answer 500.
const PAYLOADS = [
  '/%09/other-host/x',
  '/%09%5Cother-host',
  '/\t/other-host/x',
  '/\t\\other-host',
  '\t//other-host',
  '/\r\n/other-host',
  '/\n/other-host',
  '/\r/other-host',
  '/x\r\nSet-Cookie: a=b',
  '/\0/other-host',
  '/x\0y',
  '\\other-host',
  '\\\\other-host',
  '/\\other-host',
  '/\\/other-host',
  '/x\\y',
  '//other-host',
  '//other-host/x',
  '///other-host',
  '/.//other-host',
  '/./\\other-host',
  'https://other-host',
  'http:other-host',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,hi',
  '%2F%2Fother-host',
  '/%2F%2Fother-host',
  '/%2F/other-host',
  '/%5Cother-host',
  '/%5C%5Cother-host',
  '%09/other-host',
  '/%0D%0A/other-host',
  '/%00/other-host',
  '/%252F%252Fother-host',
  '/工作台',
  '/工作台?x=值#片段',
  '//工作台',
  '/\u2028/other-host',
  '/\uFEFF/other-host',
  '/\u00A0/other-host',
  '/\uD800',
  '/%ZZ',
  '/%',
  ' /other',
  '',
  'other-host',
  '/workspace/../../other-host',
]

function staysOnSite(location: string | null, base: string) {
  if (!location) return false
  const resolved = new URL(location, base)
  return resolved.origin === new URL(base).origin
}

describe('3. redirects stay on the site', () => {
  it('login with redirectTo: every payload lands on this site, none answers 500', async () => {
    const user = await createUser(testDb())
    const failures: unknown[] = []
    for (const redirectTo of PAYLOADS) {
      const res = await server.fetch('/login', { method: 'POST', body: form({ email: user.email, password: PASSWORD, redirectTo }) })
      const location = res.headers.get('location')
      if (res.status !== 302 || !staysOnSite(location, server.url)) failures.push({ redirectTo, status: res.status, location })
    }
    expect(failures).toEqual([])
  })

  it('/set-locale with redirectTo: every payload lands on this site, none answers 500', async () => {
    const failures: unknown[] = []
    for (const redirectTo of PAYLOADS) {
      const res = await server.fetch('/set-locale', { method: 'POST', body: form({ locale: 'en', redirectTo }) })
      const location = res.headers.get('location')
      if (res.status !== 302 || !staysOnSite(location, server.url)) failures.push({ redirectTo, status: res.status, location })
    }
    expect(failures).toEqual([])
  })

  it('the login and signup pages with a hostile redirectTo in the query answer, never 500', async () => {
    const failures: unknown[] = []
    for (const redirectTo of PAYLOADS) {
      for (const page of ['/login', '/signup']) {
        let q: string
        try {
          q = encodeURIComponent(redirectTo)
        } catch {
          q = '%ED%A0%80' // a lone surrogate cannot be encoded: send what a browser would
        }
        const res = await server.fetch(`${page}?redirectTo=${q}`)
        await res.arrayBuffer()
        if (res.status >= 500) failures.push({ page, redirectTo, status: res.status })
      }
    }
    expect(failures).toEqual([])
  })

  it('a plain same-site path comes through, non-Latin-1 percent-encoded', async () => {
    const user = await createUser(testDb())
    const cases: [string, string][] = [
      ['/needs?industry=C36&page=2', '/needs?industry=C36&page=2'],
      ['/工作台', '/%E5%B7%A5%E4%BD%9C%E5%8F%B0'],
      ['/search?q=汽车', '/search?q=%E6%B1%BD%E8%BD%A6'],
    ]
    for (const [redirectTo, expected] of cases) {
      const res = await server.fetch('/login', { method: 'POST', body: form({ email: user.email, password: PASSWORD, redirectTo }) })
      expect({ redirectTo, location: res.headers.get('location') }).toEqual({ redirectTo, location: expected })
    }
    const home = await server.fetch('/set-locale', { method: 'POST', body: form({ locale: 'zh-CN', redirectTo: '//other-host' }) })
    expect(home.headers.get('location')).toBe('/')
  })
})

describe('7. manager registration waits for the agency', () => {
  it("a fresh account's registration is pending until the agency admin approves it on the organisation page", async () => {
    const admin = await createUser(testDb())
    const agency = await createOrganisation(testDb(), { type: 'agency', members: [{ userId: admin.id, role: 'admin' }] })
    const member = await createUser(testDb())
    await insertMembership(testDb(), { orgId: agency.id, userId: member.id, role: 'member' })
    const applicant = await createUser(testDb(), { name: '申请经理人' })
    const cookie = await server.login(applicant.email, PASSWORD)

    const reg = await server.fetch('/manager/register', { method: 'POST', cookie, body: form({ certificateNo: `HTTP-${Date.now()}`, agencyId: agency.id }) })
    expect(reg.status).toBe(302)
    expect(reg.headers.get('location')).toBe('/manager/register?requested=1')
    expect(await (await server.fetch('/manager/register?requested=1', { cookie })).text()).toContain('正在等待该机构管理员审核')
    expect((await server.fetch('/match-board', { cookie })).status).toBe(403)

    // A plain member of the agency sees no applications and may not decide.
    const memberCookie = await server.login(member.email, PASSWORD)
    expect(await (await server.fetch(`/orgs/${agency.id}`, { cookie: memberCookie })).text()).not.toContain(applicant.email)
    const byMember = await server.fetch(`/orgs/${agency.id}`, { method: 'POST', cookie: memberCookie, body: form({ intent: 'manager-approve', userId: applicant.id }) })
    expect(byMember.status).toBe(403)
    expect((await server.fetch('/match-board', { cookie })).status).toBe(403)

    const adminCookie = await server.login(admin.email, PASSWORD)
    const page = await (await server.fetch(`/orgs/${agency.id}`, { cookie: adminCookie })).text()
    expect(page).toContain('技术经理人申请')
    expect(page).toContain(applicant.email)
    const ok = await server.fetch(`/orgs/${agency.id}`, { method: 'POST', cookie: adminCookie, body: form({ intent: 'manager-approve', userId: applicant.id }) })
    expect(ok.status).toBe(302)
    expect(ok.headers.get('location')).toMatch(new RegExp(`^/orgs/${agency.id}\\?manager=approved&`))
    expect((await server.fetch('/match-board', { cookie })).status).toBe(200)
  })
})

describe('9. Content-Security-Policy connect-src', () => {
  it("is 'self' only: no ws: or wss: to any host", async () => {
    const res = await server.fetch('/')
    await res.arrayBuffer()
    const csp = res.headers.get('content-security-policy') ?? ''
    const connect = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('connect-src'))
    expect(connect).toBe("connect-src 'self'")
  })
})
