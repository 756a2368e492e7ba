import { describe, expect, it } from 'vitest'
import { HOLIDAY_CALENDARS, type HolidayCalendarVersion } from '../../server/platform/holidays'
import { addWorkingDays, countWorkingDays, periodEnd, workingCalendar, workingDaysLeft } from '../../server/platform/working-days'

// The working-day calendar as a notice or a contract deadline would meet it:
// weekends, public holidays, make-up Saturdays and Sundays (调休), the change of
// year, and the day boundary in Liuzhou rather than UTC.

const cal = workingCalendar(new Date('2026-12-04T00:00:00Z'))

describe('working days in 2026 (State Council notice of 2025-11-04)', () => {
  it('skips weekends', () => {
    // Friday 2026-03-06 + 1 working day is Monday 03-09.
    expect(addWorkingDays('2026-03-06', 1, cal)).toBe('2026-03-09')
    expect(addWorkingDays('2026-03-02', 5, cal)).toBe('2026-03-09')
    expect(countWorkingDays('2026-03-02', '2026-03-15', cal)).toBe(10)
  })

  it('skips the holidays and counts the make-up working days', () => {
    expect(cal.isWorkingDay('2026-10-05')).toBe(false) // 国庆节, a Monday
    expect(cal.isWorkingDay('2026-10-10')).toBe(true) // Saturday 调休上班
    expect(cal.isWorkingDay('2026-09-20')).toBe(true) // Sunday 调休上班
    expect(cal.isWorkingDay('2026-02-14')).toBe(true) // Saturday before 春节
    // From Wednesday 09-30: the next working day is Thursday 10-08 (10-01…07 are off).
    expect(addWorkingDays('2026-09-30', 1, cal)).toBe('2026-10-08')
    // 10-08 Thu, 10-09 Fri, 10-10 Sat (调休), then Monday 10-12.
    expect(addWorkingDays('2026-09-30', 4, cal)).toBe('2026-10-12')
    // 春节: Friday 02-13 → Saturday 02-14 is a working day, then nothing until Tuesday 02-24.
    expect(addWorkingDays('2026-02-13', 1, cal)).toBe('2026-02-14')
    expect(addWorkingDays('2026-02-13', 2, cal)).toBe('2026-02-24')
  })

  it('runs a 15-working-day notice over the National Day holiday', () => {
    // Opened Friday 2026-09-18: Sunday 09-20 (调休) and 21–24 (5; 09-25 is 中秋),
    // 09-28–30 (8), 10-08, 09 and Saturday 10-10 (11), then 10-12–15 (15).
    expect(addWorkingDays('2026-09-18', 15, cal)).toBe('2026-10-15')
  })

  it('crosses into 2027 with its (provisional) statutory holidays', () => {
    // 2026-12-31 is a Thursday; 2027-01-01 (Fri) is 元旦, so the next working day is Monday 01-04.
    expect(addWorkingDays('2026-12-31', 1, cal)).toBe('2027-01-04')
    expect(countWorkingDays('2026-12-28', '2027-01-08', cal)).toBe(9)
    // 春节 2027: 02-05 to 02-10 off.
    expect(addWorkingDays('2027-02-04', 1, cal)).toBe('2027-02-11')
  })

  it('counts a year it knows nothing of by weekends only', () => {
    expect(addWorkingDays('2030-01-01', 1, cal)).toBe('2030-01-02')
    expect(addWorkingDays('2029-12-28', 1, cal)).toBe('2029-12-31')
  })
})

describe('effective dates', () => {
  const year = (o: Partial<HolidayCalendarVersion>): HolidayCalendarVersion => ({ year: 2030, effectiveFrom: '2029-11-01', source: 'test', holidays: [], workdays: [], ...o })

  it('uses the version of a year in force on the day asked, a later one replacing it', () => {
    const versions = [year({ holidays: ['2030-01-02'] }), year({ effectiveFrom: '2029-12-01', holidays: ['2030-01-03'], workdays: ['2030-01-05'] })]
    const early = workingCalendar(new Date('2029-11-15T00:00:00Z'), versions)
    const late = workingCalendar(new Date('2029-12-15T00:00:00Z'), versions)
    expect([early.isWorkingDay('2030-01-02'), early.isWorkingDay('2030-01-03'), early.isWorkingDay('2030-01-05')]).toEqual([false, true, false])
    expect([late.isWorkingDay('2030-01-02'), late.isWorkingDay('2030-01-03'), late.isWorkingDay('2030-01-05')]).toEqual([true, false, true])
    // Before any version: weekends only.
    expect(workingCalendar(new Date('2029-10-01T00:00:00Z'), versions).isWorkingDay('2030-01-02')).toBe(true)
  })

  it('has the 2026 and 2027 years in the default data', () => {
    expect(HOLIDAY_CALENDARS.map((v) => v.year)).toEqual(expect.arrayContaining([2026, 2027]))
    for (const v of HOLIDAY_CALENDARS) {
      for (const d of v.workdays) expect([0, 6]).toContain(new Date(`${d}T00:00:00Z`).getUTCDay())
      expect(v.holidays.every((d) => d.startsWith(String(v.year)))).toBe(true)
    }
  })
})

describe('periods in Asia/Shanghai', () => {
  it('ends at 24:00 Liuzhou time of the last working day, the opening day not counted', () => {
    // Monday 2026-03-02 10:00 in Liuzhou; 3 working days → Thursday 03-05 24:00 = 03-05 16:00 UTC.
    const end = periodEnd(new Date('2026-03-02T02:00:00Z'), 3, cal)
    expect(end.toISOString()).toBe('2026-03-05T16:00:00.000Z')
  })

  it('takes the opening day in Liuzhou, not UTC', () => {
    // Friday 2026-03-06 23:30 UTC is already Saturday 03-07 07:30 in Liuzhou: 1 working day → Monday 03-09.
    expect(periodEnd(new Date('2026-03-06T23:30:00Z'), 1, cal).toISOString()).toBe('2026-03-09T16:00:00.000Z')
    // Friday 2026-03-06 15:30 UTC is still Friday 23:30 in Liuzhou: also → Monday 03-09.
    expect(periodEnd(new Date('2026-03-06T15:30:00Z'), 1, cal).toISOString()).toBe('2026-03-09T16:00:00.000Z')
    // Thursday 2026-03-05 15:30 UTC is Thursday 23:30 in Liuzhou → Friday 03-06.
    expect(periodEnd(new Date('2026-03-05T15:30:00Z'), 1, cal).toISOString()).toBe('2026-03-06T16:00:00.000Z')
  })

  it('counts the working days left, today included while it lasts', () => {
    const end = periodEnd(new Date('2026-03-02T02:00:00Z'), 3, cal) // ends Thursday 03-05 24:00
    expect(workingDaysLeft(new Date('2026-03-02T03:00:00Z'), end, cal)).toBe(4) // Mon (today) … Thu
    expect(workingDaysLeft(new Date('2026-03-05T15:59:00Z'), end, cal)).toBe(1) // Thursday 23:59
    expect(workingDaysLeft(new Date('2026-03-05T16:00:00Z'), end, cal)).toBe(0)
    // Over a weekend: on Saturday 03-07 a period ending Tuesday 03-10 24:00 has Mon and Tue left.
    expect(workingDaysLeft(new Date('2026-03-07T04:00:00Z'), new Date('2026-03-10T16:00:00Z'), cal)).toBe(2)
  })

  it('refuses nonsense', () => {
    expect(() => addWorkingDays('2026-02-30', 1, cal)).toThrow(RangeError)
    expect(() => addWorkingDays('2026-03-02', -1, cal)).toThrow(RangeError)
    expect(() => addWorkingDays('2026-03-02', 1.5, cal)).toThrow(RangeError)
  })
})

describe('how a notice page shows the end', () => {
  it('says 24:00 of the last working day, not 00:00 of the next one', async () => {
    const { formatNoticeEnd } = await import('../../app/components/notice-bits')
    expect(formatNoticeEnd('zh-CN', '2026-12-22T16:00:00.000Z')).toBe('2026/12/22 24:00')
    // An end that is not at midnight (none the app makes) is shown as it is.
    expect(formatNoticeEnd('zh-CN', '2026-12-22T06:30:00.000Z')).toBe('2026/12/22 14:30')
  })
})
