import type { Database } from '../../db/index'
import { findDealAttachment } from '../../db/repos/deal-rooms'
import type { Principal } from '../identity/principal'
import { serveIfAllowed } from '../platform/files/attachments'
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
  return serveIfAllowed(store, f, !!(await dealAccess(db, viewer, f.deal_id)), opts, { confidential: true, shareable: false })
}
