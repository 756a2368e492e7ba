import { NeedPassSchema, NeedResponseSchema } from '../../../server/listings/schemas'
import type { Database } from '../../../db/index'
import { passOnNeed, respondToNeed } from '../../../server/engagement/need-responses'
import { createOrganisation, createUser, principalFor, testMeta } from '../../helpers/factories'
import { draftNeed, publishedNeed } from '../../helpers/needs'
import { all, everyone, signedIn, UNKNOWN_UUID, type Expectation, type FeatureSpec, type RoleUsers } from '../route-kit'

// Needs (技术需求), responses, the feedback dashboard and public organisation
// profiles. The needs belong to the enterprise role's company (its owner posted
// them); the researcher's university has responded to the published one and
// another institute has passed on it.

export interface Fixtures {
  published: string
  expired: string
  draft: string
  university: string
  enterprise: string
  pendingOrg: string
}

/** The enterprise's members get `insiders`; other signed-in roles `others`; anonymous goes to login. */
const forEnterprise = (path: string, insiders: number, others: number, extra: Partial<Expectation> = {}): Expectation => ({
  ...signedIn(path, others),
  enterprise: insiders,
  ...extra,
})

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/needs._index': () => [
    { path: '/needs', expect: everyone() },
    { path: '/needs?industry=auto&county=450204&budget=10to50&page=2', expect: everyone() },
    // Unknown filter values are ignored on a browse page, never an error.
    { path: '/needs?industry=nope&county=x&budget=lots&page=-1', expect: everyone() },
    { path: `/needs?q=${encodeURIComponent('压铸 气孔')}&sort=expiring`, expect: everyone() },
    { path: '/needs?q=%25&sort=cheapest', expect: everyone() },
  ],
  // Only members of a verified enterprise post needs.
  'routes/needs.new': () => [{ path: '/needs/new', expect: forEnterprise('/needs/new', 200, 403) }],
  'routes/needs.$id': (f) => [
    { path: `/needs/${f.published}`, expect: everyone() },
    // Expired: out of the list, but the page stays.
    { path: `/needs/${f.expired}`, expect: everyone() },
    // A draft: its organisation and the platform admin see it; for everyone else it does not exist.
    { path: `/needs/${f.draft}`, expect: { ...all(404), enterprise: 200, platformAdmin: 200 } },
    { path: `/needs/${UNKNOWN_UUID}`, expect: everyone(404) },
    { path: '/needs/not-a-uuid', expect: everyone(404) },
  ],
  'routes/needs.$id_.edit': (f) => {
    const draft = `/needs/${f.draft}/edit`
    const published = `/needs/${f.published}/edit`
    const unknown = `/needs/${UNKNOWN_UUID}/edit`
    return [
      // The creator edits a draft; the platform admin may see it but not edit it; others do not know it exists.
      { path: draft, expect: forEnterprise(draft, 200, 404, { platformAdmin: 403 }) },
      // A published need is visible to all and editable by its enterprise (it goes back to review, ADR 019).
      { path: published, expect: forEnterprise(published, 200, 403) },
      { path: unknown, expect: signedIn(unknown, 404) },
    ]
  },
  // Members of any enterprise, verified or not (the foundation's `user` owns one waiting for review: the page says so).
  'routes/my.needs': () => [{ path: '/my/needs', expect: forEnterprise('/my/needs', 200, 403, { user: 200 }) }],
  // Everyone signed in has a dashboard; without organisations or feedback it shows an empty state.
  'routes/my.feedback': (f) => [
    { path: '/my/feedback', expect: signedIn('/my/feedback') },
    { path: `/my/feedback?org=${f.university}`, expect: signedIn(`/my/feedback?org=${f.university}`) },
  ],
  // Public profiles of verified organisations only.
  'routes/o.$orgId': (f) => [
    { path: `/o/${f.university}`, expect: everyone() },
    { path: `/o/${f.enterprise}`, expect: everyone() },
    { path: `/o/${f.pendingOrg}`, expect: everyone(404) },
    { path: `/o/${UNKNOWN_UUID}`, expect: everyone(404) },
    { path: '/o/not-a-uuid', expect: everyone(404) },
  ],
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/needs.new': (f) => ({ path: '/needs/new', body: { orgId: f.enterprise, title: '匿名发布的需求' }, expect: 401 }),
  'routes/needs.$id': (f) => ({ path: `/needs/${f.published}`, body: { intent: 'respond', orgId: f.university, proposal: '匿名响应的方案内容' }, expect: 401 }),
  'routes/needs.$id_.edit': (f) => ({ path: `/needs/${f.draft}/edit`, body: { title: '匿名修改' }, expect: 401 }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const orgId = users.enterprise.orgId!
  const owner = users.enterprise.principal
  const university = users.researcher.orgId!
  const published = await publishedNeed(db, owner, owner, orgId, { title: '电驱壳体压铸气孔控制' })
  const expired = await publishedNeed(db, owner, owner, orgId, { title: '旧产线节能改造（过期）', expired: true })
  const draft = await draftNeed(db, owner, orgId, { title: '涂装废水回用（草稿）' })
  await respondToNeed(db, users.researcher.principal, published, NeedResponseSchema.parse({ orgId: university, proposal: '我们可提供真空压铸工艺包并派员现场调试。' }), testMeta)
  // Another institute passes on it with a reason, so the owner's view lists a pass too.
  const passer = await createUser(db)
  const institute = await createOrganisation(db, { type: 'institute', members: [{ userId: passer.id, role: 'owner' }] })
  await passOnNeed(db, await principalFor(db, passer.id), published, NeedPassSchema.parse({ orgId: institute.id, reason: 'price', note: '预算偏低' }), testMeta)
  const pending = await createOrganisation(db, { type: 'enterprise', status: 'pending' })
  return { published, expired, draft, university, enterprise: orgId, pendingOrg: pending.id }
}

export const needs: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
