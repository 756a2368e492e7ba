import type { Database } from '../../../db/index'
import { openNotice, withdrawNotice, type NoticeLimits } from '../../../server/notices/notices'
import { OpenNoticeSchema } from '../../../server/notices/schemas'
import { draftAchievement, publishedAchievement } from '../../helpers/engagement'
import { testMeta } from '../../helpers/factories'
import { everyone, signedIn, UNKNOWN_UUID, type FeatureSpec, type RoleUsers } from '../route-kit'

// 挂牌公示 (ADR 025): the list and a notice's page are public; a withdrawn
// notice is only its institution's business; opening one is for the admins of
// the university that owns the achievement (the researcher is a plain member).

interface Fixtures {
  open: string
  withdrawn: string
  published: string
  draft: string
}

const limits: NoticeLimits = { minWorkingDays: 15, resultsDays: 30, objectionsPerAddress: 5, objectionWindowMinutes: 60 }

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/notices._index': () => [{ path: '/notices', expect: everyone(200) }],
  'routes/notices.$id': (f) => [
    { path: `/notices/${f.open}`, expect: everyone(200) },
    { path: `/notices/${f.withdrawn}`, expect: { ...everyone(404), institutionAdmin: 200 } },
    { path: `/notices/${UNKNOWN_UUID}`, expect: everyone(404) },
    { path: '/notices/not-a-uuid', expect: everyone(404) },
  ],
  'routes/achievements.$id_.notice': (f) => {
    const pub = `/achievements/${f.published}/notice`
    const draft = `/achievements/${f.draft}/notice`
    const unknown = `/achievements/${UNKNOWN_UUID}/notice`
    return [
      // The achievement is public: everyone else signed in is refused, not kept in the dark.
      { path: pub, expect: { ...signedIn(pub, 403), institutionAdmin: 200 } },
      // A draft does not exist for outsiders; its own researcher may know it but not list it.
      { path: draft, expect: { ...signedIn(draft, 404), institutionAdmin: 200, researcher: 403 } },
      { path: unknown, expect: signedIn(unknown, 404) },
    ]
  },
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  // Objections are open to anonymous visitors (tests/integration/notices.test.ts); registering is not.
  'routes/notices.$id': (f) => ({ path: `/notices/${f.open}`, body: { intent: 'register', orgId: UNKNOWN_UUID }, expect: 401 }),
  'routes/achievements.$id_.notice': (f) => ({ path: `/achievements/${f.published}/notice`, body: { price: '120', mode: 'transfer', workingDays: '15' }, expect: 401 }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const orgId = users.researcher.orgId!
  const creator = users.researcher.principal
  const admin = users.institutionAdmin.principal
  const form = OpenNoticeSchema.parse({ mode: 'transfer', price: '120', workingDays: '15' })
  const listed = await publishedAchievement(db, creator, admin, orgId)
  const open = await openNotice(db, admin, listed, form, limits, testMeta)
  const other = await publishedAchievement(db, creator, admin, orgId)
  const withdrawn = await openNotice(db, admin, other, form, limits, testMeta)
  await withdrawNotice(db, admin, withdrawn.id, testMeta)
  return { open: open.id, withdrawn: withdrawn.id, published: await publishedAchievement(db, creator, admin, orgId), draft: await draftAchievement(db, creator, orgId) }
}

export const notice: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
