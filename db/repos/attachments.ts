import type { Executor } from '../index'
import type { AttachmentTable } from '../schema'
import { isUuid } from './ids'

// Files attached to achievements: pictures and documents, public or confidential.


export interface AttachmentRecord {
  /** An achievement's file; or, with dealId, a deal room's; or, with roadshowId, a roadshow's slides (achievementId null). */
  achievementId: string | null
  dealId?: string
  roadshowId?: string
  dealMessageId?: number
  kind: AttachmentTable['kind']
  confidential: boolean
  filename: string
  mime: string
  sizeBytes: number
  sha256: string
  storageKey: string
  uploadedBy: string
}

export async function insertAttachment(db: Executor, a: AttachmentRecord) {
  const row = await db
    .insertInto('attachments')
    .values({
      achievement_id: a.achievementId,
      deal_id: a.dealId ?? null,
      roadshow_id: a.roadshowId ?? null,
      deal_message_id: a.dealMessageId ?? null,
      kind: a.kind,
      confidential: a.confidential,
      filename: a.filename,
      mime: a.mime,
      size_bytes: a.sizeBytes,
      sha256: a.sha256,
      storage_key: a.storageKey,
      uploaded_by: a.uploadedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** The attachment with what permissions need of its achievement; undefined when absent. */
export async function findAttachment(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db
    .selectFrom('attachments as f')
    .innerJoin('achievements as a', 'a.id', 'f.achievement_id')
    .selectAll('f')
    .select(['a.org_id', 'a.created_by', 'a.status', 'a.expires_at', 'a.title as achievement_title'])
    .where('f.id', '=', id)
    .executeTakeFirst()
}

export async function listAttachments(db: Executor, achievementId: string, o: { confidential?: boolean } = {}) {
  let q = db
    .selectFrom('attachments as f')
    .leftJoin('users as u', 'u.id', 'f.uploaded_by')
    .select(['f.id', 'f.kind', 'f.confidential', 'f.filename', 'f.mime', 'f.size_bytes', 'f.sha256', 'f.created_at', 'u.name as uploaded_by_name'])
    .where('f.achievement_id', '=', achievementId)
  if (o.confidential !== undefined) q = q.where('f.confidential', '=', o.confidential)
  return q.orderBy('f.kind', 'desc').orderBy('f.created_at').orderBy('f.id').execute()
}

export async function countAttachments(db: Executor, achievementId: string) {
  const r = await db
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('achievement_id', '=', achievementId)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function findAttachmentBySha(db: Executor, achievementId: string, sha256: string) {
  return db
    .selectFrom('attachments')
    .select(['id', 'filename'])
    .where('achievement_id', '=', achievementId)
    .where('sha256', '=', sha256)
    .executeTakeFirst()
}

export async function deleteAttachmentRow(db: Executor, id: string) {
  await db.deleteFrom('attachments').where('id', '=', id).execute()
}
