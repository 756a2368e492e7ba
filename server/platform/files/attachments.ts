import { createHash, randomUUID } from 'node:crypto'
import type { Database } from '../../../db/index'
import { lockAchievement } from '../../../db/repos/achievements'
import {
  countAttachments,
  deleteAttachmentRow,
  findAttachment,
  findAttachmentBySha,
  insertAttachment,
  listAttachments,
} from '../../../db/repos/attachments'
import { insertDetailView, latestRequestsOfOrgs } from '../../../db/repos/details'
import { findAchievement } from '../../../db/repos/achievements'
import { audit } from '../audit'
import { enterpriseOrgs, isInsider } from '../../engagement/rules'
import { conflict, forbidden, invalid, notFound } from '../errors'
import { listingRef } from '../../listings/workflow'
import { can, type ListingRef } from '../../identity/permissions'
import type { Principal, RequestMeta } from '../../identity/principal'
import { MAX_FILE_BYTES, MAX_FILES_PER_ACHIEVEMENT } from './limits'
import { safeFilename, sniff } from './sniff'
import type { FileStore, StoredObject } from './store'

// Images and documents of an achievement. Uploads are sniffed by their bytes
// (PNG, JPEG, WebP, PDF, DOCX, XLSX; nothing else), size-limited, hashed and
// kept in the file store under a key of ours; the declared type and name are
// never trusted. Public files of a published achievement are for everyone;
// confidential ones for its organisation and for organisations whose detail
// request was granted, and each such outside download is logged like a view
// of the details.

/** Who may add and remove files: those who may edit the listing, or re-confirm a published one (creator, org admins). */
export function mayManageFiles(p: Principal | null, ref: ListingRef) {
  return can(p, { action: 'listing:edit', listing: ref }) || can(p, { action: 'listing:reconfirm', listing: ref })
}

function assertManage(actor: Principal, ref: ListingRef) {
  if (ref.status !== 'published' && !can(actor, { action: 'listing:view-unpublished', listing: ref })) throw notFound()
  if (!mayManageFiles(actor, ref)) throw forbidden()
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/**
 * What an uploaded file is, judged by its bytes (never its declared type or
 * name): refused with a field error when empty, too large or not one of the
 * kinds we keep. Achievement files and deal-room files both go through it.
 */
export function inspectUpload(bytes: Uint8Array, name: string) {
  if (bytes.byteLength === 0) throw invalid({ file: ['engagement.errors.fileRequired'] })
  if (bytes.byteLength > MAX_FILE_BYTES) throw invalid({ file: [`engagement.errors.fileTooLarge|max=${MAX_FILE_BYTES / 1024 / 1024}`] })
  const sniffed = sniff(bytes)
  if (!sniffed) throw invalid({ file: ['engagement.errors.fileType'] })
  return { kind: sniffed.kind, mime: sniffed.mime, filename: safeFilename(name, sniffed), sha256: sha256Hex(bytes), size: bytes.byteLength }
}

export async function uploadAttachment(
  db: Database,
  store: FileStore,
  actor: Principal,
  achievementId: string,
  file: { bytes: Uint8Array; name: string; confidential: boolean },
  meta: RequestMeta,
) {
  const row = await lockAchievement(db, achievementId)
  if (!row) throw notFound()
  assertManage(actor, listingRef('achievement', row))
  const { kind, mime, filename, sha256 } = inspectUpload(file.bytes, file.name)
  const key = `attachments/${row.id}/${randomUUID()}`
  // The bytes go first; the row that makes them reachable is written only if they arrived.
  await store.put(key, file.bytes, mime)
  try {
    return await db.transaction().execute(async (trx) => {
      const a = await lockAchievement(trx, achievementId)
      if (!a) throw notFound()
      assertManage(actor, listingRef('achievement', a))
      if ((await countAttachments(trx, a.id)) >= MAX_FILES_PER_ACHIEVEMENT) {
        throw conflict(`engagement.errors.tooManyFiles|max=${MAX_FILES_PER_ACHIEVEMENT}`, { file: [`engagement.errors.tooManyFiles|max=${MAX_FILES_PER_ACHIEVEMENT}`] })
      }
      const dup = await findAttachmentBySha(trx, a.id, sha256)
      if (dup) throw conflict('engagement.errors.fileDuplicate', { file: [`engagement.errors.fileDuplicate|name=${dup.filename}`] })
      const id = await insertAttachment(trx, {
        achievementId: a.id,
        kind,
        confidential: file.confidential,
        filename,
        mime: mime,
        sizeBytes: file.bytes.byteLength,
        sha256,
        storageKey: key,
        uploadedBy: actor.userId,
      })
      await audit(trx, meta, actor.userId, 'attachment.uploaded', { type: 'attachment', id, orgId: a.org_id }, {
        achievementId: a.id,
        filename,
        mime: mime,
        sizeBytes: file.bytes.byteLength,
        sha256,
        confidential: file.confidential,
      })
      return { id, kind, mime: mime, filename, sha256 }
    })
  } catch (err) {
    await store.delete(key)
    throw err
  }
}

export async function deleteAttachment(db: Database, store: FileStore, actor: Principal, achievementId: string, attachmentId: string, meta: RequestMeta) {
  const key = await db.transaction().execute(async (trx) => {
    const a = await lockAchievement(trx, achievementId)
    if (!a) throw notFound()
    assertManage(actor, listingRef('achievement', a))
    const f = await findAttachment(trx, attachmentId)
    if (!f || f.achievement_id !== a.id) throw notFound()
    await deleteAttachmentRow(trx, f.id)
    await audit(trx, meta, actor.userId, 'attachment.deleted', { type: 'attachment', id: f.id, orgId: a.org_id }, {
      achievementId: a.id,
      filename: f.filename,
      sha256: f.sha256,
      confidential: f.confidential,
    })
    return f.storage_key
  })
  // After the commit: a failed transaction leaves the bytes where they were.
  await store.delete(key)
}

/** The files page of an achievement: for its organisation's members. */
export async function filesPage(db: Database, viewer: Principal, achievementId: string) {
  const a = await findAchievement(db, achievementId)
  if (!a) throw notFound()
  const ref = listingRef('achievement', a)
  if (a.status !== 'published' && !can(viewer, { action: 'listing:view-unpublished', listing: ref })) throw notFound()
  if (!isInsider(viewer, ref)) throw forbidden()
  return {
    achievement: { id: a.id, title: a.title, orgName: a.org_name, status: a.status },
    files: await listAttachments(db, a.id),
    canManage: mayManageFiles(viewer, ref),
    canDecide: can(viewer, { action: 'details:decide', listing: ref }),
  }
}

export interface ServedFile {
  id: string
  filename: string
  mime: string
  kind: 'image' | 'document'
  sizeBytes: number
  sha256: string
  confidential: boolean
  /** Public file of a published achievement: shared caches may keep it. */
  shareable: boolean
  /** Null for a HEAD request: headers only. */
  object: StoredObject | null
}

type StoredFileRow = { id: string; filename: string; mime: string; kind: 'image' | 'document'; size_bytes: number; sha256: string; storage_key: string }

/** A stored file as /files/:id serves it: its row, how caches may treat it, and its bytes (none for HEAD). */
export function servedFile(f: StoredFileRow, object: StoredObject | null, how: { confidential: boolean; shareable: boolean }): ServedFile {
  return { id: f.id, filename: f.filename, mime: f.mime, kind: f.kind, sizeBytes: f.size_bytes, sha256: f.sha256, ...how, object }
}

/**
 * A file whose owner (a deal room, a roadshow) has decided whether the viewer
 * may have it: { file: null } when not, or when its bytes are gone.
 */
export async function serveIfAllowed(store: FileStore, f: StoredFileRow, allowed: boolean, opts: { headOnly?: boolean }, how: { confidential: boolean; shareable: boolean }) {
  if (!allowed) return { file: null }
  const object = opts.headOnly ? null : await store.get(f.storage_key)
  if (!opts.headOnly && !object) return { file: null }
  return { file: servedFile(f, object, how) }
}

/**
 * The file if `viewer` may have it, else null (the route answers 404 either
 * way, so nobody learns a confidential file exists). An outsider's download of
 * a confidential file is written to the access log, unless `headOnly`.
 */
export async function openAttachment(
  db: Database,
  store: FileStore,
  viewer: Principal | null,
  attachmentId: string,
  meta: RequestMeta,
  opts: { headOnly?: boolean } = {},
): Promise<ServedFile | null> {
  const f = await findAttachment(db, attachmentId)
  if (!f) return null
  const ref = listingRef('achievement', f)
  let grant: { requestId: string; orgId: string } | null = null
  if (!f.confidential) {
    if (f.status !== 'published' && !can(viewer, { action: 'listing:view-unpublished', listing: ref })) return null
  } else if (!isInsider(viewer, ref)) {
    if (!viewer || f.status !== 'published') return null
    const granted = (await latestRequestsOfOrgs(db, f.achievement_id!, enterpriseOrgs(viewer).map((o) => o.orgId))).find((r) => r.status === 'granted')
    if (!granted) return null
    grant = { requestId: granted.id, orgId: granted.requester_org_id }
  }
  const object = opts.headOnly ? null : await store.get(f.storage_key)
  if (!opts.headOnly && !object) return null
  if (grant && viewer && !opts.headOnly) {
    await db.transaction().execute(async (trx) => {
      const v = await insertDetailView(trx, {
        achievementId: f.achievement_id!,
        userId: viewer.userId,
        orgId: grant.orgId,
        ip: meta.ip,
        attachmentId: f.id,
        attachmentName: f.filename,
      })
      await audit(trx, meta, viewer.userId, 'details.file_viewed', { type: 'detail_request', id: grant.requestId, orgId: f.org_id }, {
        achievementId: f.achievement_id,
        attachmentId: f.id,
        filename: f.filename,
        viewerOrgId: grant.orgId,
        viewId: v.id,
      })
    })
  }
  return servedFile(f, object, { confidential: f.confidential, shareable: !f.confidential && f.status === 'published' })
}
