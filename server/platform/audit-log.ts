import type { Database } from '../../db/index'
import { listAudit, listAuditActions, type AuditFilter } from '../../db/repos/audit'
import { forbidden } from './errors'
import { can } from '../identity/permissions'
import type { Principal } from '../identity/principal'

export const AUDIT_PAGE_SIZE = 50

/** Admins browse the audit log newest first, filtered, a page at a time (keyset on id). */
export async function browseAudit(db: Database, actor: Principal, filter: Omit<AuditFilter, 'limit'>) {
  if (!can(actor, { action: 'audit:read' })) throw forbidden()
  const [entries, actions] = await Promise.all([listAudit(db, { ...filter, limit: AUDIT_PAGE_SIZE + 1 }), listAuditActions(db)])
  const more = entries.length > AUDIT_PAGE_SIZE
  const page = entries.slice(0, AUDIT_PAGE_SIZE)
  return { entries: page, actions, nextBeforeId: more ? page.at(-1)?.id : undefined }
}
