import type { Executor } from '../../db/index'
import { attendedEvents, attendedMinutes } from '../../db/repos/trainings'

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
