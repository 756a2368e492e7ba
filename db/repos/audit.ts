import { sql } from 'kysely'
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
  /** Exact e-mail (kept for old links). */
  actorEmail?: string
  /** Who: part of the actor's name or e-mail. */
  who?: string
  from?: Date
  to?: Date
  beforeId?: number
  limit: number
}

const UUID_RE = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
/** The entity id as a uuid when it is one (ids of other shapes join nothing). */
const entityUuid = sql`(case when a.entity_id ~ ${UUID_RE} then a.entity_id::uuid end)`

const like = (v: string) => `%${v.replace(/[%_\\]/g, '\\$&')}%`

/**
 * A page of the log, newest first, with what a reader needs in one statement:
 * the actor's name and e-mail, the title (or name) of the record it is about —
 * looked up by the entity's type, else the title the entry itself recorded —
 * the listing a detail request, interest, claim or match concerns, and the
 * organisation's name.
 */
export async function listAudit(db: Executor, f: AuditFilter) {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .leftJoin('organisations as o', 'o.id', 'a.org_id')
    .select([
      'a.id', 'a.at', 'a.action', 'a.entity_type', 'a.entity_id', 'a.org_id', 'a.ip', 'a.request_id', 'a.details',
      'u.email as actor_email', 'u.name as actor_name', 'o.name as org_name',
      sql<string | null>`case a.entity_type
        when 'achievement' then (select x.title from achievements x where x.id = ${entityUuid})
        when 'need' then (select x.title from needs x where x.id = ${entityUuid})
        when 'need_claim' then (select x.title from needs x where x.id = ${entityUuid})
        when 'catalog' then (select x.title from catalogs x where x.id = ${entityUuid})
        when 'organisation' then (select x.name from organisations x where x.id = ${entityUuid})
        when 'user' then (select x.name from users x where x.id = ${entityUuid})
        when 'detail_request' then (select l.title from detail_requests x join achievements l on l.id = x.achievement_id where x.id = ${entityUuid})
        when 'interest' then (select l.title from interests x join achievements l on l.id = x.achievement_id where x.id = ${entityUuid})
        when 'match' then (select l.title from matches x join needs l on l.id = x.need_id where x.id = ${entityUuid})
      end`.as('entity_title'),
      sql<string | null>`case a.entity_type
        when 'detail_request' then (select '/achievements/' || x.achievement_id from detail_requests x where x.id = ${entityUuid})
        when 'interest' then (select '/achievements/' || x.achievement_id from interests x where x.id = ${entityUuid})
        when 'match' then (select '/needs/' || x.need_id from matches x where x.id = ${entityUuid})
      end`.as('related_path'),
    ])
  if (f.action) q = q.where('a.action', 'like', `${f.action.replace(/[%_\\]/g, '\\$&')}%`)
  if (f.entityType) q = q.where('a.entity_type', '=', f.entityType)
  if (f.entityId) q = q.where('a.entity_id', '=', f.entityId)
  if (f.actorEmail) q = q.where('u.email', '=', f.actorEmail.toLowerCase())
  if (f.who) {
    const w = like(f.who)
    q = q.where((eb) => eb.or([eb('u.name', 'ilike', w), eb('u.email', 'ilike', w)]))
  }
  if (f.from) q = q.where('a.at', '>=', f.from)
  if (f.to) q = q.where('a.at', '<', f.to)
  if (f.beforeId) q = q.where('a.id', '<', f.beforeId)
  return q.orderBy('a.id', 'desc').limit(f.limit).execute()
}

export async function listAuditEntityTypes(db: Executor) {
  const rows = await db.selectFrom('audit_log').select('entity_type').distinct().orderBy('entity_type').execute()
  return rows.map((r) => r.entity_type)
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
