import type { Database } from '../../db/index'
import { listAudit, listAuditActions, listAuditEntityTypes, type AuditFilter } from '../../db/repos/audit'
import { isMessageKey, translate, type Locale } from '../i18n/catalog'
import { forbidden } from './errors'
import { can } from '../identity/permissions'
import type { Principal } from '../identity/principal'

// The audit log as people read it (/admin/audit) and export it (/admin/audit.csv):
// one sentence per entry in the reader's language ("张三 认领了需求《…》"), with
// the actor's name and the record's title looked up in the same query as the page
// (db/repos/audit.ts), the record's page to link to, and the details as a
// key: value list instead of raw JSON.

export const AUDIT_PAGE_SIZE = 50
/** The most rows one CSV export holds (newest first); narrow the filter for older ones. */
export const AUDIT_CSV_MAX = 10_000

type Row = Awaited<ReturnType<typeof listAudit>>[number]

/** Where the record an entry is about can be seen, if anywhere. */
export function entityPath(e: Pick<Row, 'entity_type' | 'entity_id' | 'related_path'>): string | null {
  if (!e.entity_id) return null
  switch (e.entity_type) {
    case 'achievement':
      return `/achievements/${e.entity_id}`
    case 'need':
    case 'need_claim':
      return `/needs/${e.entity_id}`
    case 'catalog':
      return `/catalogs/${e.entity_id}`
    case 'organisation':
      return `/admin/orgs/${e.entity_id}`
    default:
      return e.related_path
  }
}

/** "match.need_claimed" → "match · need claimed": what an action without a sentence of its own shows. */
export function humaniseAction(action: string) {
  return action.replace(/\./g, ' · ').replace(/_/g, ' ')
}

/** The sentence's template and what fills it: {actor}, {title}, {org}. */
export function auditTemplate(locale: Locale, action: string) {
  const key = `audit.msg.${action}`
  return isMessageKey(key) ? translate(locale, key) : translate(locale, 'audit.fallback', { what: humaniseAction(action) })
}

/** The details of an entry as label/value pairs (nested values as compact JSON), minus the title the sentence already says. */
export function detailPairs(details: unknown): { key: string; value: string }[] {
  if (!details || typeof details !== 'object' || Array.isArray(details)) return details === null || details === undefined ? [] : [{ key: '', value: String(JSON.stringify(details)) }]
  return Object.entries(details as Record<string, unknown>)
    .filter(([k]) => k !== 'title')
    .map(([key, v]) => ({ key, value: typeof v === 'string' ? v : JSON.stringify(v) }))
}

export interface ReadableEntry {
  id: number
  at: Date
  action: string
  template: string
  actor: { name: string; email: string | null } | null
  title: string
  org: string | null
  path: string | null
  entityType: string
  entityId: string | null
  ip: string | null
  details: { key: string; value: string }[]
}

function readable(locale: Locale, e: Row): ReadableEntry {
  const details = (e.details ?? {}) as Record<string, unknown>
  const recordedTitle = typeof details.title === 'string' ? details.title : null
  return {
    id: e.id,
    at: e.at,
    action: e.action,
    template: auditTemplate(locale, e.action),
    actor: e.actor_name ? { name: e.actor_name, email: e.actor_email } : null,
    title: e.entity_title ?? recordedTitle ?? (e.entity_id ? e.entity_id.slice(0, 8) : ''),
    org: e.org_name,
    path: entityPath(e),
    entityType: e.entity_type,
    entityId: e.entity_id,
    ip: e.ip,
    details: detailPairs(e.details),
  }
}

/** The sentence as plain text (CSV, titles). */
export function auditSentence(locale: Locale, e: ReadableEntry) {
  return e.template.replace(/\{(actor|title|org)\}/g, (_, k: string) =>
    k === 'actor' ? (e.actor?.name ?? translate(locale, 'audit.system')) : k === 'title' ? e.title : (e.org ?? ''),
  )
}

/** Admins browse the audit log newest first, filtered, a page at a time (keyset on id). */
export async function browseAudit(db: Database, actor: Principal, locale: Locale, filter: Omit<AuditFilter, 'limit'>) {
  if (!can(actor, { action: 'audit:read' })) throw forbidden()
  const [entries, actions, entityTypes] = await Promise.all([listAudit(db, { ...filter, limit: AUDIT_PAGE_SIZE + 1 }), listAuditActions(db), listAuditEntityTypes(db)])
  const more = entries.length > AUDIT_PAGE_SIZE
  const page = entries.slice(0, AUDIT_PAGE_SIZE)
  return { entries: page.map((e) => readable(locale, e)), actions, entityTypes, nextBeforeId: more ? page.at(-1)?.id : undefined }
}

const csvCell = (v: string) => {
  // A leading =, +, - or @ would be run as a formula by Excel: prefix it with a quote.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

function shanghaiTime(d: Date) {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(d)
}

/**
 * The filtered log as CSV (newest first, at most AUDIT_CSV_MAX rows), with a
 * UTF-8 byte-order mark so that Excel opens the Chinese text correctly.
 */
export async function auditCsv(db: Database, actor: Principal, locale: Locale, filter: Omit<AuditFilter, 'limit' | 'beforeId'>) {
  if (!can(actor, { action: 'audit:read' })) throw forbidden()
  const rows = await listAudit(db, { ...filter, limit: AUDIT_CSV_MAX })
  const t = (k: string) => translate(locale, k)
  const header = [t('audit.at'), t('audit.csv.sentence'), t('audit.csv.actorName'), t('audit.csv.actorEmail'), t('audit.csv.action'), t('audit.csv.entityType'), t('audit.csv.entityId'), t('audit.csv.title'), t('audit.csv.org'), t('audit.ip'), t('audit.details')]
  const lines = rows.map((r) => {
    const e = readable(locale, r)
    return [
      shanghaiTime(new Date(e.at)),
      auditSentence(locale, e),
      e.actor?.name ?? t('audit.system'),
      e.actor?.email ?? '',
      e.action,
      e.entityType,
      e.entityId ?? '',
      e.title,
      e.org ?? '',
      e.ip ?? '',
      e.details.map((d) => (d.key ? `${d.key}: ${d.value}` : d.value)).join('; '),
    ]
      .map(csvCell)
      .join(',')
  })
  return `\uFEFF${[header.map(csvCell).join(','), ...lines].join('\r\n')}\r\n`
}
