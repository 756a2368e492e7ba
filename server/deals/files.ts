import type { Database } from '../../db/index'
import { findDealAttachment } from '../../db/repos/deal-rooms'
import type { Principal } from '../identity/principal'
import type { ServedFile } from '../platform/files/attachments'
import type { FileStore } from '../platform/files/store'
import { dealAccess } from './access'

// A file sent in a deal room is the room's: only those dealAccess lets in may
// download it; everyone else gets the same 404 as for a file that does not exist.

/**
 * undefined: not a deal room's file (the achievement rules apply);
 * { file: null }: a deal room's file this viewer may not have;
 * otherwise the file, never cached by anyone but the viewer's browser.
 */
export async function openDealFile(db: Database, store: FileStore, viewer: Principal | null, attachmentId: string, opts: { headOnly?: boolean } = {}) {
  const f = await findDealAttachment(db, attachmentId)
  if (!f || !f.deal_id) return undefined
  if (!(await dealAccess(db, viewer, f.deal_id))) return { file: null }
  const object = opts.headOnly ? null : await store.get(f.storage_key)
  if (!opts.headOnly && !object) return { file: null }
  const file: ServedFile = {
    id: f.id,
    filename: f.filename,
    mime: f.mime,
    kind: f.kind,
    sizeBytes: f.size_bytes,
    sha256: f.sha256,
    confidential: true,
    shareable: false,
    object,
  }
  return { file }
}
