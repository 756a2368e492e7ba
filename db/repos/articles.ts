import type { Executor } from '../index'
import type { ArticleTable } from '../schema'
import { isUuid } from './ids'

// The portal's content section: 通知公告 / 政策文件 / 新闻动态 and their files.

export type ArticleChannel = ArticleTable['channel']
export type ArticleStatus = 'draft' | 'published' | 'withdrawn'

export async function insertArticle(db: Executor, a: { channel: ArticleChannel; title: string; body: string; source: string; createdBy: string }) {
  const row = await db
    .insertInto('articles')
    .values({ channel: a.channel, title: a.title, body: a.body, source: a.source, created_by: a.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function updateArticleRow(
  db: Executor,
  id: string,
  a: Partial<{ channel: ArticleChannel; title: string; body: string; source: string; status: ArticleStatus; published_at: Date | null; withdrawn_reason: string | null }>,
  by: string
) {
  await db.updateTable('articles').set({ ...a, updated_by: by, updated_at: new Date() }).where('id', '=', id).execute()
}

export async function findArticle(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function lockArticle(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db.selectFrom('articles').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/** Published articles, newest first; `all` adds drafts and withdrawn ones (for the editors' view). */
export async function listArticles(db: Executor, f: { channel?: ArticleChannel; all?: boolean; limit: number; offset: number }) {
  let q = db.selectFrom('articles').select(['id', 'channel', 'title', 'source', 'status', 'published_at', 'updated_at'])
  if (f.channel) q = q.where('channel', '=', f.channel)
  if (!f.all) q = q.where('status', '=', 'published')
  const rows = await q
    .orderBy((eb) => eb.fn.coalesce('published_at', 'updated_at'), 'desc')
    .orderBy('id')
    .limit(f.limit)
    .offset(f.offset)
    .execute()
  let c = db.selectFrom('articles').select((eb) => eb.fn.countAll<string>().as('n'))
  if (f.channel) c = c.where('channel', '=', f.channel)
  if (!f.all) c = c.where('status', '=', 'published')
  const { n } = await c.executeTakeFirstOrThrow()
  return { rows, total: Number(n) }
}

export async function insertArticleFile(
  db: Executor,
  f: { articleId: string; kind: 'image' | 'document'; filename: string; mime: string; sizeBytes: number; sha256: string; storageKey: string; uploadedBy: string }
) {
  const row = await db
    .insertInto('article_files')
    .values({
      article_id: f.articleId,
      kind: f.kind,
      filename: f.filename,
      mime: f.mime,
      size_bytes: f.sizeBytes,
      sha256: f.sha256,
      storage_key: f.storageKey,
      uploaded_by: f.uploadedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function articleFiles(db: Executor, articleId: string) {
  return db
    .selectFrom('article_files')
    .select(['id', 'kind', 'filename', 'mime', 'size_bytes', 'sha256', 'created_at'])
    .where('article_id', '=', articleId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export async function findArticleFile(db: Executor, articleId: string, fileId: string) {
  if (!isUuid(articleId) || !isUuid(fileId)) return undefined
  return db
    .selectFrom('article_files as f')
    .innerJoin('articles as a', 'a.id', 'f.article_id')
    .selectAll('f')
    .select(['a.status as article_status'])
    .where('f.id', '=', fileId)
    .where('f.article_id', '=', articleId)
    .executeTakeFirst()
}

export async function countArticleFiles(db: Executor, articleId: string) {
  const r = await db.selectFrom('article_files').select((eb) => eb.fn.countAll<string>().as('n')).where('article_id', '=', articleId).executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function deleteArticleFile(db: Executor, articleId: string, fileId: string) {
  return db.deleteFrom('article_files').where('id', '=', fileId).where('article_id', '=', articleId).returning('storage_key').executeTakeFirst()
}
