import type { Database } from '../../../db/index'
import { LocalFileStore } from '../../../server/platform/files/store'
import { createArticle, publishArticle, uploadArticleFile, withdrawArticle } from '../../../server/portal/articles'
import { TEST_FILES_DIR } from '../../helpers/http'
import { testMeta } from '../../helpers/factories'
import { all, everyone, signedIn, toLogin, UNKNOWN_UUID, type Expectation, type FeatureSpec, type RoleUsers } from '../route-kit'

// The portal (issue 12): the home page, articles, 成交公示 are public; a draft
// or withdrawn article and its files are for city officers and platform admins
// (everyone else 404); writing articles is theirs (403 for other signed-in
// users); favourites are each signed-in user's own; the view beacon is POST only.

interface Fixtures {
  published: string
  draft: string
  withdrawn: string
  file: string
  draftFile: string
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')

/** Editors (city officer, platform admin) get `editors`; other signed-in roles `others`; anonymous goes to login. */
const editorsOnly = (path: string, editors: number, others: number): Expectation => ({ ...signedIn(path, others), cityOfficer: editors, platformAdmin: editors })
/** Public for nobody: editors see it, everyone else (anonymous too) 404. */
const hidden = (): Expectation => ({ ...all(404), cityOfficer: 200, platformAdmin: 200 })

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/articles._index': () => [
    { path: '/articles', expect: everyone() },
    { path: '/articles?channel=policy&page=2', expect: everyone() },
    { path: '/articles?channel=nope&page=-4&all=1', expect: everyone() },
  ],
  'routes/articles.$id': (f) => [
    { path: `/articles/${f.published}`, expect: everyone() },
    { path: `/articles/${f.draft}`, expect: hidden() },
    { path: `/articles/${f.withdrawn}`, expect: hidden() },
    { path: `/articles/${UNKNOWN_UUID}`, expect: everyone(404) },
    { path: '/articles/not-a-uuid', expect: everyone(404) },
  ],
  'routes/articles.new': () => [{ path: '/articles/new', expect: editorsOnly('/articles/new', 200, 403) }],
  'routes/articles.$id_.edit': (f) => [
    { path: `/articles/${f.published}/edit`, expect: editorsOnly(`/articles/${f.published}/edit`, 200, 403) },
    { path: `/articles/${f.draft}/edit`, expect: editorsOnly(`/articles/${f.draft}/edit`, 200, 403) },
    { path: `/articles/${UNKNOWN_UUID}/edit`, expect: editorsOnly(`/articles/${UNKNOWN_UUID}/edit`, 404, 403) },
  ],
  'routes/articles.$id_.files.$fileId': (f) => [
    { path: `/articles/${f.published}/files/${f.file}`, expect: everyone() },
    { path: `/articles/${f.draft}/files/${f.draftFile}`, expect: hidden() },
    { path: `/articles/${f.draft}/files/${f.file}`, expect: everyone(404) },
    { path: `/articles/${f.published}/files/not-a-uuid`, expect: everyone(404) },
  ],
  'routes/results': () => [
    { path: '/results', expect: everyone() },
    { path: '/results?page=3', expect: everyone() },
    { path: '/results?page=abc', expect: everyone() },
  ],
  'routes/my.favourites': () => [{ path: '/my/favourites', expect: signedIn('/my/favourites') }],
  'routes/favourites': () => [{ path: '/favourites', expect: { ...all('→ /my/favourites'), anonymous: toLogin('/favourites') } }],
  'routes/views.$kind.$id': () => [
    { path: `/views/achievement/${UNKNOWN_UUID}`, expect: everyone(405) },
    { path: `/views/nothing/${UNKNOWN_UUID}`, expect: everyone(405) },
  ],
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/articles.new': () => ({ path: '/articles/new', body: { intent: 'save', channel: 'notice', title: '匿名', body: '' }, expect: 401 }),
  'routes/articles.$id_.edit': (f) => ({ path: `/articles/${f.published}/edit`, body: { intent: 'withdraw', reason: '匿名' }, expect: 401 }),
  'routes/favourites': () => ({ path: '/favourites', body: { kind: 'achievement', id: UNKNOWN_UUID, on: '1' }, expect: 401 }),
  'routes/views.$kind.$id': () => ({ path: `/views/achievement/${UNKNOWN_UUID}`, body: {}, expect: 404 }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const city = users.cityOfficer.principal
  const store = new LocalFileStore(TEST_FILES_DIR)
  const make = async (title: string) => (await createArticle(db, city, { channel: 'notice', title, body: '正文。', source: '柳州市科学技术局' }, testMeta)).id
  const published = await make('路由测试：已发布通知')
  const draft = await make('路由测试：草稿')
  const withdrawn = await make('路由测试：已撤回')
  const file = (await uploadArticleFile(db, store, city, published, { bytes: new Uint8Array(PDF), name: '附件.pdf' }, testMeta)).id
  const draftFile = (await uploadArticleFile(db, store, city, draft, { bytes: new Uint8Array(PDF), name: '草稿附件.pdf' }, testMeta)).id
  await publishArticle(db, city, published, testMeta)
  await publishArticle(db, city, withdrawn, testMeta)
  await withdrawArticle(db, city, withdrawn, '路由测试', testMeta)
  return { published, draft, withdrawn, file, draftFile }
}

export const portal: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
