import { describe, expect, it } from 'vitest'
import { applyBids, initialState, quickAmount, standing, type LiveState } from '../../app/utils/auction-live-state'
import { CommandTimeout, sendCommand, type Emit } from '../../app/utils/send-command'
import { better, offsetFromRender, offsetFromSample, phaseAt, remaining } from '../../app/utils/server-clock'
import type { LiveLotView } from '../../server/auctions/live-view'

// The live panel's client logic (ADR 031): the countdown runs on the server's
// clock whatever the browser's clock says; events and answers merge
// idempotently; a retried bid carries the same key.

const T0 = Date.parse('2026-12-04T06:00:00Z')

describe('server clock', () => {
  it('counts down the server time on a client whose clock is minutes off', () => {
    const endsAt = new Date(T0 + 4 * 60_000).toISOString()
    const clientAhead = T0 + 7 * 60_000 // the browser thinks it is 7 minutes later
    const sample = offsetFromSample({ sentAt: clientAhead, receivedAt: clientAhead + 40, serverMs: T0 + 20 })!
    expect(sample.offsetMs).toBe(-7 * 60_000)
    const left = remaining(endsAt, clientAhead + 40, sample.offsetMs)
    // 3:59.96 left, shown as 04:00 (rounded up, so 00:00 means over).
    expect(left).toMatchObject({ totalMs: 239_960, days: 0, hours: 0, minutes: 4, seconds: 0 })
    // Without the offset the page would show the lot as over.
    expect(remaining(endsAt, clientAhead, 0).totalMs).toBe(0)
  })

  it('takes the render time first and prefers the sample with the shortest round trip', () => {
    const render = offsetFromRender(new Date(T0).toISOString(), T0 - 90_000)
    expect(render.offsetMs).toBe(90_000)
    const slow = offsetFromSample({ sentAt: T0, receivedAt: T0 + 2_000, serverMs: T0 + 90_000 + 1_500 })!
    const fast = offsetFromSample({ sentAt: T0, receivedAt: T0 + 20, serverMs: T0 + 90_000 + 10 })!
    expect(better(render, slow)).toBe(slow)
    expect(better(slow, fast)).toBe(fast)
    expect(better(fast, slow)).toBe(fast)
    expect(fast.offsetMs).toBe(90_000)
    expect(offsetFromSample({ sentAt: T0, receivedAt: T0 - 5, serverMs: T0 })).toBeNull()
    expect(offsetFromSample({ sentAt: T0, receivedAt: T0 + 5, serverMs: Number.NaN })).toBeNull()
  })

  it('splits days, hours, minutes and seconds and never goes below zero', () => {
    const end = new Date(T0 + ((2 * 24 + 3) * 3600 + 4 * 60 + 5) * 1000).toISOString()
    expect(remaining(end, T0, 0)).toMatchObject({ days: 2, hours: 3, minutes: 4, seconds: 5 })
    expect(remaining(end, T0 + 10 * 86_400_000, 0)).toMatchObject({ totalMs: 0, days: 0, hours: 0, minutes: 0, seconds: 0 })
  })

  it('moves from the announcement to bidding to closing on the server clock; only the server closes', () => {
    const lot = { phase: 'upcoming' as const, startsAt: new Date(T0).toISOString(), endsAt: new Date(T0 + 60_000).toISOString() }
    expect(phaseAt(lot, T0 - 1)).toBe('upcoming')
    expect(phaseAt(lot, T0)).toBe('bidding')
    expect(phaseAt(lot, T0 + 60_000)).toBe('closing')
    expect(phaseAt({ ...lot, phase: 'closed' }, T0)).toBe('closed')
  })
})

function view(o: Partial<LiveLotView> = {}): LiveLotView {
  return {
    auctionId: '00000000-0000-4000-8000-000000000001',
    format: 'english',
    status: 'announced',
    phase: 'bidding',
    startsAt: new Date(T0 - 3_600_000).toISOString(),
    endsAt: new Date(T0 + 240_000).toISOString(),
    scheduledEndAt: new Date(T0 + 240_000).toISOString(),
    serverNow: new Date(T0).toISOString(),
    startPriceFen: 10_000_000,
    incrementFen: 500_000,
    priceFen: null,
    minNextFen: 10_000_000,
    bidCount: 0,
    leaderPaddle: null,
    hasReserve: false,
    reserveMet: null,
    history: [],
    lastSeq: 0,
    me: null,
    sealedCount: 0,
    canWatch: true,
    ...o,
  }
}

const bidAt = (seq: number, amountFen: number, paddleNo: number) => ({ seq, amountFen, paddleNo, at: new Date(T0 + seq * 1000).toISOString(), byProxy: false })

describe('live state', () => {
  const extendedEnd = new Date(T0 + 301_000).toISOString()
  const first = { bids: [bidAt(1, 10_000_000, 1001)], priceFen: 10_000_000, minNextFen: 10_500_000, endsAt: extendedEnd, bidCount: 1, leaderPaddle: 1001, extended: true }

  it('applies a bids event: price, leader, history, and the extension', () => {
    const s = applyBids(initialState(view()), first)
    expect(s).toMatchObject({ priceFen: 10_000_000, minNextFen: 10_500_000, bidCount: 1, leaderPaddle: 1001, endsAt: extendedEnd, extendedTo: extendedEnd })
    expect(s.history.map((b) => b.seq)).toEqual([1])
  })

  it('is idempotent: the same event twice, or an ack after its event, changes nothing', () => {
    const once = applyBids(initialState(view()), first)
    expect(applyBids(once, first)).toBe(once)
    expect(applyBids(once, { ...first, extended: false })).toBe(once)
  })

  it('never goes back: older figures only fill in missing history, and the end never moves earlier', () => {
    const second = { bids: [bidAt(2, 10_500_000, 1002)], priceFen: 10_500_000, minNextFen: 11_000_000, endsAt: new Date(T0 + 302_000).toISOString(), bidCount: 2, leaderPaddle: 1002, extended: true }
    const s = applyBids(initialState(view()), second) // the second arrived first (e.g. the ack beat the room)
    const after = applyBids(s, first)
    expect(after).toMatchObject({ priceFen: 10_500_000, bidCount: 2, leaderPaddle: 1002, endsAt: second.endsAt })
    expect(after.history.map((b) => b.seq)).toEqual([2, 1])
    const earlierEnd = applyBids(after, { ...second, bids: [], bidCount: 3, priceFen: 11_000_000, endsAt: new Date(T0).toISOString() })
    expect(earlierEnd.endsAt).toBe(second.endsAt)
  })

  it('keeps at most 50 bids, newest first', () => {
    let s: LiveState = initialState(view())
    for (let i = 1; i <= 60; i++) s = applyBids(s, { bids: [bidAt(i, 10_000_000 + i * 500_000, 1000 + (i % 2))], priceFen: 10_000_000 + i * 500_000, minNextFen: 0, endsAt: s.endsAt, bidCount: i, leaderPaddle: 1000 + (i % 2) })
    expect(s.history).toHaveLength(50)
    expect(s.history[0]!.seq).toBe(60)
    expect(s.history.at(-1)!.seq).toBe(11)
  })

  it('shows a loaded lot that was extended before as extended', () => {
    expect(initialState(view({ endsAt: extendedEnd })).extendedTo).toBe(extendedEnd)
    expect(initialState(view()).extendedTo).toBeNull()
  })

  it('says leading or outbid for the viewer', () => {
    const s = applyBids(initialState(view()), first)
    expect(standing(s, 1001)).toBe('leading')
    expect(standing(s, 1002)).toBeNull() // never bid
    expect(standing(s, 1002, true)).toBe('outbid') // a proxy limit that was overtaken
    const t = applyBids(s, { bids: [bidAt(2, 10_500_000, 1002)], priceFen: 10_500_000, minNextFen: 11_000_000, endsAt: s.endsAt, bidCount: 2, leaderPaddle: 1002 })
    expect(standing(t, 1001)).toBe('outbid')
    expect(standing(t, null)).toBeNull()
  })

  it('proposes quick amounts in whole increments from the minimum next bid', () => {
    expect(quickAmount({ priceFen: null, minNextFen: 10_000_000 }, 500_000, 1)).toBe(10_000_000)
    expect(quickAmount({ priceFen: 10_000_000, minNextFen: 10_500_000 }, 500_000, 5)).toBe(12_500_000)
  })
})

describe('sending a bid', () => {
  it('re-sends the very same message, key included, when an answer does not come in time', async () => {
    const sent: unknown[] = []
    let calls = 0
    const emit: Emit = async (_event, payload) => {
      sent.push(structuredClone(payload))
      if (++calls < 3) throw new Error('operation has timed out')
      return { ok: true }
    }
    const retries: number[] = []
    const answer = await sendCommand(emit, 'auction:bid', { key: 'k-1', amountFen: 10_000_000 } as { key: string }, { onRetry: (n) => retries.push(n) })
    expect(answer).toEqual({ ok: true })
    expect(sent).toEqual([
      { key: 'k-1', amountFen: 10_000_000 },
      { key: 'k-1', amountFen: 10_000_000 },
      { key: 'k-1', amountFen: 10_000_000 },
    ])
    expect(retries).toEqual([1, 2])
  })

  it('gives up after the attempts with a timeout the page can offer to retry', async () => {
    const emit: Emit = async () => {
      throw new Error('operation has timed out')
    }
    await expect(sendCommand(emit, 'auction:bid', { key: 'k-2' }, { attempts: 2 })).rejects.toBeInstanceOf(CommandTimeout)
  })
})
