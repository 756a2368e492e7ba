import { isMessageKey, type MessageKey } from '../../../server/i18n/catalog'
import type { RoadshowReason } from '../../../server/roadshows/answers'
import type { PanelProps } from './panel-types'

// Small shared pieces of the judges', intent and bidding panels.

/** The agenda item the host is on, if any. */
export const currentItemOf = ({ items, state }: Pick<PanelProps, 'items' | 'state'>) => items.find((i) => i.id === state.currentItemId) ?? null

/** The message key of a refusal. */
export const reasonKey = (reason: RoadshowReason | string): MessageKey => {
  const key = `roadshow.reason.${reason}`
  return isMessageKey(key) ? key : 'roadshow.reason.unavailable'
}

/** Centi-points as points with two decimals (7050 → "70.50"). */
export const points = (centi: number) => (centi / 100).toFixed(2)
