// The public-holiday calendar of the People's Republic of China, as the State
// Council publishes it each year (国务院办公厅关于 YYYY 年部分节假日安排的通知):
// the days off (放假) and the weekend days that are working days instead
// (调休上班). Working-day periods (公示期, contract deadlines) count with it; see
// server/platform/working-days.ts.
//
// Like the policy table (policy.ts), this is configuration with effective dates:
// each entry is one version of one year's calendar, in force from its
// `effectiveFrom` day (Asia/Shanghai). A correction or the official notice that
// replaces a provisional year is a NEW entry with a later effectiveFrom, never
// an edit, so a period computed earlier can be recomputed exactly as it was.

export interface HolidayCalendarVersion {
  year: number
  /** ISO date (Asia/Shanghai) from which this version applies. */
  effectiveFrom: string
  /** Where the dates come from. */
  source: string
  /** Days off (ISO dates), weekdays and weekend days alike. */
  holidays: string[]
  /** Weekend days that are working days (调休上班). */
  workdays: string[]
}

const range = (from: string, days: number) =>
  Array.from({ length: days }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10))

export const HOLIDAY_CALENDARS: HolidayCalendarVersion[] = [
  {
    year: 2026,
    effectiveFrom: '2025-11-04',
    source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
    holidays: [
      ...range('2026-01-01', 3), // 元旦
      ...range('2026-02-15', 9), // 春节
      ...range('2026-04-04', 3), // 清明节
      ...range('2026-05-01', 5), // 劳动节
      ...range('2026-06-19', 3), // 端午节
      ...range('2026-09-25', 3), // 中秋节
      ...range('2026-10-01', 7), // 国庆节
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
  {
    // Provisional: the statutory days of 全国年节及纪念日放假办法 (2024 revision) for 2027's
    // dates, with a statutory day that falls on a weekend made up on the next weekdays (第六条),
    // and no 调休. Replace with a new entry when the State Council's 2027 notice is published.
    year: 2027,
    effectiveFrom: '2026-01-01',
    source: '全国年节及纪念日放假办法（法定假日，暂定；待国务院办公厅2027年安排通知发布后替换）',
    holidays: [
      '2027-01-01', // 元旦 (Fri)
      ...range('2027-02-05', 4), // 春节: 除夕 to 初三 (Fri–Mon)
      '2027-02-09', // 春节: Sat 02-06 made up
      '2027-02-10', // 春节: Sun 02-07 made up
      '2027-04-05', // 清明节 (Mon)
      '2027-05-01', // 劳动节 (Sat)
      '2027-05-02', // 劳动节 (Sun)
      '2027-05-03', // made up
      '2027-05-04', // made up
      '2027-06-09', // 端午节 (Wed)
      '2027-09-15', // 中秋节 (Wed)
      ...range('2027-10-01', 3), // 国庆节 (Fri–Sun)
      '2027-10-04', // made up
      '2027-10-05', // made up
    ],
    workdays: [],
  },
]
