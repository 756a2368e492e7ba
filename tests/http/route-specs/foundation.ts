import type { Database } from '../../../db/index'
import { insertInvitation } from '../../../db/repos/invitations'
import { insertPasswordReset } from '../../../db/repos/password-resets'
import { hashToken, newToken } from '../../../server/platform/tokens'
import { createOrganisation } from '../../helpers/factories'
import { anonymousOnly, everyone, platformAdmin, signedIn, UNKNOWN_UUID, type FeatureSpec, type RoleUsers } from '../route-kit'

// Accounts, organisations, administration: the platform foundation's routes.

export interface Fixtures {
  /** An enterprise in 柳南区 (450204): its member, the county and city officers and the platform admin may look. */
  enterpriseOrg: string
  /** An organisation in 柳北区 (450205) with nobody of ours in it. */
  otherCountyOrg: string
  /** An organisation waiting for the platform admin's review. */
  pendingOrg: string
  /** The verified university of the researcher and the institution admin (柳南区). */
  universityOrg: string
  invitationToken: string
  resetToken: string
}

const get: FeatureSpec<Fixtures>['get'] = {
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
  // The development mailbox (no SMTP configured) is the platform admin's only (docs/decisions/013).
  'routes/dev.mailbox': () => [
    { path: '/dev/mailbox', expect: platformAdmin('/dev/mailbox') },
    { path: '/dev/mailbox?to=admin%40demo.kjdsc.cn', expect: platformAdmin('/dev/mailbox?to=admin%40demo.kjdsc.cn') },
  ],
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
    { path: '/admin/audit?who=admin&entityType=need&to=2030-01-01', expect: platformAdmin('/admin/audit?who=admin&entityType=need&to=2030-01-01') },
  ],
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
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


async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const otherCountyOrg = await createOrganisation(db, { divisionCode: '450205' })
  const pendingOrg = await createOrganisation(db, { status: 'pending', members: [{ userId: users.user.userId, role: 'owner' }] })
  const invitationToken = newToken()
  await insertInvitation(db, {
    orgId: users.enterprise.orgId!,
    email: 'invitee@example.test',
    role: 'member',
    tokenHash: hashToken(invitationToken),
    invitedBy: users.enterprise.userId,
    expiresAt: new Date(Date.now() + 86_400_000),
  })
  const resetToken = newToken()
  await insertPasswordReset(db, { tokenHash: hashToken(resetToken), userId: users.user.userId, expiresAt: new Date(Date.now() + 3_600_000) })
  return { universityOrg: users.researcher.orgId!, enterpriseOrg: users.enterprise.orgId!, otherCountyOrg: otherCountyOrg.id, pendingOrg: pendingOrg.id, invitationToken, resetToken }
}

export const foundation: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
