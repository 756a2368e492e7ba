import type { Database } from '../../db/index'
import type { Principal } from '../../server/identity/principal'

// Building blocks of the route × role table (routes.test.ts). Each feature
// keeps its rows in tests/http/route-specs/<feature>.ts and lists itself in
// route-specs/index.ts.

export const ROLES = [
  'anonymous',
  'user', // signed in, no organisation
  'researcher', // member of a verified university
  'institutionAdmin', // admin of the same verified university
  'enterprise', // member (owner) of a verified enterprise in 柳南区 (450204)
  'manager', // technology manager (agency member with a manager profile)
  'registrar',
  'cityOfficer', // government organisation of the city (450200)
  'countyOfficer', // government organisation of 柳南区 (450204)
  'platformAdmin',
] as const
export type Role = (typeof ROLES)[number]
export type SignedInRole = Exclude<Role, 'anonymous'>
export const SIGNED_IN = ROLES.filter((r): r is SignedInRole => r !== 'anonymous')

/** A status, or `→ location` for a 302 redirect. */
export type Outcome = number | `→ ${string}`
export type Expectation = Record<Role, Outcome>
export interface Sample {
  path: string
  expect: Expectation
}
export interface PostSample {
  path: string
  body: Record<string, string>
  expect: Outcome
}

export const toLogin = (path: string): Outcome => `→ /login?redirectTo=${encodeURIComponent(path)}`
export const all = (o: Outcome) => Object.fromEntries(ROLES.map((r) => [r, o])) as Expectation
/** The page is public: everyone gets `o`. */
export const everyone = (o: Outcome = 200) => all(o)
/** Anonymous visitors go to the login page; everyone signed in gets `o`. */
export const signedIn = (path: string, o: Outcome = 200): Expectation => ({ ...all(o), anonymous: toLogin(path) })
/** Only for visitors who are not signed in; the signed-in go to their workspace. */
export const anonymousOnly = (): Expectation => ({ ...all('→ /workspace'), anonymous: 200 })
/** The platform administrator's area: everyone else signed in gets 403. */
export const platformAdmin = (path: string, o: Outcome = 200): Expectation => ({ ...signedIn(path, 403), platformAdmin: o })

export const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000'

/** The signed-in principals of the table, made once per run. */
export type RoleUsers = Record<SignedInRole, { userId: string; email: string; orgId: string | null; principal: Principal }>

/**
 * One feature's rows: `setup` makes the records its samples point at (using
 * the role users, so e.g. the researcher owns a draft); `get` gives the GET
 * samples per route id; `anonymousPosts` one anonymous POST per route with an action.
 */
export interface FeatureSpec<F = any> {
  setup?: (db: Database, users: RoleUsers) => Promise<F>
  get: Record<string, (f: F) => Sample[]>
  anonymousPosts: Record<string, (f: F) => PostSample>
}
