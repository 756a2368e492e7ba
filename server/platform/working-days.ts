import { HOLIDAY_CALENDARS, type HolidayCalendarVersion } from './holidays'
import { shanghaiDate } from './intl'

// Working days (工作日) in Liuzhou: Monday to Friday, less the public holidays,
// plus the weekend days that are made-up working days (调休上班), from the
// calendar in holidays.ts. Days are calendar days in Asia/Shanghai (UTC+8 all
// year, no daylight saving), written YYYY-MM-DD. A year the calendar does not
// know counts weekends only.
//
// A period of N working days "from" a day follows the usual rule that the day
// it starts on does not count: it runs to the end (24:00 Shanghai) of the Nth
// working day after that day. Notices (公示期) and, later, contract deadlines use it.

export interface WorkingCalendar {
  isWorkingDay(day: string): boolean
}

const DAY_MS = 86_400_000
const DAY = /^\d{4}-\d{2}-\d{2}$/

function checkDay(day: string) {
  const t = Date.parse(`${day}T00:00:00Z`)
  // Date.parse rolls 02-30 over into March: the day must survive the round trip.
  if (!DAY.test(day) || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== day) throw new RangeError(`not a day: ${day}`)
}

/** The day after (or `by` days from) `day`. */
export function nextDay(day: string, by = 1): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + by * DAY_MS).toISOString().slice(0, 10)
}

/** The instant a Shanghai calendar day begins. */
export function shanghaiMidnight(day: string): Date {
  checkDay(day)
  return new Date(`${day}T00:00:00+08:00`)
}

/**
 * The calendar as it stood on `asOf`: for each year, the latest version whose
 * effectiveFrom is on or before that day (a year with none counts weekends only).
 */
export function workingCalendar(asOf: Date = new Date(), versions: HolidayCalendarVersion[] = HOLIDAY_CALENDARS): WorkingCalendar {
  const today = shanghaiDate(asOf)
  const byYear = new Map<number, HolidayCalendarVersion>()
  for (const v of versions) {
    if (v.effectiveFrom > today) continue
    const current = byYear.get(v.year)
    if (!current || current.effectiveFrom < v.effectiveFrom) byYear.set(v.year, v)
  }
  const holidays = new Set<string>()
  const workdays = new Set<string>()
  for (const v of byYear.values()) {
    v.holidays.forEach((d) => holidays.add(d))
    v.workdays.forEach((d) => workdays.add(d))
  }
  return {
    isWorkingDay(day) {
      checkDay(day)
      if (workdays.has(day)) return true
      if (holidays.has(day)) return false
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
      return weekday !== 0 && weekday !== 6
    },
  }
}

/** The `n`th working day after `day` (`day` itself does not count); `n` = 0 gives `day`. */
export function addWorkingDays(day: string, n: number, cal: WorkingCalendar): string {
  checkDay(day)
  if (!Number.isInteger(n) || n < 0 || n > 3660) throw new RangeError(`working days out of range: ${n}`)
  let d = day
  for (let left = n; left > 0; ) {
    d = nextDay(d)
    if (cal.isWorkingDay(d)) left--
  }
  return d
}

/** Working days from `from` to `to`, both included (0 when `to` is before `from`). */
export function countWorkingDays(from: string, to: string, cal: WorkingCalendar): number {
  checkDay(from)
  checkDay(to)
  let n = 0
  for (let d = from; d <= to; d = nextDay(d)) if (cal.isWorkingDay(d)) n++
  return n
}

/** The end of a period of `n` working days starting at `start`: 24:00 Shanghai of the nth working day after start's day. */
export function periodEnd(start: Date, n: number, cal: WorkingCalendar): Date {
  return shanghaiMidnight(nextDay(addWorkingDays(shanghaiDate(start), n, cal)))
}

/**
 * Working days still to run before `end` as seen at `now`, today included
 * when today is a working day (it is not over yet); 0 once `end` has passed.
 */
export function workingDaysLeft(now: Date, end: Date, cal: WorkingCalendar): number {
  if (now >= end) return 0
  return countWorkingDays(shanghaiDate(now), shanghaiDate(new Date(end.getTime() - 1)), cal)
}
