import type { ServerBuild } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findOrganisation, insertMembership } from '../../db/repos/organisations'
import { createManager, createMember, createUser, PASSWORD, principalFor } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'
import { tableFingerprints } from './db-fingerprint'
import { ROLES, SIGNED_IN, type Expectation, type Outcome, type PostSample, type Role, type RoleUsers, type Sample, type SignedInRole } from './route-kit'
import { FEATURES } from './route-specs/index'

// The route × role table: every route of the built app, requested as every
// kind of principal, with the status each one must get. A route added without
// an entry (in tests/http/route-specs/) fails the suite, so a new page cannot
// ship without someone deciding, and writing down, who may see it.

// @ts-ignore -- produced by `remix vite:build` in global-setup
const build = (await import('../../build/server/index.js')) as ServerBuild

/** Layout routes that have no URL of their own; every page request goes through them. */
const LAYOUT_ROUTES = new Set(['root'])

let server: TestServer
const cookies = {} as Record<Role, string | undefined>
/** Each feature's fixtures, made in beforeAll. */
const fixtures: Record<string, any> = {}
/** Route id → its GET samples and its anonymous POST, with the feature's fixtures applied. */
const SPEC: Record<string, () => Sample[]> = {}
const ANONYMOUS_POSTS: Record<string, () => PostSample> = {}
for (const [name, feature] of Object.entries(FEATURES)) {
  for (const [id, samples] of Object.entries(feature.get)) {
    if (id in SPEC) throw new Error(`${id} has GET rows in two features`)
    SPEC[id] = () => samples(fixtures[name])
  }
  for (const [id, post] of Object.entries(feature.anonymousPosts)) {
    if (id in ANONYMOUS_POSTS) throw new Error(`${id} has POST rows in two features`)
    ANONYMOUS_POSTS[id] = () => post(fixtures[name])
  }
}
const pendingOrg = () => fixtures.foundation.pendingOrg as string
const universityOrg = () => fixtures.foundation.universityOrg as string

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
  // The institution admin administers the researcher's own university.
  const institutionAdminUser = await createUser(db)
  await insertMembership(db, { orgId: researcher.org.id, userId: institutionAdminUser.id, role: 'admin' })
  const enterprise = await createMember(db, { type: 'enterprise', role: 'owner', divisionCode: '450204' })
  const manager = await createManager(db)
  const registrar = await createMember(db, { type: 'registrar' })
  const cityOfficer = await createMember(db, { type: 'government', divisionCode: '450200' })
  const countyOfficer = await createMember(db, { type: 'government', divisionCode: '450204' })
  const admin = await createUser(db, { platformAdmin: true })

  const one = async (userId: string, email: string, orgId: string | null) => ({ userId, email, orgId, principal: await principalFor(db, userId) })
  const users: RoleUsers = {
    user: await one(user.id, user.email, null),
    researcher: await one(researcher.user.id, researcher.user.email, researcher.org.id),
    institutionAdmin: await one(institutionAdminUser.id, institutionAdminUser.email, researcher.org.id),
    enterprise: await one(enterprise.user.id, enterprise.user.email, enterprise.org.id),
    manager: await one(manager.user.id, manager.user.email, manager.org.id),
    registrar: await one(registrar.user.id, registrar.user.email, registrar.org.id),
    cityOfficer: await one(cityOfficer.user.id, cityOfficer.user.email, cityOfficer.org.id),
    countyOfficer: await one(countyOfficer.user.id, countyOfficer.user.email, countyOfficer.org.id),
    platformAdmin: await one(admin.id, admin.email, null),
  }

  for (const [name, feature] of Object.entries(FEATURES)) fixtures[name] = feature.setup ? await feature.setup(db, users) : {}

  for (const role of SIGNED_IN) cookies[role] = await server.login(users[role as SignedInRole].email, PASSWORD)
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
      for (const sample of SPEC[id]!()) {
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
      const { path, body, expect: expected } = ANONYMOUS_POSTS[id]!()
      const res = await server.fetch(path, { method: 'POST', body: new URLSearchParams(body) })
      expect(await outcomeOf(res)).toBe(expected)
    })
  }

  it('anonymous POST to a protected action sets no cookie and changes nothing', async () => {
    const before = await tableFingerprints(testDb())
    const res = await server.fetch(`/admin/orgs/${pendingOrg()}`, { method: 'POST', body: new URLSearchParams({ intent: 'verify' }) })
    expect(res.status).toBe(401)
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(await tableFingerprints(testDb())).toEqual(before)
  })

  it('only the platform admin may review an organisation', async () => {
    const path = `/admin/orgs/${pendingOrg()}`
    for (const role of SIGNED_IN.filter((r) => r !== 'platformAdmin')) {
      const res = await server.fetch(path, { method: 'POST', cookie: cookies[role], body: new URLSearchParams({ intent: 'verify' }) })
      expect({ role, outcome: await outcomeOf(res) }).toEqual({ role, outcome: 403 })
    }
    expect((await findOrganisation(testDb(), pendingOrg()))?.status).toBe('pending')

    const res = await server.fetch(path, { method: 'POST', cookie: cookies.platformAdmin, body: new URLSearchParams({ intent: 'verify' }) })
    expect(String(await outcomeOf(res))).toMatch(/^→ \/admin\/orgs\?status=pending&done=verified&org=/)
    expect((await findOrganisation(testDb(), pendingOrg()))?.status).toBe('verified')
  })

  it('only owners and admins of an organisation may invite to it', async () => {
    const path = `/orgs/${universityOrg()}`
    const body = () => new URLSearchParams({ email: 'someone@example.test', role: 'member' })
    // The plain member and the officers who oversee the county may look, but not invite.
    for (const role of ['researcher', 'countyOfficer', 'cityOfficer', 'platformAdmin'] as const) {
      const res = await server.fetch(path, { method: 'POST', cookie: cookies[role], body: body() })
      expect({ role, outcome: await outcomeOf(res) }).toEqual({ role, outcome: 403 })
    }
    // Those who may not even look learn nothing.
    for (const role of ['user', 'enterprise', 'registrar'] as const) {
      const res = await server.fetch(path, { method: 'POST', cookie: cookies[role], body: body() })
      expect({ role, outcome: await outcomeOf(res) }).toEqual({ role, outcome: 404 })
    }
  })
})

describe('GET requests change nothing', () => {
  const paths = () => Object.values(SPEC).flatMap((samples) => samples().map((s) => s.path))

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
