// The server's clock in the browser (ADR 031). A countdown that read the
// client's clock would be off by however far that clock is off — minutes on
// some office PCs. The page knows the server's time twice: `serverNow` from the
// loader (late by the render and the transfer), then the socket's `clock` ack,
// measured over a round trip. The offset is server − client; the sample with
// the shortest round trip bounds the error best (NTP's rule), so it wins.

export interface ClockSample {
  /** Client time when the request left (Date.now()). */
  sentAt: number
  /** Client time when the answer came. */
  receivedAt: number
  /** The server's Date.now() in the answer. */
  serverMs: number
}

export interface Offset {
  offsetMs: number
  /** The round trip the estimate came from; its error is at most half of it. Infinity for the page's render time. */
  rttMs: number
}

/** The offset from the time the page was rendered: a first estimate until the socket answers. */
export function offsetFromRender(serverNowIso: string, clientNowMs: number): Offset {
  return { offsetMs: Date.parse(serverNowIso) - clientNowMs, rttMs: Number.POSITIVE_INFINITY }
}

/** The offset one `clock` round trip gives: the server read its clock about halfway through. */
export function offsetFromSample(s: ClockSample): Offset | null {
  const rtt = s.receivedAt - s.sentAt
  if (!Number.isFinite(s.serverMs) || !Number.isFinite(rtt) || rtt < 0) return null
  return { offsetMs: Math.round(s.serverMs - (s.sentAt + rtt / 2)), rttMs: rtt }
}

/** Keeps the better of two estimates (shorter round trip). */
export function better(a: Offset, b: Offset | null): Offset {
  return b && b.rttMs < a.rttMs ? b : a
}

export interface Remaining {
  totalMs: number
  days: number
  hours: number
  minutes: number
  seconds: number
}

/** Time left until `endsAtIso` on the server's clock; never negative. Rounded up to whole seconds so 00:00 means over. */
export function remaining(endsAtIso: string, clientNowMs: number, offsetMs: number): Remaining {
  const totalMs = Math.max(0, Date.parse(endsAtIso) - (clientNowMs + offsetMs))
  const s = Math.ceil(totalMs / 1000)
  return { totalMs, days: Math.floor(s / 86_400), hours: Math.floor((s % 86_400) / 3600), minutes: Math.floor((s % 3600) / 60), seconds: s % 60 }
}

export type LivePhase = 'upcoming' | 'bidding' | 'closing' | 'closed'

/** The phase on the server's clock: the page moves from 公告期 to bidding to closing by itself; only the close comes from the server. */
export function phaseAt(lot: { phase: LivePhase; startsAt: string; endsAt: string }, serverMs: number): LivePhase {
  if (lot.phase === 'closed') return 'closed'
  if (serverMs < Date.parse(lot.startsAt)) return 'upcoming'
  return serverMs < Date.parse(lot.endsAt) ? 'bidding' : 'closing'
}
