import { timingSafeEqual } from 'node:crypto'
import type { Database, Executor } from '../../db/index'
import {
  cancelRegistrationRow,
  feedbackSummary,
  findRegistration,
  findTraining,
  firstWaiting,
  giveSeat,
  listRegistrations,
  seatCounts,
  setCheckedIn,
  setFeedback,
  upsertRegistration,
  type TrainingRow,
} from '../../db/repos/trainings'
import type { Principal, RequestMeta } from '../identity/principal'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import { conflict, notFound } from '../platform/errors'
import { trainingRulesOn } from './config'
import { managedTraining, phaseOf } from './events'

// Registration, the door's QR check-in, attendance and feedback (ADR 037).
// Every change to who holds a seat runs under the event's row lock, so two
// people registering at once never take more seats than the capacity: the one
// who finds it full waits on the list, and the first cancellation gives the
// oldest waiting registration its seat. Check-in is idempotent.

function registeringOrg(p: Principal) {
  const verified = p.memberships.filter((m) => m.orgStatus === 'verified')
  if (p.manager) return p.manager.agencyId
  return verified[0]?.orgId ?? null
}

async function lockOpen(trx: Executor, id: string) {
  const t = await findTraining(trx, id, { lock: true })
  if (!t || t.status === 'draft') throw notFound()
  return t
}

async function takeSeat(trx: Executor, t: TrainingRow, actor: Principal, meta: RequestMeta) {
  const c = (await seatCounts(trx, [t.id])).get(t.id)
  const full = t.capacity != null && (c?.taken ?? 0) >= t.capacity
  await upsertRegistration(trx, { trainingId: t.id, userId: actor.userId, orgId: registeringOrg(actor), waitlisted: full })
  await audit(trx, meta, actor.userId, full ? 'training.waitlist' : 'training.register', { type: 'training', id: t.id, orgId: t.organiser_org_id })
  return { waitlisted: full }
}

/** Registers the actor: a seat while there is one, else a place on the waiting list. */
export async function registerForTraining(db: Database, actor: Principal, id: string, meta: RequestMeta, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const t = await lockOpen(trx, id)
    const phase = phaseOf(t, now)
    if (phase === 'cancelled') throw conflict('training.errors.cancelled')
    if (phase !== 'open') throw conflict('training.errors.registrationClosed')
    const mine = await findRegistration(trx, id, actor.userId)
    if (mine && !mine.cancelled_at) return { waitlisted: !!mine.waitlisted_at }
    return takeSeat(trx, t, actor, meta)
  })
}

async function promoteWaiting(trx: Executor, t: TrainingRow) {
  const c = (await seatCounts(trx, [t.id])).get(t.id)
  if (t.capacity != null && (c?.taken ?? 0) >= t.capacity) return
  const next = await firstWaiting(trx, t.id)
  if (!next) return
  await giveSeat(trx, t.id, next.user_id)
  await notify(trx, [next.user_id], { kind: 'training_seat', params: { title: t.title }, link: `/trainings/${t.id}` })
}

export async function cancelRegistration(db: Database, actor: Principal, id: string, meta: RequestMeta, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const t = await lockOpen(trx, id)
    const mine = await findRegistration(trx, id, actor.userId)
    if (!mine || mine.cancelled_at) return { cancelled: true }
    if (mine.checked_in_at) throw conflict('training.errors.alreadyAttended')
    if (new Date(t.starts_at) <= now) throw conflict('training.errors.started')
    await cancelRegistrationRow(trx, id, actor.userId)
    await audit(trx, meta, actor.userId, 'training.unregister', { type: 'training', id, orgId: t.organiser_org_id })
    if (!mine.waitlisted_at) await promoteWaiting(trx, t)
    return { cancelled: true }
  })
}

function tokenMatches(stored: string, given: string) {
  const a = Buffer.from(stored)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

export type CheckInResult =
  | { state: 'checkedIn'; title: string; already: boolean }
  | { state: 'notRegistered'; title: string; seatsLeft: number | null }
  | { state: 'waitlisted'; title: string }

/**
 * The door's QR code, scanned by a signed-in person: a registered attendee is
 * checked in (again: nothing changes); a wrong token or a closed window is
 * refused; someone not registered is told so, and with `register` (their
 * confirmation) takes a free seat and is checked in at once.
 */
export async function checkInWithToken(db: Database, actor: Principal, id: string, token: string, o: { register?: boolean }, meta: RequestMeta, now = new Date()): Promise<CheckInResult> {
  return db.transaction().execute(async (trx) => {
    const t = await lockOpen(trx, id)
    if (!tokenMatches(t.checkin_token, token)) throw conflict('training.checkin.errors.badToken')
    if (t.status === 'cancelled') throw conflict('training.errors.cancelled')
    const rules = trainingRulesOn(now)
    const opens = new Date(t.starts_at).getTime() - rules.checkinOpensBeforeMinutes * 60_000
    const closes = new Date(t.ends_at).getTime() + rules.checkinClosesAfterMinutes * 60_000
    if (now.getTime() < opens) throw conflict('training.checkin.errors.tooEarly')
    if (now.getTime() > closes) throw conflict('training.checkin.errors.tooLate')
    let mine = await findRegistration(trx, id, actor.userId)
    if (mine && !mine.cancelled_at && mine.checked_in_at) return { state: 'checkedIn', title: t.title, already: true }
    const c = (await seatCounts(trx, [id])).get(id)
    const seatsLeft = t.capacity == null ? null : Math.max(0, t.capacity - (c?.taken ?? 0))
    if (!mine || mine.cancelled_at) {
      if (!o.register) return { state: 'notRegistered', title: t.title, seatsLeft }
      if (seatsLeft === 0) throw conflict('training.checkin.errors.full')
      await upsertRegistration(trx, { trainingId: id, userId: actor.userId, orgId: registeringOrg(actor), waitlisted: false })
      await audit(trx, meta, actor.userId, 'training.register', { type: 'training', id, orgId: t.organiser_org_id }, { atDoor: true })
      mine = await findRegistration(trx, id, actor.userId)
    } else if (mine.waitlisted_at) {
      if (seatsLeft === 0) return { state: 'waitlisted', title: t.title }
    }
    await setCheckedIn(trx, id, actor.userId, true)
    await audit(trx, meta, actor.userId, 'training.checkin', { type: 'training', id, orgId: t.organiser_org_id }, { via: 'qr' })
    return { state: 'checkedIn', title: t.title, already: false }
  })
}

/** The organiser's attendance sheet. */
export async function attendanceSheet(db: Database, actor: Principal, id: string) {
  const t = await managedTraining(db, actor, id)
  const rows = await listRegistrations(db, id)
  return {
    training: { id: t.id, title: t.title, startsAt: t.starts_at, endsAt: t.ends_at, creditMinutes: t.credit_minutes, capacity: t.capacity, status: t.status, divisionZh: t.division_zh, divisionEn: t.division_en },
    rows,
    registered: rows.filter((r) => !r.waitlisted_at).length,
    waiting: rows.filter((r) => r.waitlisted_at).length,
    attended: rows.filter((r) => r.checked_in_at).length,
    feedback: await feedbackSummary(db, id),
  }
}

/** The organiser ticks (or unticks) someone's attendance by hand. */
export async function markAttendance(db: Database, actor: Principal, id: string, userId: string, present: boolean, meta: RequestMeta) {
  await managedTraining(db, actor, id)
  return db.transaction().execute(async (trx) => {
    const t = await findTraining(trx, id, { lock: true })
    if (!t) throw notFound()
    if (t.status === 'cancelled') throw conflict('training.errors.cancelled')
    const r = await findRegistration(trx, id, userId)
    if (!r || r.cancelled_at) throw notFound()
    await setCheckedIn(trx, id, userId, present)
    await audit(trx, meta, actor.userId, present ? 'training.attend' : 'training.absent', { type: 'training', id, orgId: t.organiser_org_id }, { userId })
    return { present }
  })
}

/** Rating 1–5 and a comment, from someone who attended, once the event has started. */
export async function giveFeedback(db: Database, actor: Principal, id: string, input: { rating: number; text: string }, meta: RequestMeta, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const t = await findTraining(trx, id)
    if (!t || t.status === 'draft') throw notFound()
    const r = await findRegistration(trx, id, actor.userId)
    if (!r || r.cancelled_at || !r.checked_in_at) throw conflict('training.errors.attendeesOnly')
    if (new Date(t.starts_at) > now) throw conflict('training.errors.notStarted')
    await setFeedback(trx, id, actor.userId, input.rating, input.text)
    await audit(trx, meta, actor.userId, 'training.feedback', { type: 'training', id, orgId: t.organiser_org_id }, { rating: input.rating })
    return { ok: true }
  })
}

/** The organiser's QR page: the check-in path (with the token) and the counts. */
export async function checkinCode(db: Database, actor: Principal, id: string) {
  const t = await managedTraining(db, actor, id)
  const c = (await seatCounts(db, [id])).get(id) ?? { taken: 0, waiting: 0, attended: 0 }
  return {
    training: { id: t.id, title: t.title, startsAt: t.starts_at, endsAt: t.ends_at, status: t.status },
    path: checkinPath(t.id, t.checkin_token),
    registered: c.taken,
    attended: c.attended,
  }
}

export const checkinPath = (id: string, token: string) => `/trainings/${id}/check-in?token=${encodeURIComponent(token)}`
