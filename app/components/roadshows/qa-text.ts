import { isMessageKey, type MessageKey } from '../../../server/i18n/catalog'
import type { RoadshowAnswer } from '../../../server/roadshows/answers'

// What the Q&A and poll panels say about a refused command: the reason's
// catalog key (server/i18n/features/roadshows-core.ts), or 'unavailable'.

export function reasonKey(answer: RoadshowAnswer): MessageKey {
  const key = answer.ok ? '' : `roadshow.reason.${answer.reason}`
  return isMessageKey(key) ? key : 'roadshow.reason.unavailable'
}

/** Bar length in steps of 5% (data-pct classes of app.css: the content security policy forbids inline styles). */
export function barStep(n: number, max: number) {
  if (n <= 0 || max <= 0) return 0
  return Math.max(5, Math.round((n / max) * 20) * 5)
}
