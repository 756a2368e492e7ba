import type { ServerBuild } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertInvitation } from '../../db/repos/invitations'
import { insertPasswordReset } from '../../db/repos/password-resets'
import { findOrganisation } from '../../db/repos/organisations'
import { hashToken, newToken } from '../../server/tokens'
import { createManager, createMember, createOrganisation, createUser, PASSWORD } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { tableFingerprints } from './db-fingerprint'
import { testDb } from '../helpers/worker-setup'

// The route × role table: every route of the built app, requested as every
// kind of principal, with the status each one must get. A route added without
// an entry here fails the suite, so a new page cannot ship without someone
// deciding (and writing down) who may see it.

// @ts-ignore -- produced by `remix vite:build` in global-setup
const build = (await import('../../build/server/index.js')) as ServerBuild

const ROLES = [
  'anonymous',
  'user', // signed in, no organisation
  'researcher', // member of a verified university
  'institutionAdmin', // admin of a verified university
  'enterprise',
  'manager', // technology manager (agency member with a manager profile)
  'registrar',
  'cityOfficer', // government organisation of the city (450200)
  'countyOfficer', // government organisation of 柳南区 (450204)
  'platformAdmin',
] as const
type Role = (typeof ROLES)[number]
const SIGNED_IN = ROLES.filter((r) => r !== 'anonymous')

/** A status, or `→ location` for a 302 redirect. */
type Outcome = number | `→ ${string}`
type Expectation = Record<Role, Outcome>
interface Sample {
  path: string
  expect: Expectation
}

const toLogin = (path: string): Outcome => `→ /login?redirectTo=${encodeURIComponent(path)}`
const all = (o: Outcome) => Object.fromEntries(ROLES.map((r) => [r, o])) as Expectation
/** The page is public: everyone gets `o`. */
const everyone = (o: Outcome = 200) => all(o)
/** Anonymous visitors go to the login page; everyone signed in gets `o`. */
const signedIn = (path: string, o: Outcome = 200): Expectation => ({ ...all(o), anonymous: toLogin(path) })
/** Only for visitors who are not signed in; the signed-in go to their workspace. */
const anonymousOnly = (): Expectation => ({ ...all('→ /workspace'), anonymous: 200 })
/** The platform administrator's area: everyone else signed in gets 403. */
const platformAdmin = (path: string, o: Outcome = 200): Expectation => ({ ...signedIn(path, 403), platformAdmin: o })

/** Layout routes that have no URL of their own; every page request goes through them. */
const LAYOUT_ROUTES = new Set(['root'])

interface Fixtures {
  /** An enterprise in 柳南区 (450204): its member, the county and city officers and the platform admin may look. */
  enterpriseOrg: string
  /** An organisation in 柳北区 (450205) with nobody of ours in it. */
  otherCountyOrg: string
  /** An organisation waiting for the platform admin's review. */
  pendingOrg: string
  invitationToken: string
  resetToken: string
}

const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000'

/** Route id → the GET requests that stand for it. */
const SPEC: Record<string, (f: Fixtures) => Sample[]> = {
  'routes/_index': () => [{ path: '/', expect: everyone() }],
  'routes/$': () => [
    { path: '/no-such-page', expect: everyone(404) },
    { path: '/orgs/new/extra/segments', expect: everyone(404) },
  ],
  'routes/login': () => [{ path: '/login', expect: anonymousOnly() }],
  'routes/signup': () => [{ path: '/signup', expect: anonymousOnly() }],
  'routes/forgot-password': () => [{ path: '/forgot-password', expect: everyone() }],
  'routes/reset-password.$token': (f) => [
    { path: `/reset-password/${f.resetToken}`, expect: everyone() },
    { path: '/reset-password/not-a-real-token', expect: everyone() }, // the page says the link is no good
  ],
  'routes/invitations.$token': (f) => [
    { path: `/invitations/${f.invitationToken}`, expect: everyone() },
    { path: '/invitations/not-a-real-token', expect: everyone() },
  ],
  // Action-only routes: a GET goes home and does nothing.
  'routes/logout': () => [{ path: '/logout', expect: everyone('→ /') }],
  'routes/set-locale': () => [{ path: '/set-locale', expect: everyone('→ /') }],
  // The development mailbox is public while no SMTP server is configured (docs/decisions/007).
  'routes/dev.mailbox': () => [{ path: '/dev/mailbox', expect: everyone() }],
  'routes/workspace': () => [{ path: '/workspace', expect: signedIn('/workspace') }],
  'routes/profile': () => [{ path: '/profile', expect: signedIn('/profile') }],
  'routes/orgs.new': () => [{ path: '/orgs/new', expect: signedIn('/orgs/new') }],
  'routes/manager.register': () => [{ path: '/manager/register', expect: signedIn('/manager/register') }],
  'routes/orgs.$orgId': (f) => {
    const own = `/orgs/${f.enterpriseOrg}`
    const other = `/orgs/${f.otherCountyOrg}`
    const unknown = `/orgs/${UNKNOWN_UUID}`
    return [
      { path: own, expect: { ...signedIn(own, 404), enterprise: 200, cityOfficer: 200, countyOfficer: 200, platformAdmin: 200 } },
      { path: other, expect: { ...signedIn(other, 404), cityOfficer: 200, platformAdmin: 200 } },
      { path: unknown, expect: signedIn(unknown, 404) },
      { path: '/orgs/not-a-uuid', expect: signedIn('/orgs/not-a-uuid', 404) },
    ]
  },
  'routes/admin.orgs._index': () => [
    { path: '/admin/orgs', expect: platformAdmin('/admin/orgs') },
    { path: '/admin/orgs?status=verified', expect: platformAdmin('/admin/orgs?status=verified') },
  ],
  'routes/admin.orgs.$orgId': (f) => {
    const pending = `/admin/orgs/${f.pendingOrg}`
    const unknown = `/admin/orgs/${UNKNOWN_UUID}`
    return [
      { path: pending, expect: platformAdmin(pending) },
      { path: unknown, expect: platformAdmin(unknown, 404) },
      { path: '/admin/orgs/not-a-uuid', expect: platformAdmin('/admin/orgs/not-a-uuid', 404) },
    ]
  },
  'routes/admin.audit': () => [
    { path: '/admin/audit', expect: platformAdmin('/admin/audit') },
    { path: '/admin/audit?from=2020-01-01&beforeId=abc', expect: platformAdmin('/admin/audit?from=2020-01-01&beforeId=abc') },
  ],
}

/** Route id → an anonymous POST to it and what that must give; required for every route with an action. */
const ANONYMOUS_POSTS: Record<string, (f: Fixtures) => { path: string; body: Record<string, string>; expect: Outcome }> = {
  'routes/login': () => ({ path: '/login', body: { email: 'nobody@example.test', password: 'wrong' }, expect: 400 }),
  'routes/signup': () => ({ path: '/signup', body: { email: 'not-an-email' }, expect: 400 }),
  'routes/forgot-password': () => ({ path: '/forgot-password', body: { email: 'nobody@example.test' }, expect: 200 }),
  'routes/reset-password.$token': () => ({
    path: '/reset-password/not-a-real-token',
    body: { password: 'N3w-passw0rd!', confirmPassword: 'N3w-passw0rd!' },
    expect: 400,
  }),
  'routes/logout': () => ({ path: '/logout', body: {}, expect: '→ /login?notice=logout' }),
  'routes/set-locale': () => ({ path: '/set-locale', body: { locale: 'en' }, expect: '→ /' }),
  'routes/invitations.$token': (f) => ({ path: `/invitations/${f.invitationToken}`, body: {}, expect: 401 }),
  'routes/profile': () => ({ path: '/profile', body: { name: 'Mallory' }, expect: 401 }),
  'routes/orgs.new': () => ({ path: '/orgs/new', body: { name: 'Evil Corp' }, expect: 401 }),
  'routes/manager.register': () => ({ path: '/manager/register', body: { certificateNo: 'X' }, expect: 401 }),
  'routes/orgs.$orgId': (f) => ({ path: `/orgs/${f.enterpriseOrg}`, body: { email: 'x@example.test', role: 'admin' }, expect: 401 }),
  'routes/admin.orgs.$orgId': (f) => ({ path: `/admin/orgs/${f.pendingOrg}`, body: { intent: 'verify' }, expect: 401 }),
}

let server: TestServer
let fixtures: Fixtures
const cookies = {} as Record<Role, string | undefined>

async function outcomeOf(res: Response): Promise<Outcome> {
  await res.arrayBuffer() // let the connection go back to the pool
  if (res.status === 302) return `→ ${res.headers.get('location')}`
  return res.status
}

beforeAll(async () => {
  const db = testDb()
  server = await startTestServer()

  const user = await createUser(db)
  const researcher = await createMember(db, { type: 'university', role: 'member' })
  const institutionAdmin = await createMember(db, { type: 'university', role: 'admin' })
  const enterprise = await createMember(db, { type: 'enterprise', divisionCode: '450204' })
  const manager = await createManager(db)
  const registrar = await createMember(db, { type: 'registrar' })
  const cityOfficer = await createMember(db, { type: 'government', divisionCode: '450200' })
  const countyOfficer = await createMember(db, { type: 'government', divisionCode: '450204' })
  const admin = await createUser(db, { platformAdmin: true })

  const otherCountyOrg = await createOrganisation(db, { divisionCode: '450205' })
  const pendingOrg = await createOrganisation(db, { status: 'pending', members: [{ userId: user.id, role: 'owner' }] })

  const invitationToken = newToken()
  await insertInvitation(db, {
    orgId: enterprise.org.id,
    email: 'invitee@example.test',
    role: 'member',
    tokenHash: hashToken(invitationToken),
    invitedBy: enterprise.user.id,
    expiresAt: new Date(Date.now() + 86_400_000),
  })
  const resetToken = newToken()
  await insertPasswordReset(db, { tokenHash: hashToken(resetToken), userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) })

  fixtures = { enterpriseOrg: enterprise.org.id, otherCountyOrg: otherCountyOrg.id, pendingOrg: pendingOrg.id, invitationToken, resetToken }

  const emails: Record<Exclude<Role, 'anonymous'>, string> = {
    user: user.email,
    researcher: researcher.user.email,
    institutionAdmin: institutionAdmin.user.email,
    enterprise: enterprise.user.email,
    manager: manager.user.email,
    registrar: registrar.user.email,
    cityOfficer: cityOfficer.user.email,
    countyOfficer: countyOfficer.user.email,
    platformAdmin: admin.email,
  }
  for (const role of SIGNED_IN) cookies[role] = await server.login(emails[role], PASSWORD)
})

afterAll(async () => {
  await server?.close()
})

describe('route × role table', () => {
  it('has a spec for every route of the build, and no spec for routes that are gone', () => {
    const ids = Object.keys(build.routes).filter((id) => !LAYOUT_ROUTES.has(id))
    const missing = ids.filter((id) => !(id in SPEC))
    const stale = Object.keys(SPEC).filter((id) => !(id in build.routes))
    expect({ missing, stale }).toEqual({ missing: [], stale: [] })
  })

  it('has an anonymous POST spec for every route with an action', () => {
    const withAction = Object.values(build.routes)
      .filter((r) => typeof r.module.action === 'function')
      .map((r) => r.id)
    const missing = withAction.filter((id) => !(id in ANONYMOUS_POSTS))
    const noAction = Object.keys(ANONYMOUS_POSTS).filter((id) => !withAction.includes(id))
    expect({ missing, noAction }).toEqual({ missing: [], noAction: [] })
  })

  for (const id of Object.keys(SPEC)) {
    it(`GET ${id}`, async () => {
      const actual: Record<string, Partial<Expectation>> = {}
      const expected: Record<string, Partial<Expectation>> = {}
      for (const sample of SPEC[id]!(fixtures)) {
        actual[sample.path] = Object.fromEntries(
          await Promise.all(ROLES.map(async (role) => [role, await outcomeOf(await server.fetch(sample.path, { cookie: cookies[role] }))])),
        )
        expected[sample.path] = sample.expect
      }
      // One comparison per route, so a failure shows every wrong cell at once.
      expect(actual).toEqual(expected)
    })
  }
})

describe('POSTs to protected actions', () => {
  for (const id of Object.keys(ANONYMOUS_POSTS)) {
    it(`anonymous POST ${id}`, async () => {
      const { path, body, expect: expected } = ANONYMOUS_POSTS[id]!(fixtures)
      const res = await server.fetch(path, { method: 'POST', body: new URLSearchParams(body) })
      expect(await outcomeOf(res)).toBe(expected)
    })
  }

  it('anonymous POST to a protected action sets no cookie and changes nothing', async () => {
    const before = await tableFingerprints(testDb())
    const res = await server.fetch(`/admin/orgs/${fixtures.pendingOrg}`, { method: 'POST', body: new URLSearchParams({ intent: 'verify' }) })
    expect(res.status).toBe(401)
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(await tableFingerprints(testDb())).toEqual(before)
  })

  it('only the platform admin may review an organisation', async () => {
    const path = `/admin/orgs/${fixtures.pendingOrg}`
    for (const role of SIGNED_IN.filter((r) => r !== 'platformAdmin')) {
      const res = await server.fetch(path, { method: 'POST', cookie: cookies[role], body: new URLSearchParams({ intent: 'verify' }) })
      expect({ role, outcome: await outcomeOf(res) }).toEqual({ role, outcome: 403 })
    }
    expect((await findOrganisation(testDb(), fixtures.pendingOrg))?.status).toBe('pending')

    const res = await server.fetch(path, { method: 'POST', cookie: cookies.platformAdmin, body: new URLSearchParams({ intent: 'verify' }) })
    expect(await outcomeOf(res)).toBe('→ /admin/orgs?status=pending&done=verified')
    expect((await findOrganisation(testDb(), fixtures.pendingOrg))?.status).toBe('verified')
  })

  it('only owners and admins of an organisation may invite to it', async () => {
    const path = `/orgs/${fixtures.enterpriseOrg}`
    const body = () => new URLSearchParams({ email: 'someone@example.test', role: 'member' })
    // The plain member and the officers who oversee the county may look, but not invite.
    for (const role of ['enterprise', 'countyOfficer', 'cityOfficer', 'platformAdmin'] as const) {
      const res = await server.fetch(path, { method: 'POST', cookie: cookies[role], body: body() })
      expect({ role, outcome: await outcomeOf(res) }).toEqual({ role, outcome: 403 })
    }
    // Those who may not even look learn nothing.
    for (const role of ['user', 'researcher', 'registrar'] as const) {
      const res = await server.fetch(path, { method: 'POST', cookie: cookies[role], body: body() })
      expect({ role, outcome: await outcomeOf(res) }).toEqual({ role, outcome: 404 })
    }
  })
})

describe('GET requests change nothing', () => {
  const paths = () => Object.values(SPEC).flatMap((samples) => samples(fixtures).map((s) => s.path))

  for (const role of ['platformAdmin', 'anonymous'] as const) {
    it(`GET to every route as ${role} leaves every table as it was`, async () => {
      const db = testDb()
      const before = await tableFingerprints(db)
      expect(before.audit_log.rows).toBeGreaterThan(0) // the logins above were audited
      for (const path of paths()) await outcomeOf(await server.fetch(path, { cookie: cookies[role] }))
      expect(await tableFingerprints(db)).toEqual(before)
    })
  }
})
