import { HOLIDAY_CALENDARS, type HolidayCalendarVersion } from '../platform/holidays'
import { periodEnd, workingCalendar, workingDaysLeft } from '../platform/working-days'
import { deadlineDays, REGISTRATION_CONFIGS, registrationConfigOn, type RegistrationConfig } from './config'

// A registrar's deadline: N working days (15, or 30 for a large contract or
// expert review, by the configuration in force when the clock started) from
// the clock's start, on the holiday calendar (holidays and make-up working
// days) as it stood then. The start day itself does not count; the period ends
// at 24:00 Shanghai of the Nth working day after it.

export function registrationDeadline(
  clockStart: Date,
  technologyAmountFen: number,
  expertReview: boolean,
  o: { calendars?: HolidayCalendarVersion[]; configs?: RegistrationConfig[] } = {},
) {
  const days = deadlineDays(registrationConfigOn(clockStart, o.configs ?? REGISTRATION_CONFIGS), technologyAmountFen, expertReview)
  return { days, deadlineAt: periodEnd(clockStart, days, workingCalendar(clockStart, o.calendars ?? HOLIDAY_CALENDARS)) }
}

/** Working days left before the deadline as seen at `now` (0 once it has passed). */
export function registrationDaysLeft(now: Date, deadlineAt: Date, calendars: HolidayCalendarVersion[] = HOLIDAY_CALENDARS) {
  return workingDaysLeft(now, deadlineAt, workingCalendar(now, calendars))
}
