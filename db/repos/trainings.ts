import { sql } from 'kysely'
import type { Executor } from '../index'
import type { TrainingEventTable } from '../schema'
import { isUuid } from './ids'

// Training events (政策培训 / 科技大讲堂), their registrations and materials (ADR 037).

export interface TrainingValues {
  kind: TrainingEventTable['kind']
  title: string
  summary: string
  venue: string
  divisionCode: string
  startsAt: Date
  endsAt: Date
  creditMinutes: number
  capacity: number | null
  registrationClosesAt: Date | null
}

const columns = (v: TrainingValues) => ({
  kind: v.kind,
  title: v.title,
  summary: v.summary,
  venue: v.venue,
  division_code: v.divisionCode,
  starts_at: v.startsAt,
  ends_at: v.endsAt,
  credit_minutes: v.creditMinutes,
  capacity: v.capacity,
  registration_closes_at: v.registrationClosesAt,
})

export async function insertTraining(db: Executor, v: TrainingValues & { organiserOrgId: string | null; createdBy: string; checkinToken: string }) {
  const row = await db
    .insertInto('training_events')
    .values({ ...columns(v), organiser_org_id: v.organiserOrgId, created_by: v.createdBy, checkin_token: v.checkinToken, status: 'published' })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function updateTraining(db: Executor, id: string, v: TrainingValues) {
  await db.updateTable('training_events').set({ ...columns(v), updated_at: sql<Date>`now()` }).where('id', '=', id).execute()
}

export async function cancelTrainingRow(db: Executor, id: string, reason: string) {
  await db.updateTable('training_events').set({ status: 'cancelled', cancel_reason: reason, updated_at: sql<Date>`now()` }).where('id', '=', id).execute()
}

export async function findTraining(db: Executor, id: string, o: { lock?: boolean } = {}) {
  if (!isUuid(id)) return undefined
  let q = db
    .selectFrom('training_events as t')
    .innerJoin('divisions as d', 'd.code', 't.division_code')
    .leftJoin('organisations as o', 'o.id', 't.organiser_org_id')
    .selectAll('t')
    .select(['d.name_zh as division_zh', 'd.name_en as division_en', 'o.name as organiser_name'])
    .where('t.id', '=', id)
  if (o.lock) q = q.forUpdate('t')
  return q.executeTakeFirst()
}
export type TrainingRow = NonNullable<Awaited<ReturnType<typeof findTraining>>>

/** Seats taken (registrations holding a seat) and waiting, per event. */
export async function seatCounts(db: Executor, ids: string[]) {
  const out = new Map<string, { taken: number; waiting: number; attended: number }>()
  if (ids.length === 0) return out
  const rows = await db
    .selectFrom('training_registrations')
    .select([
      'training_id',
      sql<number>`count(*) filter (where waitlisted_at is null)::int`.as('taken'),
      sql<number>`count(*) filter (where waitlisted_at is not null)::int`.as('waiting'),
      sql<number>`count(*) filter (where checked_in_at is not null)::int`.as('attended'),
    ])
    .where('training_id', 'in', ids)
    .where('cancelled_at', 'is', null)
    .groupBy('training_id')
    .execute()
  for (const r of rows) out.set(r.training_id, { taken: Number(r.taken), waiting: Number(r.waiting), attended: Number(r.attended) })
  return out
}

export interface TrainingFilter {
  when: 'upcoming' | 'past'
  kind?: 'policy' | 'lecture'
  division?: string
  q?: string
  /** Only these divisions (a county officer's scope). */
  divisions?: string[]
  includeCancelled?: boolean
}

export async function listTrainings(db: Executor, f: TrainingFilter, page: { limit: number; offset: number }, now = new Date()) {
  let q = db
    .selectFrom('training_events as t')
    .innerJoin('divisions as d', 'd.code', 't.division_code')
    .where('t.status', '<>', 'draft')
  q = f.when === 'upcoming' ? q.where('t.ends_at', '>=', now) : q.where('t.ends_at', '<', now)
  if (!f.includeCancelled && f.when === 'past') q = q.where('t.status', '=', 'published')
  if (f.kind) q = q.where('t.kind', '=', f.kind)
  if (f.division) q = q.where('t.division_code', '=', f.division)
  if (f.divisions) q = f.divisions.length ? q.where('t.division_code', 'in', f.divisions) : q.where(sql<boolean>`false`)
  if (f.q) q = q.where((eb) => eb.or([eb('t.title', 'ilike', `%${f.q!.replace(/[\\%_]/g, '\\$&')}%`), eb('t.venue', 'ilike', `%${f.q!.replace(/[\\%_]/g, '\\$&')}%`)]))
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  const rows = await q
    .select(['t.id', 't.kind', 't.title', 't.venue', 't.division_code', 'd.name_zh as division_zh', 'd.name_en as division_en', 't.starts_at', 't.ends_at', 't.capacity', 't.credit_minutes', 't.status', 't.registration_closes_at'])
    .orderBy('t.starts_at', f.when === 'upcoming' ? 'asc' : 'desc')
    .orderBy('t.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
  return { total: Number(total.n), rows }
}

export async function findRegistration(db: Executor, trainingId: string, userId: string, o: { lock?: boolean } = {}) {
  let q = db.selectFrom('training_registrations').selectAll().where('training_id', '=', trainingId).where('user_id', '=', userId)
  if (o.lock) q = q.forUpdate()
  return q.executeTakeFirst()
}

/** Registers (or registers again after a cancellation): a seat when `waitlisted` is false. */
export async function upsertRegistration(db: Executor, r: { trainingId: string; userId: string; orgId: string | null; waitlisted: boolean }) {
  // clock_timestamp(): the moment the seat was refused under the lock, so the queue keeps lock order.
  const waitlisted_at = r.waitlisted ? sql<Date>`clock_timestamp()` : null
  await db
    .insertInto('training_registrations')
    .values({ training_id: r.trainingId, user_id: r.userId, org_id: r.orgId, waitlisted_at })
    .onConflict((oc) =>
      oc.columns(['training_id', 'user_id']).doUpdateSet({ org_id: r.orgId, registered_at: sql<Date>`now()`, cancelled_at: null, checked_in_at: null, waitlisted_at }),
    )
    .execute()
}

export async function cancelRegistrationRow(db: Executor, trainingId: string, userId: string) {
  await db
    .updateTable('training_registrations')
    .set({ cancelled_at: sql<Date>`now()`, waitlisted_at: null })
    .where('training_id', '=', trainingId)
    .where('user_id', '=', userId)
    .execute()
}

/** The oldest registration waiting for a seat, locked. */
export async function firstWaiting(db: Executor, trainingId: string) {
  return db
    .selectFrom('training_registrations')
    .select(['user_id'])
    .where('training_id', '=', trainingId)
    .where('cancelled_at', 'is', null)
    .where('waitlisted_at', 'is not', null)
    .orderBy('waitlisted_at')
    .orderBy('user_id')
    .limit(1)
    .forUpdate()
    .executeTakeFirst()
}

export async function giveSeat(db: Executor, trainingId: string, userId: string) {
  await db.updateTable('training_registrations').set({ waitlisted_at: null }).where('training_id', '=', trainingId).where('user_id', '=', userId).execute()
}

export async function setCheckedIn(db: Executor, trainingId: string, userId: string, present: boolean) {
  await db
    .updateTable('training_registrations')
    .set(present ? { checked_in_at: sql<Date>`coalesce(checked_in_at, now())`, waitlisted_at: null } : { checked_in_at: null })
    .where('training_id', '=', trainingId)
    .where('user_id', '=', userId)
    .where('cancelled_at', 'is', null)
    .execute()
}

export async function setFeedback(db: Executor, trainingId: string, userId: string, rating: number, text: string) {
  await db
    .updateTable('training_registrations')
    .set({ feedback_rating: rating, feedback_text: text })
    .where('training_id', '=', trainingId)
    .where('user_id', '=', userId)
    .execute()
}

/** Everyone registered (not cancelled), seat holders first, for the attendance sheet. */
export async function listRegistrations(db: Executor, trainingId: string) {
  return db
    .selectFrom('training_registrations as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .leftJoin('organisations as o', 'o.id', 'r.org_id')
    .leftJoin('manager_profiles as mp', (j) => j.onRef('mp.user_id', '=', 'r.user_id').on('mp.status', '=', 'approved'))
    .select(['r.user_id', 'u.name', 'u.email', 'o.name as org_name', 'r.registered_at', 'r.checked_in_at', 'r.waitlisted_at', 'r.feedback_rating', 'r.feedback_text', 'mp.certificate_no'])
    .where('r.training_id', '=', trainingId)
    .where('r.cancelled_at', 'is', null)
    .orderBy(sql`r.waitlisted_at is not null`)
    .orderBy('u.name')
    .orderBy('r.user_id')
    .execute()
}

export async function feedbackSummary(db: Executor, trainingId: string) {
  const r = await db
    .selectFrom('training_registrations')
    .select([sql<number>`count(feedback_rating)::int`.as('n'), sql<string | null>`round(avg(feedback_rating)::numeric, 1)::text`.as('avg')])
    .where('training_id', '=', trainingId)
    .executeTakeFirstOrThrow()
  return { count: Number(r.n), average: r.avg }
}

export async function insertMaterial(
  db: Executor,
  m: { trainingId: string; kind: 'image' | 'document'; filename: string; mime: string; sizeBytes: number; sha256: string; storageKey: string; uploadedBy: string },
) {
  const row = await db
    .insertInto('training_materials')
    .values({
      training_id: m.trainingId,
      kind: m.kind,
      filename: m.filename,
      mime: m.mime,
      size_bytes: m.sizeBytes,
      sha256: m.sha256,
      storage_key: m.storageKey,
      uploaded_by: m.uploadedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function listMaterials(db: Executor, trainingId: string) {
  return db
    .selectFrom('training_materials')
    .select(['id', 'filename', 'mime', 'kind', 'size_bytes', 'created_at'])
    .where('training_id', '=', trainingId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export async function findMaterial(db: Executor, trainingId: string, id: string) {
  if (!isUuid(id) || !isUuid(trainingId)) return undefined
  return db.selectFrom('training_materials').selectAll().where('id', '=', id).where('training_id', '=', trainingId).executeTakeFirst()
}

export async function deleteMaterialRow(db: Executor, trainingId: string, id: string) {
  const r = await db.deleteFrom('training_materials').where('id', '=', id).where('training_id', '=', trainingId).returning('storage_key').executeTakeFirst()
  return r?.storage_key ?? null
}

/** Minutes of attended, not cancelled events per user, with starts_at in [from, to). */
export async function attendedMinutes(db: Executor, userIds: string[], range?: { from?: Date; to?: Date }) {
  if (userIds.length === 0) return []
  let q = db
    .selectFrom('training_registrations as r')
    .innerJoin('training_events as t', 't.id', 'r.training_id')
    .select(['r.user_id', sql<number>`coalesce(sum(t.credit_minutes), 0)::int`.as('minutes'), sql<number>`count(*)::int`.as('events')])
    .where('r.user_id', 'in', userIds)
    .where('r.checked_in_at', 'is not', null)
    .where('r.cancelled_at', 'is', null)
    .where('t.status', '=', 'published')
    .groupBy('r.user_id')
  if (range?.from) q = q.where('t.starts_at', '>=', range.from)
  if (range?.to) q = q.where('t.starts_at', '<', range.to)
  return q.execute()
}

/** A user's attended events, newest first. */
export async function attendedEvents(db: Executor, userId: string, limit = 20) {
  return db
    .selectFrom('training_registrations as r')
    .innerJoin('training_events as t', 't.id', 'r.training_id')
    .select(['t.id', 't.title', 't.kind', 't.starts_at', 't.credit_minutes'])
    .where('r.user_id', '=', userId)
    .where('r.checked_in_at', 'is not', null)
    .where('r.cancelled_at', 'is', null)
    .where('t.status', '=', 'published')
    .orderBy('t.starts_at', 'desc')
    .limit(limit)
    .execute()
}

/** A user's own registrations for events still to come, not yet attended. */
export async function myUpcoming(db: Executor, userId: string, now = new Date()) {
  return db
    .selectFrom('training_registrations as r')
    .innerJoin('training_events as t', 't.id', 'r.training_id')
    .select(['t.id', 't.title', 't.starts_at', 'r.waitlisted_at'])
    .where('r.user_id', '=', userId)
    .where('r.cancelled_at', 'is', null)
    .where('r.checked_in_at', 'is', null)
    .where('t.status', '=', 'published')
    .where('t.ends_at', '>=', now)
    .orderBy('t.starts_at')
    .limit(10)
    .execute()
}

/** Users registered (not cancelled) to an event, for notices. */
export async function registeredUserIds(db: Executor, trainingId: string) {
  const rows = await db.selectFrom('training_registrations').select('user_id').where('training_id', '=', trainingId).where('cancelled_at', 'is', null).execute()
  return rows.map((r) => r.user_id)
}
