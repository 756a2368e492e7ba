import type { Executor } from '../../db/index'
import type { Transaction } from 'kysely'
import type { CreditSubjectKind, DB } from '../../db/schema'
import {
  cancelCreditEvent,
  cityOfficerIds,
  creditAdjustmentsOf,
  creditEventsOf,
  creditSubjects,
  decideCreditObjection,
  insertCreditAdjustment,
  insertCreditEvent,
  insertCreditObjection,
  lockCreditEvent,
  lockCreditObjection,
  objectionsOfEvents,
  subjectUserIds,
  type SubjectRow,
} from '../../db/repos/credit'
import { isOrgAdmin, verifiedMemberOf } from '../identity/permissions'
import { CITY_DIVISION, officerScope, type Principal, type RequestMeta } from '../identity/principal'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import { conflict, forbidden, invalid, notFound } from '../platform/errors'
import { creditConfigOn } from './config'
import { scoreOf, type ScoredItem } from './score'

// 信用管理: the credit records of agencies (技术转移服务机构), universities and
// institutes, and technology managers. A record is read by city officers (all),
// county officers (subjects in their county; a manager counts where their
// agency is), the subject's own members (or the manager) and platform admins;
// anyone else gets 404. Only city officers change a record: a complaint with
// evidence (an event), a manual adjustment with its reason, and the decision on
// an objection — the subject's admins (or the manager) object to an event with
// a reason; an upheld objection cancels the event. Each change is one
// transaction, audited, and the people concerned are notified.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** One transaction: the caller's when it is in one (the demo seed), else a new one. */
function inTransaction<T>(db: Executor, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Transaction<DB>) : db.transaction().execute(fn)
}
const key = (s: { kind: string; id: string }) => `${s.kind}:${s.id}`

export const isCityOfficer = (p: Principal) => officerScope(p) === 'all' && p.memberships.some((m) => m.orgType === 'government' && m.orgStatus === 'verified')

/** The subjects the viewer may read in the list: officers by scope, others their own. */
async function visibleSubjects(db: Executor, viewer: Principal): Promise<SubjectRow[]> {
  const scope = officerScope(viewer)
  if (scope === 'all' && isCityOfficer(viewer)) return creditSubjects(db, 'all')
  if (scope !== 'all' && scope.length) return creditSubjects(db, scope)
  if (viewer.isPlatformAdmin) return creditSubjects(db, 'all')
  const own = [
    ...viewer.memberships.filter((m) => m.orgStatus === 'verified').map((m) => ({ kind: 'org' as const, id: m.orgId })),
    ...(viewer.manager ? [{ kind: 'manager' as const, id: viewer.userId }] : []),
  ]
  return own.length ? creditSubjects(db, 'all', own) : []
}

function mayRead(viewer: Principal, s: SubjectRow) {
  if (viewer.isPlatformAdmin) return true
  const scope = officerScope(viewer)
  if (scope === 'all' && isCityOfficer(viewer)) return true
  if (scope !== 'all' && scope.includes(s.divisionCode)) return true
  return s.kind === 'manager' ? viewer.userId === s.id : verifiedMemberOf(viewer, s.id)
}

/** Who may object for the subject: the manager, or the organisation's admins. */
const mayObject = (viewer: Principal, s: SubjectRow) =>
  s.kind === 'manager' ? viewer.userId === s.id : verifiedMemberOf(viewer, s.id) && isOrgAdmin(viewer, s.id)

async function itemsBySubject(db: Executor, keys: string[]) {
  const [events, adjustments] = await Promise.all([creditEventsOf(db, keys), creditAdjustmentsOf(db, keys)])
  const items = new Map<string, ScoredItem[]>(keys.map((k) => [k, []]))
  for (const e of [...events, ...adjustments]) items.get(`${e.subject_kind}:${e.subject_id}`)?.push(e)
  return { events, adjustments, items }
}

export interface CreditListRow {
  kind: CreditSubjectKind
  id: string
  name: string
  orgType: string | null
  divisionCode: string
  total: number
  level: string
  trend: number
}

/** /credit: subjects with score, level and the change over the configured trend window. */
export async function creditList(db: Executor, viewer: Principal, filter: { kind?: string; level?: string } = {}, now = new Date()) {
  const subjects = await visibleSubjects(db, viewer)
  const cfg = creditConfigOn(now)
  const { items } = await itemsBySubject(db, subjects.map(key))
  const then = new Date(now.getTime() - cfg.trendDays * 86_400_000)
  const rows: CreditListRow[] = subjects.map((s) => {
    const list = items.get(key(s)) ?? []
    const nowScore = scoreOf(cfg, list)
    return {
      kind: s.kind,
      id: s.id,
      name: s.name,
      orgType: s.orgType,
      divisionCode: s.divisionCode,
      total: nowScore.total,
      level: nowScore.level,
      trend: nowScore.total - scoreOf(cfg, list, then).total,
    }
  })
  const filtered = rows.filter((r) => (!filter.kind || r.kind === filter.kind) && (!filter.level || r.level === filter.level))
  return {
    rows: filtered,
    levels: cfg.levels,
    trendDays: cfg.trendDays,
    officer: officerScope(viewer) === 'all' ? isCityOfficer(viewer) : officerScope(viewer).length > 0,
  }
}

async function subjectFor(db: Executor, viewer: Principal, kind: string, id: string) {
  if ((kind !== 'org' && kind !== 'manager') || !UUID.test(id)) throw notFound()
  const [s] = await creditSubjects(db, 'all', [{ kind, id }])
  if (!s || !mayRead(viewer, s)) throw notFound()
  return s
}

/** /credit/:kind/:id: the record — score by dimension, events with their objections, adjustments, and what the viewer may do. */
export async function creditRecord(db: Executor, viewer: Principal, kind: string, id: string, now = new Date()) {
  const s = await subjectFor(db, viewer, kind, id)
  const cfg = creditConfigOn(now)
  const { events, adjustments, items } = await itemsBySubject(db, [key(s)])
  const objections = await objectionsOfEvents(
    db,
    events.map((e) => e.id)
  )
  const score = scoreOf(cfg, items.get(key(s)) ?? [])
  const city = isCityOfficer(viewer)
  return {
    subject: s,
    score,
    dimensions: cfg.dimensions,
    levels: cfg.levels,
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      dimension: e.dimension,
      points: e.points,
      at: e.at.toISOString(),
      note: e.note,
      evidence: e.evidence,
      sourceType: e.source_type,
      cancelled: !!e.cancelled_at,
      cancelledReason: e.cancelled_reason,
      objections: objections
        .filter((o) => o.event_id === e.id)
        .map((o) => ({ id: o.id, reason: o.reason, status: o.status, answer: o.answer, by: o.lodged_by_name ?? '', at: o.lodged_at.toISOString() })),
    })),
    adjustments: adjustments.map((a) => ({
      id: a.id,
      dimension: a.dimension,
      points: a.points,
      reason: a.reason,
      by: a.adjusted_by_name ?? '',
      at: a.at.toISOString(),
    })),
    actions: { adjust: city, complaint: city, decide: city, object: mayObject(viewer, s) },
  }
}

function requireCity(actor: Principal) {
  if (!isCityOfficer(actor)) throw forbidden('credit.errors.cityOnly')
}

function dimensionOk(dimension: string, now: Date) {
  if (!creditConfigOn(now).dimensions.some((d) => d.key === dimension)) throw invalid({ dimension: ['credit.errors.dimension'] })
}

/** A manual adjustment by a city officer: a dimension, signed points and the reason (required). */
export async function adjustCredit(
  db: Executor,
  actor: Principal,
  kind: string,
  id: string,
  input: { dimension: string; points: number; reason: string },
  meta: RequestMeta,
  now = new Date()
) {
  return inTransaction(db, async (trx) => {
    const s = await subjectFor(trx, actor, kind, id)
    requireCity(actor)
    dimensionOk(input.dimension, now)
    if (!Number.isInteger(input.points) || input.points === 0 || Math.abs(input.points) > 100) throw invalid({ points: ['credit.errors.points'] })
    if (!input.reason.trim()) throw invalid({ reason: ['credit.errors.reasonRequired'] })
    const row = await insertCreditAdjustment(trx, {
      subject_kind: s.kind,
      subject_id: s.id,
      dimension: input.dimension,
      points: input.points,
      reason: input.reason.trim(),
      adjusted_by: actor.userId,
    })
    await audit(
      trx,
      meta,
      actor.userId,
      'credit.adjusted',
      { type: 'credit_record', id: key(s), orgId: s.kind === 'org' ? s.id : s.agencyId },
      { dimension: input.dimension, points: input.points, reason: row.reason, adjustmentId: row.id }
    )
    await notify(trx, await subjectUserIds(trx, s), { kind: 'credit_adjusted', params: { name: s.name }, link: `/credit/${s.kind}/${s.id}` })
    return row
  })
}

/** A complaint (投诉) a city officer records with its evidence: a reputation event on the configured points. */
export async function recordComplaint(
  db: Executor,
  actor: Principal,
  kind: string,
  id: string,
  input: { note: string; evidence: string },
  meta: RequestMeta,
  now = new Date()
) {
  return inTransaction(db, async (trx) => {
    const s = await subjectFor(trx, actor, kind, id)
    requireCity(actor)
    if (!input.evidence.trim()) throw invalid({ evidence: ['credit.errors.evidenceRequired'] })
    const rule = creditConfigOn(now).events.complaint
    const row = await insertCreditEvent(trx, {
      subject_kind: s.kind,
      subject_id: s.id,
      kind: 'complaint',
      dimension: rule.dimension,
      points: rule.points,
      source_type: 'complaint',
      source_id: crypto.randomUUID(),
      at: now,
      note: input.note.trim(),
      evidence: input.evidence.trim(),
      recorded_by: actor.userId,
    })
    await audit(
      trx,
      meta,
      actor.userId,
      'credit.complaint',
      { type: 'credit_record', id: key(s), orgId: s.kind === 'org' ? s.id : s.agencyId },
      { eventId: row?.id, note: input.note, evidence: input.evidence }
    )
    await notify(trx, await subjectUserIds(trx, s), { kind: 'credit_complaint', params: { name: s.name }, link: `/credit/${s.kind}/${s.id}` })
    return row
  })
}

/** The subject objects to one of its events with a reason; one pending objection per event. */
export async function lodgeCreditObjection(
  db: Executor,
  actor: Principal,
  kind: string,
  id: string,
  input: { eventId: string; reason: string },
  meta: RequestMeta
) {
  return inTransaction(db, async (trx) => {
    const s = await subjectFor(trx, actor, kind, id)
    if (!mayObject(actor, s)) throw forbidden('credit.errors.subjectOnly')
    if (!UUID.test(input.eventId)) throw invalid({ eventId: ['credit.errors.event'] })
    const e = await lockCreditEvent(trx, input.eventId)
    if (!e || e.subject_kind !== s.kind || e.subject_id !== s.id) throw invalid({ eventId: ['credit.errors.event'] })
    if (e.cancelled_at) throw conflict('credit.errors.cancelled')
    if (!input.reason.trim()) throw invalid({ reason: ['credit.errors.reasonRequired'] })
    const pending = await objectionsOfEvents(trx, [e.id])
    if (pending.some((o) => o.status === 'pending')) throw conflict('credit.errors.pendingObjection')
    const row = await insertCreditObjection(trx, { event_id: e.id, reason: input.reason.trim(), lodged_by: actor.userId })
    await audit(
      trx,
      meta,
      actor.userId,
      'credit.objection_lodged',
      { type: 'credit_record', id: key(s), orgId: s.kind === 'org' ? s.id : s.agencyId },
      { eventId: e.id, objectionId: row.id }
    )
    await notify(trx, await cityOfficerIds(trx, CITY_DIVISION), { kind: 'credit_objection', params: { name: s.name }, link: `/credit/${s.kind}/${s.id}` })
    return row
  })
}

/** A city officer upholds (the event is cancelled) or rejects an objection, with an answer. */
export async function decideObjection(
  db: Executor,
  actor: Principal,
  kind: string,
  id: string,
  input: { objectionId: string; decision: 'upheld' | 'rejected'; answer: string },
  meta: RequestMeta,
  now = new Date()
) {
  return inTransaction(db, async (trx) => {
    const s = await subjectFor(trx, actor, kind, id)
    requireCity(actor)
    if (!UUID.test(input.objectionId)) throw notFound()
    const o = await lockCreditObjection(trx, input.objectionId)
    if (!o) throw notFound()
    const e = await lockCreditEvent(trx, o.event_id)
    if (!e || e.subject_kind !== s.kind || e.subject_id !== s.id) throw notFound()
    if (o.status !== 'pending') throw conflict('credit.errors.decided')
    if (!input.answer.trim()) throw invalid({ answer: ['credit.errors.answerRequired'] })
    await decideCreditObjection(trx, o.id, { status: input.decision, answer: input.answer.trim(), decided_by: actor.userId, decided_at: now })
    if (input.decision === 'upheld' && !e.cancelled_at) await cancelCreditEvent(trx, e.id, input.answer.trim(), now)
    await audit(
      trx,
      meta,
      actor.userId,
      `credit.objection_${input.decision}`,
      { type: 'credit_record', id: key(s), orgId: s.kind === 'org' ? s.id : s.agencyId },
      { eventId: e.id, objectionId: o.id, answer: input.answer }
    )
    await notify(trx, [o.lodged_by], { kind: `credit_objection_${input.decision}`, params: { name: s.name }, link: `/credit/${s.kind}/${s.id}` })
  })
}
