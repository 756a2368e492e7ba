// Intl formatters are costly to make (tens of microseconds each: locale data,
// time-zone tables) and cheap to reuse. A page listing 20 achievements used to
// build one DateTimeFormat per date shown; these caches build each distinct
// (locale, options) pair once per process.

const dateFormats = new Map<string, Intl.DateTimeFormat>()
const numberFormats = new Map<string, Intl.NumberFormat>()

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + '\u0000' + JSON.stringify(options)
  let f = dateFormats.get(key)
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(locale, options)))
  return f
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = locale + '\u0000' + JSON.stringify(options)
  let f = numberFormats.get(key)
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(locale, options)))
  return f
}

const shanghaiDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })

/** The calendar day in Liuzhou (Asia/Shanghai) as YYYY-MM-DD. */
export function shanghaiDate(date: Date = new Date()): string {
  return shanghaiDay.format(date)
}

const SHANGHAI_DATE_TIME: Intl.DateTimeFormatOptions = {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
}

/** A moment as Liuzhou shows it (date, hours and minutes, 24-hour clock), in `locale`: pages and PDFs alike. */
export function shanghaiDateTime(locale: string, value: string | Date): string {
  return dateTimeFormat(locale, SHANGHAI_DATE_TIME).format(new Date(value))
}
