// What every roadshow command answers (ADR 033), over the socket's ack and
// the page's form fallback alike. A refusal names its reason (a message key
// `roadshow.reason.<reason>` in every language) and, for bad input, the field.

export type RoadshowReason =
  | 'invalid'
  | 'unauthorized'
  | 'unavailable'
  | 'not_found'
  | 'forbidden'
  | 'not_live'
  | 'ended'
  | 'rate_limited'
  | 'muted'
  | 'removed'
  | 'blocked_words'
  | 'qa_closed'
  | 'poll_closed'
  | 'scoring_closed'
  | 'no_item'
  | 'not_verified'

export const ROADSHOW_REASONS: readonly RoadshowReason[] = [
  'invalid',
  'unauthorized',
  'unavailable',
  'not_found',
  'forbidden',
  'not_live',
  'ended',
  'rate_limited',
  'muted',
  'removed',
  'blocked_words',
  'qa_closed',
  'poll_closed',
  'scoring_closed',
  'no_item',
  'not_verified',
]

export type RoadshowAnswer<T extends object = object> = ({ ok: true } & T) | { ok: false; reason: RoadshowReason; field?: string }

export const refuse = (reason: RoadshowReason, field?: string): { ok: false; reason: RoadshowReason; field?: string } =>
  field ? { ok: false, reason, field } : { ok: false, reason }
