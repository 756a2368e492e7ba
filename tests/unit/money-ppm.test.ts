import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyPpm } from '../../server/platform/money'

describe('applyPpm: the one rounding rule (half up, to the fen)', () => {
  it('rounds half up', () => {
    expect(applyPpm(5, 100_000)).toBe(1) // 0.5 → 1
    expect(applyPpm(4, 100_000)).toBe(0) // 0.4 → 0
    expect(applyPpm(15, 100_000)).toBe(2) // 1.5 → 2
    expect(applyPpm(100_000_000, 1_000)).toBe(100_000) // 1‰ of 100 万元 = 1,000 元
  })

  it('is within half a fen of the exact product and never exceeds the whole at 100%', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (fen, ppm) => {
        const r = applyPpm(fen, ppm)
        const exactTimes2e6 = BigInt(fen) * BigInt(ppm) * 2n
        expect(BigInt(r) * 2_000_000n - exactTimes2e6 <= 1_000_000n && exactTimes2e6 - BigInt(r) * 2_000_000n < 1_000_000n).toBe(true)
        expect(r).toBeLessThanOrEqual(fen)
      }),
    )
  })

  it('refuses what is not a whole, non-negative number of fen', () => {
    expect(() => applyPpm(1.5, 10)).toThrow(RangeError)
    expect(() => applyPpm(-1, 10)).toThrow(RangeError)
  })
})
