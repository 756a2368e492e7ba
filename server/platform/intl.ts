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
