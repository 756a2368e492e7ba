import type { Executor } from '../../db/index'
import { insertAudit } from '../../db/repos/audit'
import type { RequestMeta } from '../identity/principal'

/** Writes one audit entry, inside the caller's transaction. */
export function audit(
  db: Executor,
  meta: RequestMeta,
  actorId: string | null,
  action: string,
  entity: { type: string; id: string | null; orgId?: string | null },
  details?: Record<string, unknown>,
) {
  return insertAudit(db, {
    actorId,
    action,
    entityType: entity.type,
    entityId: entity.id,
    orgId: entity.orgId ?? null,
    ip: meta.ip,
    userAgent: meta.userAgent,
    requestId: meta.requestId,
    details: meta.apiTokenId ? { ...details, apiToken: meta.apiTokenId } : details,
  })
}
