import { describe, expect, it } from 'vitest'
import type { HolidayCalendarVersion } from '../../server/platform/holidays'
import { formatRegistrationNumber, REGISTRATION_CONFIGS, type RegistrationConfig } from '../../server/registrations/config'
import { registrationDaysLeft, registrationDeadline } from '../../server/registrations/deadline'

// The registrar's deadline as a seller would count it on a wall calendar: 15
// working days (30 for a large contract or expert review), the National Day
// week off, the make-up Saturday worked, the day of submission not counted,
// the period ending at 24:00 Beijing time.

const range = (from: string, days: number) => Array.from({ length: days }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10))

const calendars: HolidayCalendarVersion[] = [
  { year: 2026, effectiveFrom: '2025-11-01', source: 'test', holidays: range('2026-10-01', 7), workdays: ['2026-10-10'] },
]
const noMakeUp: HolidayCalendarVersion[] = [{ ...calendars[0]!, workdays: [] }]

// Wednesday 2026-09-30, 10:00 Beijing.
const start = new Date('2026-09-30T02:00:00Z')

describe('the registration deadline', () => {
  it('counts 15 working days over the National Day week and the make-up Saturday', () => {
    // 10-08 Thu 1, 10-09 Fri 2, 10-10 Sat (调休) 3, 10-12…16 4–8, 10-19…23 9–13, 10-26 14, 10-27 15.
    const d = registrationDeadline(start, 80_000_000, false, { calendars })
    expect(d.days).toBe(15)
    expect(d.deadlineAt.toISOString()).toBe(new Date('2026-10-28T00:00:00+08:00').toISOString())
    // Without the make-up Saturday the period runs one working day longer.
    expect(registrationDeadline(start, 80_000_000, false, { calendars: noMakeUp }).deadlineAt.toISOString()).toBe(new Date('2026-10-29T00:00:00+08:00').toISOString())
  })

  it('gives 30 working days from the threshold (500万元) up and under expert review', () => {
    expect(registrationDeadline(start, 499_999_999, false, { calendars }).days).toBe(15)
    const large = registrationDeadline(start, 500_000_000, false, { calendars })
    expect(large.days).toBe(30)
    // 15 → 10-27; then 10-28…30 (18), 11-02…06 (23), 11-09…13 (28), 11-16 (29), 11-17 (30).
    expect(large.deadlineAt.toISOString()).toBe(new Date('2026-11-18T00:00:00+08:00').toISOString())
    expect(registrationDeadline(start, 0, true, { calendars }).days).toBe(30)
  })

  it('follows the configuration in force when the clock started', () => {
    const configs: RegistrationConfig[] = [...REGISTRATION_CONFIGS, { ...REGISTRATION_CONFIGS[0]!, effectiveFrom: '2026-10-01', deadlineWorkingDays: 20, longDeadlineThresholdFen: 100_000_000 }]
    expect(registrationDeadline(start, 80_000_000, false, { calendars, configs }).days).toBe(15)
    expect(registrationDeadline(new Date('2026-10-08T02:00:00Z'), 80_000_000, false, { calendars, configs }).days).toBe(20)
    expect(registrationDeadline(new Date('2026-10-08T02:00:00Z'), 100_000_000, false, { calendars, configs }).days).toBe(30)
  })

  it('shows the working days left, none once passed', () => {
    const { deadlineAt } = registrationDeadline(start, 80_000_000, false, { calendars })
    expect(registrationDaysLeft(new Date('2026-10-26T02:00:00Z'), deadlineAt, calendars)).toBe(2)
    expect(registrationDaysLeft(new Date('2026-10-03T02:00:00Z'), deadlineAt, calendars)).toBe(15)
    expect(registrationDaysLeft(new Date('2026-10-28T00:00:01+08:00'), deadlineAt, calendars)).toBe(0)
  })
})

describe('the registration number', () => {
  it('is 16 digits by default: year, the registrar division, a 6-digit serial', () => {
    const n = formatRegistrationNumber(REGISTRATION_CONFIGS[0]!.numberFormat, { year: 2026, division: '450202', serial: 37 })
    expect(n).toBe('2026450202000037')
    expect(n).toMatch(/^\d{16}$/)
  })
})
