import type { ServerBuild } from '@remix-run/node'
import { insertMembership } from '../../db/repos/organisations'
import { createManager, createMember, createUser, PASSWORD, principalFor } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'
import { SIGNED_IN, type PostSample, type Role, type RoleUsers, type Sample, type SignedInRole } from './route-kit'
import { FEATURES } from './route-specs/index'

// The world of the route × role table, shared by every suite that walks the
// routes of the build as each kind of principal (routes.test.ts, the clean-HTML
// test, the fuzz suite): one user per role, each feature's fixtures, the built
// app served against this file's database, and a session cookie per role.

/** Layout routes that have no URL of their own; every page request goes through them. */
export const LAYOUT_ROUTES = new Set(['root'])

export interface RouteWorld {
  build: ServerBuild
  server: TestServer
  users: RoleUsers
  cookies: Record<Role, string | undefined>
  /** Each feature's fixtures. */
  fixtures: Record<string, any>
  /** Route id → its GET samples, with the feature's fixtures applied. */
  spec: Record<string, () => Sample[]>
  /** Route id → its anonymous POST. */
  anonymousPosts: Record<string, () => PostSample>
}

/** Route id → samples, checked for duplicates; usable before the world exists (to name tests). */
export function routeTable(fixtures: Record<string, any>) {
  const spec: Record<string, () => Sample[]> = {}
  const anonymousPosts: Record<string, () => PostSample> = {}
  for (const [name, feature] of Object.entries(FEATURES)) {
    for (const [id, samples] of Object.entries(feature.get)) {
      if (id in spec) throw new Error(`${id} has GET rows in two features`)
      spec[id] = () => samples(fixtures[name])
    }
    for (const [id, post] of Object.entries(feature.anonymousPosts)) {
      if (id in anonymousPosts) throw new Error(`${id} has POST rows in two features`)
      anonymousPosts[id] = () => post(fixtures[name])
    }
  }
  return { spec, anonymousPosts }
}

/** Call in beforeAll: makes the role users and fixtures, starts the built app and signs each role in. */
export async function startRouteWorld(fixtures: Record<string, any> = {}): Promise<RouteWorld> {
  const db = testDb()
  // @ts-ignore -- produced by `remix vite:build` in global-setup
  const build = (await import('../../build/server/index.js')) as ServerBuild
  const server = await startTestServer()

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

  const cookies = {} as Record<Role, string | undefined>
  for (const role of SIGNED_IN) cookies[role] = await server.login(users[role as SignedInRole].email, PASSWORD)
  return { build, server, users, cookies, fixtures, ...routeTable(fixtures) }
}
