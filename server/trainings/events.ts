import type { Database } from '../../db/index'
import { divisionExists, listDivisions } from '../../db/repos/organisations'
import {
  cancelTrainingRow,
  feedbackSummary,
  findRegistration,
  findTraining,
  insertTraining,
  listMaterials,
  listTrainings,
  registeredUserIds,
  seatCounts,
  updateTraining,
  type TrainingFilter,
  type TrainingValues,
} from '../../db/repos/trainings'
import type { Principal, RequestMeta } from '../identity/principal'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import { conflict, forbidden, invalid, notFound } from '../platform/errors'
import { newToken } from '../platform/tokens'
import { isOrganiser, mayManage, organiserDivisions, organiserOrg } from './access'
import { trainingRulesOn } from './config'
import type { TrainingInput } from './schemas'

// Training events (政策培训 / 科技大讲堂, ADR 037): officers schedule, edit and
// cancel them within their scope (a county officer: events in their county);
// everyone reads the public list and page. The check-in token is made here,
// once, and shown only to organisers.

function values(input: TrainingInput): TrainingValues {
  return {
    kind: input.kind,
    title: input.title,
    summary: input.summary,
    venue: input.venue,
    divisionCode: input.divisionCode,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    creditMinutes: Math.round(input.creditHours * 60),
    capacity: input.capacity ?? null,
    registrationClosesAt: input.registrationClosesAt ?? null,
  }
}

async function checkDivision(db: Database, actor: Principal, code: string) {
  if (!(await divisionExists(db, code))) throw invalid({ divisionCode: ['training.errors.division'] })
  if (!mayManage(actor, code)) throw invalid({ divisionCode: ['training.errors.divisionScope'] })
}

/** The divisions the officer may pick in the form. */
export async function formDivisions(db: Database, actor: Principal) {
  const scope = organiserDivisions(actor)
  const all = await listDivisions(db)
  return all.filter((d) => !scope || scope.includes(d.code)).map((d) => ({ code: d.code, nameZh: d.name_zh, nameEn: d.name_en }))
}

export function requireOrganiser(actor: Principal) {
  if (!isOrganiser(actor)) throw forbidden()
}

export async function createTraining(db: Database, actor: Principal, input: TrainingInput, meta: RequestMeta) {
  requireOrganiser(actor)
  await checkDivision(db, actor, input.divisionCode)
  const org = organiserOrg(actor)
  return db.transaction().execute(async (trx) => {
    const id = await insertTraining(trx, { ...values(input), organiserOrgId: org?.orgId ?? null, createdBy: actor.userId, checkinToken: newToken(24) })
    await audit(trx, meta, actor.userId, 'training.create', { type: 'training', id, orgId: org?.orgId ?? null }, { title: input.title, division: input.divisionCode })
    return { id }
  })
}

/** The event an officer may manage; 404 for events outside their scope (they may not know of them as organisers). */
export async function managedTraining(db: Database, actor: Principal, id: string) {
  const t = await findTraining(db, id)
  if (!t) throw notFound()
  if (!isOrganiser(actor)) throw forbidden()
  if (!mayManage(actor, t.division_code)) throw notFound()
  return t
}

export async function editTraining(db: Database, actor: Principal, id: string, input: TrainingInput, meta: RequestMeta) {
  await managedTraining(db, actor, id)
  await checkDivision(db, actor, input.divisionCode)
  return db.transaction().execute(async (trx) => {
    const t = await findTraining(trx, id, { lock: true })
    if (!t) throw notFound()
    if (t.status === 'cancelled') throw conflict('training.errors.cancelled')
    const counts = (await seatCounts(trx, [id])).get(id)
    if (input.capacity != null && counts && counts.taken > input.capacity)
      throw invalid({ capacity: [`training.errors.capacityBelowTaken|taken=${counts.taken}`] })
    await updateTraining(trx, id, values(input))
    await audit(trx, meta, actor.userId, 'training.update', { type: 'training', id, orgId: t.organiser_org_id }, { title: input.title })
    return { id }
  })
}

export async function cancelTraining(db: Database, actor: Principal, id: string, reason: string, meta: RequestMeta) {
  await managedTraining(db, actor, id)
  return db.transaction().execute(async (trx) => {
    const t = await findTraining(trx, id, { lock: true })
    if (!t) throw notFound()
    if (t.status === 'cancelled') return { id }
    await cancelTrainingRow(trx, id, reason)
    await audit(trx, meta, actor.userId, 'training.cancel', { type: 'training', id, orgId: t.organiser_org_id }, { reason })
    await notify(trx, await registeredUserIds(trx, id), { kind: 'training_cancelled', params: { title: t.title }, link: `/trainings/${id}` })
    return { id }
  })
}

export interface ListQuery extends Omit<TrainingFilter, 'divisions'> {
  page: number
}

export async function trainingList(db: Database, q: ListQuery, now = new Date()) {
  const size = trainingRulesOn(now).pageSize
  const { rows, total } = await listTrainings(db, q, { limit: size, offset: (q.page - 1) * size }, now)
  const counts = await seatCounts(db, rows.map((r) => r.id))
  return {
    total,
    pageSize: size,
    rows: rows.map((r) => {
      const c = counts.get(r.id) ?? { taken: 0, waiting: 0, attended: 0 }
      return { ...r, taken: c.taken, attended: c.attended, seatsLeft: r.capacity == null ? null : Math.max(0, r.capacity - c.taken) }
    }),
  }
}

export type Phase = 'open' | 'closed' | 'running' | 'ended' | 'cancelled'

export function phaseOf(t: { status: string; starts_at: Date; ends_at: Date; registration_closes_at: Date | null }, now = new Date()): Phase {
  if (t.status === 'cancelled') return 'cancelled'
  if (new Date(t.ends_at) < now) return 'ended'
  if (new Date(t.starts_at) <= now) return 'running'
  const closes = t.registration_closes_at ?? t.starts_at
  return new Date(closes) > now ? 'open' : 'closed'
}

/** Everything the public page shows, with the viewer's own registration. */
export async function trainingPage(db: Database, viewer: Principal | null, id: string, now = new Date()) {
  const t = await findTraining(db, id)
  if (!t || t.status === 'draft') throw notFound()
  const c = (await seatCounts(db, [id])).get(id) ?? { taken: 0, waiting: 0, attended: 0 }
  const mine = viewer ? await findRegistration(db, id, viewer.userId) : undefined
  const active = mine && !mine.cancelled_at ? mine : null
  const organiser = mayManage(viewer, t.division_code)
  const attended = !!active?.checked_in_at
  const materials = await listMaterials(db, id)
  return {
    training: {
      id: t.id,
      kind: t.kind,
      title: t.title,
      summary: t.summary,
      venue: t.venue,
      divisionZh: t.division_zh,
      divisionEn: t.division_en,
      organiserName: t.organiser_name,
      startsAt: t.starts_at,
      endsAt: t.ends_at,
      creditMinutes: t.credit_minutes,
      capacity: t.capacity,
      registrationClosesAt: t.registration_closes_at ?? t.starts_at,
      status: t.status,
      cancelReason: t.cancel_reason,
    },
    phase: phaseOf(t, now),
    taken: c.taken,
    waiting: c.waiting,
    attendedCount: c.attended,
    seatsLeft: t.capacity == null ? null : Math.max(0, t.capacity - c.taken),
    mine: active
      ? { waitlisted: !!active.waitlisted_at, checkedIn: attended, rating: active.feedback_rating, feedback: active.feedback_text ?? '' }
      : null,
    organiser,
    materials: materials.map((m) => ({ id: m.id, filename: m.filename, sizeBytes: m.size_bytes })),
    mayDownload: organiser || attended,
    mayGiveFeedback: attended && new Date(t.starts_at) <= now && t.status === 'published',
    feedback: organiser ? await feedbackSummary(db, id) : null,
  }
}

/** The edit page: the event, its form's divisions and its materials (organisers only). */
export async function trainingForEdit(db: Database, actor: Principal, id: string) {
  const t = await managedTraining(db, actor, id)
  const [divisions, materials] = await Promise.all([formDivisions(db, actor), listMaterials(db, id)])
  return { training: t, divisions, materials: materials.map((m) => ({ id: m.id, filename: m.filename, sizeBytes: m.size_bytes })) }
}

/** The divisions the public list filters by. */
export async function listFilterDivisions(db: Database) {
  return (await listDivisions(db)).map((d) => ({ code: d.code, nameZh: d.name_zh, nameEn: d.name_en }))
}
