import { describe, expect, it } from 'vitest'
import { durationText, stageAt } from '../../app/components/roadshows/live-format'
import { blockedWordIn, normaliseForFilter } from '../../server/roadshows/word-filter'

// The pure pieces of the live shell: the chat's word filter sees through width,
// case, spaces and punctuation; an item's clock moves from pitch to Q&A to overtime.

describe('word filter', () => {
  it('matches a listed word however it is written, and nothing else', () => {
    const words = ['代开发票', 'fuck']
    expect(normaliseForFilter('Ｆ ｕ-Ｃ.k!')).toBe('fuck')
    expect(blockedWordIn('可以 代-开 发票 吗', words)).toBe('代开发票')
    expect(blockedWordIn('ＦＵＣＫ', words)).toBe('fuck')
    expect(blockedWordIn('发票怎么开？', words)).toBeNull()
    expect(blockedWordIn('anything', ['  ', ''])).toBeNull()
  })
})

describe('item clock', () => {
  const start = '2026-12-04T02:00:00.000Z'
  const at = (min: number) => Date.parse(start) + min * 60_000
  it('counts down the pitch, then the Q&A, then counts the overtime', () => {
    expect(stageAt(start, 5, 5, at(1))).toEqual({ stage: 'pitch', ms: 4 * 60_000 })
    expect(stageAt(start, 5, 5, at(7))).toEqual({ stage: 'qa', ms: 3 * 60_000 })
    expect(stageAt(start, 5, 0, at(6))).toEqual({ stage: 'over', ms: 60_000 })
    expect(durationText(125_000)).toBe('2:05')
    expect(durationText(3_725_000)).toBe('1:02:05')
  })
})
