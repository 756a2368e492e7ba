import type { Executor } from '../../db/index'
import { attendedEvents, attendedMinutes, myUpcoming } from '../../db/repos/trainings'

// Training hours (ADR 037): the credit minutes of every event a person
// attended (checked in at the door or ticked by the organiser) count toward
// their record; a cancelled event, or a registration without attendance,
// counts nothing. The directory, the manager's profile and other areas (the
// credit record) ask this one function.

/** Minutes per user id (0 for users with none), events starting in [range.from, range.to). */
export async function trainingMinutesByUser(db: Executor, userIds: string[], range?: { from?: Date; to?: Date }): Promise<Map<string, number>> {
  const out = new Map<string, number>(userIds.map((id) => [id, 0]))
  for (const r of await attendedMinutes(db, [...new Set(userIds)], range)) out.set(r.user_id, Number(r.minutes))
  return out
}

/** A person's record: total minutes and the events behind them, newest first. */
export async function trainingRecord(db: Executor, userId: string) {
  const minutes = (await trainingMinutesByUser(db, [userId])).get(userId) ?? 0
  return { minutes, events: await attendedEvents(db, userId) }
}

/** What a person's own profile shows: their hours, attended events and coming registrations. */
export async function ownTrainingRecord(db: Executor, userId: string, now = new Date()) {
  const [record, upcoming] = await Promise.all([trainingRecord(db, userId), myUpcoming(db, userId, now)])
  return { ...record, upcoming }
}
