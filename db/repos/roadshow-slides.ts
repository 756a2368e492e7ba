import type { Executor } from '../index'
import { insertAttachment, type AttachmentRecord } from './attachments'
import { isUuid } from './ids'

// Slides of an agenda item (ADR 033): an attachments row with no achievement
// and no deal room, reachable through the item that names it.

/** The slides file with the roadshow whose item shows it; undefined when it is no item's slides. */
export async function findSlides(db: Executor, attachmentId: string) {
  if (!isUuid(attachmentId)) return undefined
  return db
    .selectFrom('attachments as f')
    .innerJoin('roadshow_items as i', 'i.slides_attachment_id', 'f.id')
    .select(['f.id', 'f.filename', 'f.mime', 'f.kind', 'f.size_bytes', 'f.sha256', 'f.storage_key', 'i.roadshow_id'])
    .where('f.id', '=', attachmentId)
    .whereRef('f.roadshow_id', '=', 'i.roadshow_id')
    .executeTakeFirst()
}

export async function setItemSlides(db: Executor, itemId: string, attachmentId: string) {
  await db.updateTable('roadshow_items').set({ slides_attachment_id: attachmentId }).where('id', '=', itemId).execute()
}

/** A slides file's row: owned by the roadshow (the attachments table's third kind of owner). */
export function insertSlidesAttachment(db: Executor, a: Omit<AttachmentRecord, 'achievementId' | 'dealId' | 'dealMessageId' | 'confidential'> & { roadshowId: string }) {
  return insertAttachment(db, { ...a, achievementId: null, confidential: false })
}
