import { randomUUID } from 'node:crypto'
import type { Database } from '../../db/index'
import { deleteMaterialRow, findMaterial, findRegistration, findTraining, insertMaterial, listMaterials } from '../../db/repos/trainings'
import type { Principal, RequestMeta } from '../identity/principal'
import { audit } from '../platform/audit'
import { conflict, notFound } from '../platform/errors'
import { inspectUpload, serveIfAllowed } from '../platform/files/attachments'
import type { FileStore } from '../platform/files/store'
import { mayManage } from './access'
import { trainingRulesOn } from './config'
import { managedTraining } from './events'

// Materials of a training event (slides, handouts; ADR 037): the organiser
// uploads them through the same checks as every other upload (type sniffed,
// size limited); attendees who checked in, and the organisers, download them.
// Anyone else gets the same 404 as for a missing file.

export async function uploadMaterial(db: Database, store: FileStore, actor: Principal, id: string, file: { bytes: Uint8Array; name: string }, meta: RequestMeta) {
  const t = await managedTraining(db, actor, id)
  const { kind, mime, filename, sha256, size } = inspectUpload(file.bytes, file.name)
  if ((await listMaterials(db, id)).length >= trainingRulesOn().maxMaterials) throw conflict('training.materials.errors.tooMany')
  const key = `trainings/${t.id}/${randomUUID()}`
  await store.put(key, file.bytes, mime)
  try {
    return await db.transaction().execute(async (trx) => {
      const locked = await findTraining(trx, id, { lock: true })
      if (!locked) throw notFound()
      const materialId = await insertMaterial(trx, { trainingId: id, kind, filename, mime, sizeBytes: size, sha256, storageKey: key, uploadedBy: actor.userId })
      await audit(trx, meta, actor.userId, 'training.material', { type: 'training', id, orgId: locked.organiser_org_id }, { materialId, filename, sha256 })
      return { id: materialId }
    })
  } catch (err) {
    await store.delete(key)
    throw err
  }
}

export async function deleteMaterial(db: Database, store: FileStore, actor: Principal, id: string, materialId: string, meta: RequestMeta) {
  const t = await managedTraining(db, actor, id)
  const key = await db.transaction().execute(async (trx) => {
    const k = await deleteMaterialRow(trx, id, materialId)
    if (!k) throw notFound()
    await audit(trx, meta, actor.userId, 'training.material.delete', { type: 'training', id, orgId: t.organiser_org_id }, { materialId })
    return k
  })
  await store.delete(key)
}

/** The file when the viewer may have it; { file: null } when not (or missing). */
export async function openMaterial(db: Database, store: FileStore, viewer: Principal | null, id: string, materialId: string, opts: { headOnly?: boolean } = {}) {
  const m = await findMaterial(db, id, materialId)
  if (!m) return { file: null }
  const t = await findTraining(db, id)
  if (!t) return { file: null }
  let allowed = mayManage(viewer, t.division_code)
  if (!allowed && viewer) {
    const r = await findRegistration(db, id, viewer.userId)
    allowed = !!r && !r.cancelled_at && !!r.checked_in_at
  }
  return serveIfAllowed(store, m, allowed, opts, { confidential: false, shareable: false })
}
