import { isMessageKey, type Locale, type MessageKey } from '../../../server/i18n/catalog'
import { dateTimeFormat } from '../../../server/platform/intl'

// Small shared pieces of the live panel: times in Asia/Shanghai, countdown
// text, and a command's refusal as its message key.

export function formatClockTime(locale: Locale, iso: string, withDate = false) {
  const o: Intl.DateTimeFormatOptions = { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }
  return dateTimeFormat(locale, withDate ? { ...o, year: 'numeric', month: '2-digit', day: '2-digit' } : o).format(new Date(iso))
}

/** 0:07 or 1:02:07 for a count of milliseconds (negative counts as its size). */
export function durationText(ms: number) {
  const total = Math.floor(Math.abs(ms) / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const pad = (n: number) => String(n).padStart(2, '0')
  return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`
}

/** The message key of a refusal (`roadshow.reason.<reason>`), unavailable for anything unknown. */
export function reasonKey(answer: { ok: boolean; reason?: string }): MessageKey {
  const key = `roadshow.reason.${answer.reason ?? 'unavailable'}`
  return isMessageKey(key) ? key : 'roadshow.reason.unavailable'
}

/** Where an item stands on the server's clock: pitching, in Q&A, or over its time. */
export function stageAt(itemStartedAt: string, pitchMinutes: number, qaMinutes: number, serverMs: number) {
  const start = Date.parse(itemStartedAt)
  const pitchEnd = start + pitchMinutes * 60_000
  const qaEnd = pitchEnd + qaMinutes * 60_000
  if (serverMs < pitchEnd) return { stage: 'pitch' as const, ms: pitchEnd - serverMs }
  if (serverMs < qaEnd) return { stage: 'qa' as const, ms: qaEnd - serverMs }
  return { stage: 'over' as const, ms: serverMs - qaEnd }
}
