import { describe, expect, it } from 'vitest'
import { attendanceSheet, cancelRegistration, checkInWithToken, giveFeedback, markAttendance, registerForTraining } from '../../server/trainings/attendance'
import { cancelTraining, createTraining, editTraining, managedTraining, trainingPage } from '../../server/trainings/events'
import { trainingMinutesByUser } from '../../server/trainings/hours'
import { openMaterial } from '../../server/trainings/materials'
import type { TrainingInput } from '../../server/trainings/schemas'
import { DomainError } from '../../server/platform/errors'
import type { FileStore } from '../../server/platform/files/store'
import { createManager, createMember, createUser, principalFor, testMeta } from '../helpers/factories'
import { cityOfficer, countyOfficer } from '../helpers/subsidies'
import { testDb } from '../helpers/worker-setup'

// Training events (ADR 037): seats are never oversold under concurrent
// registration, the door's QR token checks people in (and only the right
// token), hours count only what was attended, and a county officer manages
// only their county's events.

type Db = ReturnType<typeof testDb>
const HOUR = 3_600_000

function input(o: Partial<TrainingInput> = {}): TrainingInput {
  const startsAt = o.startsAt ?? new Date(Date.now() + 30 * 60_000)
  return {
    kind: 'policy',
    title: `政策培训 ${Math.random().toString(36).slice(2, 8)}`,
    summary: '',
    venue: '科技大市场报告厅',
    divisionCode: '450204',
    startsAt,
    endsAt: new Date(startsAt.getTime() + 2 * HOUR),
    creditHours: 1.5,
    capacity: undefined,
    registrationClosesAt: undefined,
    ...o,
  }
}

async function event(db: Db, o: Partial<TrainingInput> = {}) {
  const city = await cityOfficer(db)
  const { id } = await createTraining(db, city.principal, input(o), testMeta)
  const row = await db.selectFrom('training_events').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  return { id, token: row.checkin_token, city }
}

const person = async (db: Db) => (await createMember(db, { type: 'enterprise' })).principal

async function rejects(p: Promise<unknown>, key: string) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(DomainError)
  expect((err as DomainError).messageKey).toBe(key)
}

describe('registration', () => {
  it('never gives more seats than the capacity when many register at once; the rest wait, and a cancellation promotes the oldest', async () => {
    const db = testDb()
    const { id } = await event(db, { capacity: 3, startsAt: new Date(Date.now() + 24 * HOUR) })
    const people = await Promise.all(Array.from({ length: 10 }, () => person(db)))
    const results = await Promise.all(people.map((p) => registerForTraining(db, p, id, testMeta)))
    expect(results.filter((r) => !r.waitlisted)).toHaveLength(3)
    const rows = await db.selectFrom('training_registrations').selectAll().where('training_id', '=', id).execute()
    expect(rows.filter((r) => r.waitlisted_at === null)).toHaveLength(3)
    expect(rows.filter((r) => r.waitlisted_at !== null)).toHaveLength(7)
    // Registering again changes nothing.
    const seated = people[results.findIndex((r) => !r.waitlisted)]!
    expect(await registerForTraining(db, seated, id, testMeta)).toEqual({ waitlisted: false })
    // The oldest waiting registration, in the database's own (microsecond) order.
    const firstWaiting = await db
      .selectFrom('training_registrations')
      .select('user_id')
      .where('training_id', '=', id)
      .where('waitlisted_at', 'is not', null)
      .orderBy('waitlisted_at')
      .orderBy('user_id')
      .executeTakeFirstOrThrow()
    await cancelRegistration(db, seated, id, testMeta)
    const promoted = await db.selectFrom('training_registrations').selectAll().where('training_id', '=', id).where('user_id', '=', firstWaiting.user_id).executeTakeFirstOrThrow()
    expect(promoted.waitlisted_at).toBeNull()
    const note = await db.selectFrom('notifications').select(['kind', 'link']).where('user_id', '=', firstWaiting.user_id).execute()
    expect(note).toEqual([{ kind: 'training_seat', link: `/trainings/${id}` }])
    const page = await trainingPage(db, null, id)
    expect(page.seatsLeft).toBe(0)
    expect(page.taken).toBe(3)
    expect(page.waiting).toBe(6)
  })

  it('closes registration at the deadline and for a cancelled event', async () => {
    const db = testDb()
    const start = new Date(Date.now() + 48 * HOUR)
    const { id, city } = await event(db, { startsAt: start, registrationClosesAt: new Date(start.getTime() - 24 * HOUR) })
    const p = await person(db)
    await rejects(registerForTraining(db, p, id, testMeta, new Date(start.getTime() - 12 * HOUR)), 'training.errors.registrationClosed')
    await registerForTraining(db, p, id, testMeta)
    await cancelTraining(db, city.principal, id, '场地调整', testMeta)
    await rejects(registerForTraining(db, await person(db), id, testMeta), 'training.errors.cancelled')
    const note = await db.selectFrom('notifications').select('kind').where('user_id', '=', p.userId).execute()
    expect(note.map((n) => n.kind)).toEqual(['training_cancelled'])
  })
})

describe('QR check-in', () => {
  it('checks a registered attendee in once with the right token and refuses a wrong one', async () => {
    const db = testDb()
    const { id, token } = await event(db)
    const p = await person(db)
    await registerForTraining(db, p, id, testMeta)
    await rejects(checkInWithToken(db, p, id, 'not-the-token', {}, testMeta), 'training.checkin.errors.badToken')
    await rejects(checkInWithToken(db, p, id, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), {}, testMeta), 'training.checkin.errors.badToken')
    expect(await checkInWithToken(db, p, id, token, {}, testMeta)).toMatchObject({ state: 'checkedIn', already: false })
    const first = await db.selectFrom('training_registrations').select('checked_in_at').where('training_id', '=', id).where('user_id', '=', p.userId).executeTakeFirstOrThrow()
    expect(await checkInWithToken(db, p, id, token, {}, testMeta)).toMatchObject({ state: 'checkedIn', already: true })
    const again = await db.selectFrom('training_registrations').select('checked_in_at').where('training_id', '=', id).where('user_id', '=', p.userId).executeTakeFirstOrThrow()
    expect(again.checked_in_at).toEqual(first.checked_in_at)
  })

  it('tells someone not registered, and registers and checks them in when they confirm and seats remain', async () => {
    const db = testDb()
    const { id, token } = await event(db, { capacity: 1 })
    const walkIn = await person(db)
    expect(await checkInWithToken(db, walkIn, id, token, {}, testMeta)).toMatchObject({ state: 'notRegistered', seatsLeft: 1 })
    expect(await db.selectFrom('training_registrations').select('user_id').where('training_id', '=', id).execute()).toEqual([])
    expect(await checkInWithToken(db, walkIn, id, token, { register: true }, testMeta)).toMatchObject({ state: 'checkedIn' })
    const late = await person(db)
    expect(await checkInWithToken(db, late, id, token, {}, testMeta)).toMatchObject({ state: 'notRegistered', seatsLeft: 0 })
    await rejects(checkInWithToken(db, late, id, token, { register: true }, testMeta), 'training.checkin.errors.full')
  })

  it('opens two hours before the start and closes two hours after the end', async () => {
    const db = testDb()
    const start = new Date(Date.now() + 5 * HOUR)
    const { id, token } = await event(db, { startsAt: start })
    const p = await person(db)
    await registerForTraining(db, p, id, testMeta)
    await rejects(checkInWithToken(db, p, id, token, {}, testMeta, new Date(start.getTime() - 3 * HOUR)), 'training.checkin.errors.tooEarly')
    await rejects(checkInWithToken(db, p, id, token, {}, testMeta, new Date(start.getTime() + 5 * HOUR)), 'training.checkin.errors.tooLate')
    expect(await checkInWithToken(db, p, id, token, {}, testMeta, new Date(start.getTime() - HOUR))).toMatchObject({ state: 'checkedIn' })
  })
})

describe('hours, attendance and feedback', () => {
  it('counts the credit minutes of attended events only', async () => {
    const db = testDb()
    const manager = await createManager(db)
    const attended = await event(db, { creditHours: 1.5 })
    const skipped = await event(db, { creditHours: 3 })
    const cancelled = await event(db, { creditHours: 2 })
    for (const e of [attended, skipped, cancelled]) await registerForTraining(db, manager.principal, e.id, testMeta)
    await checkInWithToken(db, manager.principal, attended.id, attended.token, {}, testMeta)
    await markAttendance(db, cancelled.city.principal, cancelled.id, manager.user.id, true, testMeta)
    await cancelTraining(db, cancelled.city.principal, cancelled.id, '取消', testMeta)
    const other = await createUser(db)
    const minutes = await trainingMinutesByUser(db, [manager.user.id, other.id])
    expect(minutes.get(manager.user.id)).toBe(90)
    expect(minutes.get(other.id)).toBe(0)
    // A range that ends before the events counts nothing.
    expect((await trainingMinutesByUser(db, [manager.user.id], { to: new Date(Date.now() - HOUR) })).get(manager.user.id)).toBe(0)
    // The organiser ticks someone present by hand: their hours grow; unticking takes them back.
    await markAttendance(db, skipped.city.principal, skipped.id, manager.user.id, true, testMeta)
    expect((await trainingMinutesByUser(db, [manager.user.id])).get(manager.user.id)).toBe(270)
    await markAttendance(db, skipped.city.principal, skipped.id, manager.user.id, false, testMeta)
    expect((await trainingMinutesByUser(db, [manager.user.id])).get(manager.user.id)).toBe(90)
    const sheet = await attendanceSheet(db, attended.city.principal, attended.id)
    expect(sheet).toMatchObject({ registered: 1, attended: 1 })
  })

  it('takes feedback from attendees only, once the event has started', async () => {
    const db = testDb()
    const { id, token } = await event(db)
    const came = await person(db)
    const stayedAway = await person(db)
    await registerForTraining(db, came, id, testMeta)
    await registerForTraining(db, stayedAway, id, testMeta)
    await checkInWithToken(db, came, id, token, {}, testMeta)
    await rejects(giveFeedback(db, came, id, { rating: 5, text: '很好' }, testMeta), 'training.errors.notStarted')
    const later = new Date(Date.now() + HOUR)
    await rejects(giveFeedback(db, stayedAway, id, { rating: 1, text: '' }, testMeta, later), 'training.errors.attendeesOnly')
    await giveFeedback(db, came, id, { rating: 5, text: '很好' }, testMeta, later)
    const page = await trainingPage(db, came, id, later)
    expect(page.mine).toMatchObject({ checkedIn: true, rating: 5, feedback: '很好' })
  })

  it('lets attendees and organisers download materials, nobody else', async () => {
    const db = testDb()
    const { id, token, city } = await event(db)
    const stored = new Map<string, Uint8Array>()
    const store: FileStore = {
      put: async (k, b) => void stored.set(k, b),
      get: async (k) => (stored.has(k) ? { body: new Blob([new Uint8Array(stored.get(k)!)]).stream(), size: stored.get(k)!.byteLength } : null),
      delete: async (k) => void stored.delete(k),
    }
    const { uploadMaterial } = await import('../../server/trainings/materials')
    const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
    const m = await uploadMaterial(db, store, city.principal, id, { bytes: pdf, name: '讲义.pdf' }, testMeta)
    const came = await person(db)
    const registeredOnly = await person(db)
    await registerForTraining(db, came, id, testMeta)
    await registerForTraining(db, registeredOnly, id, testMeta)
    await checkInWithToken(db, came, id, token, {}, testMeta)
    expect((await openMaterial(db, store, came, id, m.id, { headOnly: true })).file?.filename).toBe('讲义.pdf')
    expect((await openMaterial(db, store, city.principal, id, m.id, { headOnly: true })).file).not.toBeNull()
    expect((await openMaterial(db, store, registeredOnly, id, m.id, { headOnly: true })).file).toBeNull()
    expect((await openMaterial(db, store, null, id, m.id, { headOnly: true })).file).toBeNull()
  })
})

describe('county officer scope', () => {
  it('creates and manages events in their own county only', async () => {
    const db = testDb()
    const county = await countyOfficer(db, '450204')
    await rejects(createTraining(db, county.principal, input({ divisionCode: '450205' }), testMeta), 'errors.invalid')
    const own = await createTraining(db, county.principal, input({ divisionCode: '450204' }), testMeta)
    await editTraining(db, county.principal, own.id, input({ divisionCode: '450204', title: '改名后的培训' }), testMeta)
    const elsewhere = await event(db, { divisionCode: '450205' })
    await rejects(managedTraining(db, county.principal, elsewhere.id), 'errors.notFound')
    await rejects(attendanceSheet(db, county.principal, elsewhere.id), 'errors.notFound')
    await rejects(cancelTraining(db, county.principal, elsewhere.id, 'x', testMeta), 'errors.notFound')
    // The city manages both; someone who is no officer may manage neither.
    const city = await cityOfficer(db)
    await managedTraining(db, city.principal, own.id)
    const enterprise = await person(db)
    await rejects(createTraining(db, enterprise, input(), testMeta), 'errors.forbidden')
    await rejects(managedTraining(db, enterprise, own.id), 'errors.forbidden')
    // A county officer's page view shows the organiser tools only for their own county's events.
    expect((await trainingPage(db, county.principal, own.id)).organiser).toBe(true)
    expect((await trainingPage(db, county.principal, elsewhere.id)).organiser).toBe(false)
    expect((await principalFor(db, county.user.id)).userId).toBe(county.user.id)
  })
})
