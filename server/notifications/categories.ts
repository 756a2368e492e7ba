import type { MailPreference, NotificationCategory } from '../../db/schema'

// The groups of the notification centre (ADR 024): the page filters by them and
// mail preferences apply per group. A kind belongs to the group of its longest
// matching prefix; branches that add kinds follow these prefixes.

export const CATEGORIES = ['messages', 'deals', 'listings', 'requests', 'matches', 'notices', 'auctions', 'roadshows'] as const satisfies readonly NotificationCategory[]
export const MAIL_PREFERENCES = ['immediate', 'daily', 'off'] as const satisfies readonly MailPreference[]

const PREFIXES: [string, NotificationCategory][] = [
  ['deal_message', 'messages'],
  ['deal_mention', 'messages'],
  ['deal_offer', 'messages'],
  ['offer_', 'messages'],
  ['manager_terms', 'messages'],
  ['deal_', 'deals'],
  ['listing_', 'listings'],
  ['details_', 'requests'],
  ['interest_', 'requests'],
  ['need_', 'requests'],
  ['match_', 'matches'],
  ['notice_', 'notices'],
  ['objection_', 'notices'],
  ['auction_', 'auctions'],
  ['roadshow_', 'roadshows'],
]

export function categoryOf(kind: string): NotificationCategory {
  let best: [string, NotificationCategory] | undefined
  for (const p of PREFIXES) if (kind.startsWith(p[0]) && (!best || p[0].length > best[0].length)) best = p
  return best?.[1] ?? 'deals'
}

/**
 * Mail when a person has not chosen (ADR 024): at once for what someone waits on
 * and what today already mails at once (requests, matches, review decisions,
 * deal stages, notice objections); chat and offers, which come in bursts while
 * people negotiate in the room and show on the bell live, in the daily digest
 * of what is still unread.
 */
export const DEFAULT_MAIL: Record<NotificationCategory, MailPreference> = {
  messages: 'daily',
  deals: 'immediate',
  listings: 'immediate',
  requests: 'immediate',
  matches: 'immediate',
  notices: 'immediate',
  auctions: 'immediate',
  roadshows: 'immediate',
}

export const isCategory = (v: unknown): v is NotificationCategory => typeof v === 'string' && (CATEGORIES as readonly string[]).includes(v)
export const isMailPreference = (v: unknown): v is MailPreference => typeof v === 'string' && (MAIL_PREFERENCES as readonly string[]).includes(v)
