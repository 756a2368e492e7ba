import type { Database } from '../../../db/index'
import { decideDetailRequest, requestDetails } from '../../../server/engagement/details'
import { uploadAttachment } from '../../../server/platform/files/attachments'
import { fileStoreFor } from '../../../server/platform/files/store'
import { draftAchievement, publishedAchievement } from '../../helpers/engagement'
import { testMeta } from '../../helpers/factories'
import { TEST_FILES_DIR } from '../../helpers/http'
import { PDF, PNG } from '../../helpers/sample-files'
import { all, signedIn, UNKNOWN_UUID, type Expectation, type FeatureSpec, type RoleUsers } from '../route-kit'

// Gated details, the owner's access page, interest and files: who may see what.
// The achievements belong to the researcher's university (researcher = creator,
// institutionAdmin = its admin); the enterprise has been granted the details
// of the published one.

export interface Fixtures {
  published: string
  draft: string
  expired: string
  publicFile: string
  confidentialFile: string
  draftFile: string
}

/** The owning organisation's members get `insiders`; unknown/outsiders get `others`; anonymous goes to login. */
const forMembers = (path: string, insiders: number, others: number, extra: Partial<Expectation> = {}): Expectation => ({
  ...signedIn(path, others),
  researcher: insiders,
  institutionAdmin: insiders,
  ...extra,
})

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/achievements.$id_.details': (f) => {
    const pub = `/achievements/${f.published}/details`
    const draft = `/achievements/${f.draft}/details`
    const expired = `/achievements/${f.expired}/details`
    const unknown = `/achievements/${UNKNOWN_UUID}/details`
    return [
      // Insiders get a pointer to their own pages; the granted enterprise reads; other roles are refused.
      { path: pub, expect: forMembers(pub, 200, 403, { enterprise: 200 }) },
      // An unpublished achievement does not exist for outsiders; the platform admin may know it but is no enterprise.
      { path: draft, expect: forMembers(draft, 200, 404, { platformAdmin: 403 }) },
      // Expired: the page says no new requests are taken.
      { path: expired, expect: forMembers(expired, 200, 403, { enterprise: 200 }) },
      { path: unknown, expect: signedIn(unknown, 404) },
      { path: '/achievements/not-a-uuid/details', expect: signedIn('/achievements/not-a-uuid/details', 404) },
    ]
  },
  'routes/achievements.$id_.access': (f) => {
    const pub = `/achievements/${f.published}/access`
    const draft = `/achievements/${f.draft}/access`
    const unknown = `/achievements/${UNKNOWN_UUID}/access`
    return [
      { path: pub, expect: forMembers(pub, 200, 403) },
      { path: draft, expect: forMembers(draft, 200, 404, { platformAdmin: 403 }) },
      { path: unknown, expect: signedIn(unknown, 404) },
    ]
  },
  'routes/achievements.$id_.interest': (f) => {
    const pub = `/achievements/${f.published}/interest`
    const draft = `/achievements/${f.draft}/interest`
    const expired = `/achievements/${f.expired}/interest`
    const unknown = `/achievements/${UNKNOWN_UUID}/interest`
    return [
      { path: pub, expect: forMembers(pub, 200, 403, { enterprise: 200 }) },
      { path: draft, expect: forMembers(draft, 200, 404, { platformAdmin: 403 }) },
      { path: expired, expect: forMembers(expired, 200, 403, { enterprise: 200 }) },
      { path: unknown, expect: signedIn(unknown, 404) },
    ]
  },
  'routes/achievements.$id_.files': (f) => {
    const pub = `/achievements/${f.published}/files`
    const draft = `/achievements/${f.draft}/files`
    const unknown = `/achievements/${UNKNOWN_UUID}/files`
    return [
      { path: pub, expect: forMembers(pub, 200, 403) },
      { path: draft, expect: forMembers(draft, 200, 404, { platformAdmin: 403 }) },
      { path: unknown, expect: signedIn(unknown, 404) },
    ]
  },
  'routes/files.$id': (f) => [
    // A public file of a published achievement is for everyone.
    { path: `/files/${f.publicFile}`, expect: all(200) },
    // A confidential one for the owning organisation and the granted enterprise; a plain 404 for everyone else.
    { path: `/files/${f.confidentialFile}`, expect: { ...all(404), researcher: 200, institutionAdmin: 200, enterprise: 200 } },
    // A draft's files for those who may see the draft.
    { path: `/files/${f.draftFile}`, expect: { ...all(404), researcher: 200, institutionAdmin: 200, platformAdmin: 200 } },
    { path: `/files/${UNKNOWN_UUID}`, expect: all(404) },
    { path: '/files/not-a-uuid', expect: all(404) },
  ],
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/achievements.$id_.details': (f) => ({
    path: `/achievements/${f.published}/details`,
    body: { purpose: '评估在本公司产线上的应用可行性', acceptTerms: 'on' },
    expect: 401,
  }),
  'routes/achievements.$id_.access': (f) => ({ path: `/achievements/${f.published}/access`, body: { intent: 'grant', requestId: UNKNOWN_UUID }, expect: 401 }),
  'routes/achievements.$id_.interest': (f) => ({ path: `/achievements/${f.published}/interest`, body: { intent: 'interest', contactPreference: 'email' }, expect: 401 }),
  'routes/achievements.$id_.files': (f) => ({ path: `/achievements/${f.published}/files`, body: { intent: 'delete', attachmentId: f.publicFile }, expect: 401 }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const orgId = users.researcher.orgId!
  const creator = users.researcher.principal
  const admin = users.institutionAdmin.principal
  const published = await publishedAchievement(db, creator, admin, orgId)
  const expired = await publishedAchievement(db, creator, admin, orgId, { expired: true })
  const draft = await draftAchievement(db, creator, orgId)
  const store = fileStoreFor({ FILES_DIR: TEST_FILES_DIR })
  const publicFile = await uploadAttachment(db, store, creator, published, { bytes: PNG, name: 'photo.png', confidential: false }, testMeta)
  const confidentialFile = await uploadAttachment(db, store, creator, published, { bytes: PDF, name: 'process.pdf', confidential: true }, testMeta)
  const draftFile = await uploadAttachment(db, store, creator, draft, { bytes: PNG, name: 'draft.png', confidential: false }, testMeta)
  const enterprise = users.enterprise.principal
  const request = await requestDetails(db, enterprise, published, { purpose: '评估用于本公司电驱壳体产线的可行性', acceptTerms: true }, testMeta)
  await decideDetailRequest(db, creator, published, request.id, { grant: true }, testMeta)
  return { published, draft, expired, publicFile: publicFile.id, confidentialFile: confidentialFile.id, draftFile: draftFile.id }
}

export const engagement: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }

