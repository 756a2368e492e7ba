import { randomUUID } from 'node:crypto'
import type { Database } from '../../db/index'
import {
  articleFiles,
  countArticleFiles,
  deleteArticleFile,
  findArticle,
  findArticleFile,
  insertArticle,
  insertArticleFile,
  listArticles,
  lockArticle,
  updateArticleRow,
  type ArticleChannel,
} from '../../db/repos/articles'
import { productRoles, type Principal, type RequestMeta } from '../identity/principal'
import { audit } from '../platform/audit'
import { conflict, forbidden, invalid, notFound } from '../platform/errors'
import { inspectUpload, serveIfAllowed } from '../platform/files/attachments'
import type { FileStore } from '../platform/files/store'
import { portalConfigOn } from './config'

// The content section (通知公告 / 政策文件 / 新闻动态). City officers and platform
// admins write, publish and withdraw articles; everyone reads published ones.
// A draft or withdrawn article does not exist for anyone else (404), and its
// files neither. Bodies are plain text, rendered as paragraphs: never HTML.

export { CHANNELS } from './schemas'

export function mayEditArticles(p: Principal | null) {
  if (!p) return false
  const roles = productRoles(p)
  return roles.has('city_officer') || roles.has('platform_admin')
}

function assertEditor(p: Principal) {
  if (!mayEditArticles(p)) throw forbidden()
}

export interface ArticleInput {
  channel: ArticleChannel
  title: string
  body: string
  source: string
}

export async function articleList(db: Database, viewer: Principal | null, f: { channel?: ArticleChannel; page: number; all?: boolean }) {
  const size = portalConfigOn().pageSize
  const all = !!f.all && mayEditArticles(viewer)
  const { rows, total } = await listArticles(db, { channel: f.channel, all, limit: size, offset: (f.page - 1) * size })
  return { rows, total, page: f.page, pages: Math.max(1, Math.ceil(total / size)), all, canEdit: mayEditArticles(viewer) }
}

export async function articlePage(db: Database, viewer: Principal | null, id: string) {
  const a = await findArticle(db, id)
  const canEdit = mayEditArticles(viewer)
  if (!a || (a.status !== 'published' && !canEdit)) throw notFound()
  return { article: a, files: await articleFiles(db, a.id), canEdit }
}

export async function createArticle(db: Database, actor: Principal, input: ArticleInput, meta: RequestMeta) {
  assertEditor(actor)
  return db.transaction().execute(async (trx) => {
    const id = await insertArticle(trx, { ...input, createdBy: actor.userId })
    await audit(trx, meta, actor.userId, 'article.create', { type: 'article', id }, { channel: input.channel, title: input.title })
    return { id }
  })
}

export async function updateArticle(db: Database, actor: Principal, id: string, input: ArticleInput, meta: RequestMeta) {
  assertEditor(actor)
  await db.transaction().execute(async (trx) => {
    const a = await lockArticle(trx, id)
    if (!a) throw notFound()
    await updateArticleRow(trx, a.id, input, actor.userId)
    await audit(trx, meta, actor.userId, 'article.update', { type: 'article', id: a.id }, { channel: input.channel, title: input.title })
  })
}

export async function publishArticle(db: Database, actor: Principal, id: string, meta: RequestMeta) {
  assertEditor(actor)
  await db.transaction().execute(async (trx) => {
    const a = await lockArticle(trx, id)
    if (!a) throw notFound()
    if (a.status === 'published') throw conflict('article.errors.alreadyPublished')
    if (a.body.trim().length === 0) throw invalid({ body: ['errors.required'] })
    // Re-publishing a withdrawn article keeps its first publication date.
    await updateArticleRow(trx, a.id, { status: 'published', published_at: a.published_at ?? new Date(), withdrawn_reason: null }, actor.userId)
    await audit(trx, meta, actor.userId, 'article.publish', { type: 'article', id: a.id }, { channel: a.channel, title: a.title })
  })
}

export async function withdrawArticle(db: Database, actor: Principal, id: string, reason: string, meta: RequestMeta) {
  assertEditor(actor)
  await db.transaction().execute(async (trx) => {
    const a = await lockArticle(trx, id)
    if (!a) throw notFound()
    if (a.status !== 'published') throw conflict('article.errors.notPublished')
    await updateArticleRow(trx, a.id, { status: 'withdrawn', withdrawn_reason: reason }, actor.userId)
    await audit(trx, meta, actor.userId, 'article.withdraw', { type: 'article', id: a.id }, { reason })
  })
}

export async function uploadArticleFile(db: Database, store: FileStore, actor: Principal, id: string, file: { bytes: Uint8Array; name: string }, meta: RequestMeta) {
  assertEditor(actor)
  const { kind, mime, filename, sha256, size } = inspectUpload(file.bytes, file.name)
  const key = `articles/${id.toLowerCase()}/${randomUUID()}`
  if (!(await findArticle(db, id))) throw notFound()
  // The bytes go first; the row that makes them reachable is written only if they arrived.
  await store.put(key, file.bytes, mime)
  try {
    return await db.transaction().execute(async (trx) => {
      const a = await lockArticle(trx, id)
      if (!a) throw notFound()
      const max = portalConfigOn().maxFilesPerArticle
      if ((await countArticleFiles(trx, a.id)) >= max) throw conflict(`article.errors.tooManyFiles|max=${max}`, { file: [`article.errors.tooManyFiles|max=${max}`] })
      const fileId = await insertArticleFile(trx, { articleId: a.id, kind, filename, mime, sizeBytes: size, sha256, storageKey: key, uploadedBy: actor.userId })
      await audit(trx, meta, actor.userId, 'article.file.add', { type: 'article', id: a.id }, { fileId, filename, sha256 })
      return { id: fileId }
    })
  } catch (err) {
    await store.delete(key)
    throw err
  }
}

export async function removeArticleFile(db: Database, store: FileStore, actor: Principal, id: string, fileId: string, meta: RequestMeta) {
  assertEditor(actor)
  const key = await db.transaction().execute(async (trx) => {
    const a = await lockArticle(trx, id)
    if (!a) throw notFound()
    const gone = await deleteArticleFile(trx, a.id, fileId)
    if (!gone) throw notFound()
    await audit(trx, meta, actor.userId, 'article.file.remove', { type: 'article', id: a.id }, { fileId })
    return gone.storage_key
  })
  await store.delete(key)
}

/** An article's file: for everyone when the article is published, for its editors otherwise; else { file: null }. */
export async function openArticleFile(db: Database, store: FileStore, viewer: Principal | null, id: string, fileId: string, opts: { headOnly?: boolean } = {}) {
  const f = await findArticleFile(db, id, fileId)
  if (!f) return { file: null }
  const published = f.article_status === 'published'
  return serveIfAllowed(store, f, published || mayEditArticles(viewer), opts, { confidential: false, shareable: published })
}
