import { randomUUID } from 'node:crypto'
import type { Database } from '../../db/index'
import { findSlides, insertSlidesAttachment, setItemSlides } from '../../db/repos/roadshow-slides'
import { lockRoadshow, roadshowItems } from '../../db/repos/roadshows'
import type { Principal, RequestMeta } from '../identity/principal'
import { audit } from '../platform/audit'
import { conflict, forbidden, invalid, notFound } from '../platform/errors'
import { inspectUpload, serveIfAllowed } from '../platform/files/attachments'
import type { FileStore } from '../platform/files/store'
import { roadshowRoles } from './access'

// Slides (PDF) of an agenda item (ADR 033): organisers upload them before the
// start; /files/:id serves them to whoever may view the roadshow, and to
// nobody else (the same 404 as a missing file).

export async function uploadSlides(
  db: Database,
  store: FileStore,
  actor: Principal,
  roadshowId: string,
  itemId: string,
  file: { bytes: Uint8Array; name: string },
  meta: RequestMeta
) {
  const access = await roadshowRoles(db, actor, roadshowId)
  if (!access) throw notFound()
  if (!access.roles.organiser) throw forbidden()
  if (!access.facts.items.some((i) => i.id === itemId)) throw invalid({ itemId: ['errors.notFound'] })
  const { kind, mime, filename, sha256, size } = inspectUpload(file.bytes, file.name)
  if (mime !== 'application/pdf') throw invalid({ file: ['roadshow.slides.errors.pdfOnly'] })
  const key = `roadshows/${roadshowId}/${randomUUID()}`
  // The bytes go first; the row that makes them reachable is written only if they arrived.
  await store.put(key, file.bytes, mime)
  try {
    return await db.transaction().execute(async (trx) => {
      const rs = await lockRoadshow(trx, roadshowId)
      if (!rs) throw notFound()
      if (rs.status !== 'scheduled') throw conflict('roadshow.schedule.errors.notScheduled')
      const item = (await roadshowItems(trx, roadshowId)).find((i) => i.id === itemId)
      if (!item) throw invalid({ itemId: ['errors.notFound'] })
      const id = await insertSlidesAttachment(trx, {
        roadshowId,
        kind,
        filename,
        mime,
        sizeBytes: size,
        sha256,
        storageKey: key,
        uploadedBy: actor.userId,
      })
      await setItemSlides(trx, item.id, id)
      await audit(
        trx,
        meta,
        actor.userId,
        'roadshow.slides',
        { type: 'roadshow', id: roadshowId, orgId: rs.org_id },
        { itemId, attachmentId: id, filename, sha256 }
      )
      return { id }
    })
  } catch (err) {
    await store.delete(key)
    throw err
  }
}

/**
 * undefined: not a roadshow's slides (other rules apply); { file: null }: slides
 * this viewer may not have; otherwise the file, kept by the viewer's browser only.
 */
export async function openRoadshowSlides(db: Database, store: FileStore, viewer: Principal | null, attachmentId: string, opts: { headOnly?: boolean } = {}) {
  const f = await findSlides(db, attachmentId)
  if (!f) return undefined
  // Slides are public to whoever may view the roadshow, but kept by the viewer's browser only.
  return serveIfAllowed(store, f, !!(await roadshowRoles(db, viewer, f.roadshow_id)), opts, { confidential: false, shareable: false })
}
