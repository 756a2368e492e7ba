import type { Executor } from '../index'

export interface AuditEntry {
  actorId: string | null
  action: string
  entityType: string
  entityId: string | null
  orgId?: string | null
  ip: string | null
  userAgent: string | null
  requestId: string | null
  details?: Record<string, unknown>
}

/** The audit_log row for one entry. */
const auditRow = (e: AuditEntry) => ({
  actor_id: e.actorId,
  action: e.action,
  entity_type: e.entityType,
  entity_id: e.entityId,
  org_id: e.orgId ?? null,
  ip: e.ip,
  user_agent: e.userAgent,
  request_id: e.requestId,
  details: JSON.stringify(e.details ?? {}),
})

export async function insertAudit(db: Executor, e: AuditEntry) {
  await db.insertInto('audit_log').values(auditRow(e)).execute()
}

export interface AuditFilter {
  action?: string
  entityType?: string
  entityId?: string
  actorEmail?: string
  from?: Date
  to?: Date
  beforeId?: number
  limit: number
}

export async function listAudit(db: Executor, f: AuditFilter) {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select(['a.id', 'a.at', 'a.action', 'a.entity_type', 'a.entity_id', 'a.ip', 'a.request_id', 'a.details', 'u.email as actor_email', 'u.name as actor_name'])
  if (f.action) q = q.where('a.action', 'like', `${f.action.replace(/[%_\\]/g, '\\$&')}%`)
  if (f.entityType) q = q.where('a.entity_type', '=', f.entityType)
  if (f.entityId) q = q.where('a.entity_id', '=', f.entityId)
  if (f.actorEmail) q = q.where('u.email', '=', f.actorEmail.toLowerCase())
  if (f.from) q = q.where('a.at', '>=', f.from)
  if (f.to) q = q.where('a.at', '<', f.to)
  if (f.beforeId) q = q.where('a.id', '<', f.beforeId)
  return q.orderBy('a.id', 'desc').limit(f.limit).execute()
}

export async function listAuditActions(db: Executor) {
  const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute()
  return rows.map((r) => r.action)
}

/** The history of one record, oldest first: the timeline shown on a listing. */
export async function listAuditForEntity(db: Executor, entityType: string, entityId: string) {
  return db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select(['a.id', 'a.at', 'a.action', 'a.details', 'u.name as actor_name'])
    .where('a.entity_type', '=', entityType)
    .where('a.entity_id', '=', entityId)
    .orderBy('a.id')
    .execute()
}

/** Many audit entries in one statement (bulk import: one per created draft). */
export async function insertAudits(db: Executor, entries: AuditEntry[]) {
  if (!entries.length) return
  await db.insertInto('audit_log').values(entries.map(auditRow)).execute()
}
