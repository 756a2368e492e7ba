import type { ServerBuild } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findOrganisation } from '../../db/repos/organisations'
import type { TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'
import { tableFingerprints } from './db-fingerprint'
import { ROLES, SIGNED_IN, type Expectation, type Outcome, type Role } from './route-kit'
import { LAYOUT_ROUTES, routeTable, startRouteWorld } from './route-world'

// The route × role table: every route of the built app, requested as every
// kind of principal, with the status each one must get. A route added without
// an entry (in tests/http/route-specs/) fails the suite, so a new page cannot
// ship without someone deciding, and writing down, who may see it.

// @ts-ignore -- produced by `remix vite:build` in global-setup
const build = (await import('../../build/server/index.js')) as ServerBuild

let server: TestServer
let cookies = {} as Record<Role, string | undefined>
/** Each feature's fixtures, made in beforeAll. */
const fixtures: Record<string, any> = {}
const { spec: SPEC, anonymousPosts: ANONYMOUS_POSTS } = routeTable(fixtures)
const pendingOrg = () => fixtures.foundation.pendingOrg as string
const universityOrg = () => fixtures.foundation.universityOrg as string

async function outcomeOf(res: Response): Promise<Outcome> {
  await res.arrayBuffer() // let the connection go back to the pool
  if (res.status === 302) return `→ ${res.headers.get('location')}`
  return res.status
}

beforeAll(async () => {
  const world = await startRouteWorld(fixtures)
  server = world.server
  cookies = world.cookies
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
