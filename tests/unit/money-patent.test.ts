import { describe, expect, it } from 'vitest'
import { fenToWan, formatFen, parseWanToFen } from '../../server/platform/money'
import { normalisePatentNumber, patentCheckDigit, patentNumberProblem } from '../../server/listings/patent-number'

describe('万元 ↔ fen', () => {
  it('parses decimal strings without floats', () => {
    expect(parseWanToFen('12.5')).toBe(12_500_000)
    expect(parseWanToFen('0.000001')).toBe(1) // one fen
    expect(parseWanToFen(' 1,200 ')).toBe(1_200_000_000)
    expect(parseWanToFen('0.1')).toBe(100_000) // 0.1 + 0.2 style float errors cannot happen
    expect(parseWanToFen('0.3')).toBe(300_000)
  })

  it('refuses anything but a plain non-negative decimal', () => {
    for (const bad of ['', '-1', '1e3', '12.', '.5', '1.1234567', '一万', '12 5']) expect(parseWanToFen(bad)).toBeNull()
  })

  it('turns fen back into 万元 and a display string', () => {
    expect(fenToWan(12_500_000)).toBe('12.5')
    expect(fenToWan(1)).toBe('0.000001')
    expect(fenToWan(300_000_000)).toBe('300')
    expect(formatFen(12_500_000, 'zh-CN')).toBe('12.5 万元')
    expect(formatFen(12_500_000, 'en')).toBe('CNY 125,000')
  })

  it('round-trips', () => {
    for (const s of ['0', '1', '12.5', '999.999999', '123456789']) expect(fenToWan(parseWanToFen(s)!)).toBe(s)
  })
})

describe('Chinese patent numbers', () => {
  it('computes the check digit of a 12-digit application number', () => {
    expect(patentCheckDigit('201710601862')).toBe('3')
  })

  it('accepts valid numbers in the usual spellings', () => {
    for (const ok of ['201710601862.3', 'ZL201710601862.3', 'zl 201710601862.3', 'CN201710601862.3', 'CN112345678A', 'CN212345678U']) {
      expect(patentNumberProblem(ok)).toBeNull()
    }
  })

  it('names the expected check digit', () => {
    expect(patentNumberProblem('201710601862.4')).toEqual({ kind: 'check', expected: '3' })
    expect(patentNumberProblem('ZL201710601862.X')).toEqual({ kind: 'check', expected: '3' })
  })

  it('refuses other shapes', () => {
    for (const bad of ['20171060186.3', 'CN1234', 'US10123456B2', '']) expect(patentNumberProblem(bad)).toBe('format')
  })

  it('normalises ZL to CN, upper case, no spaces', () => {
    expect(normalisePatentNumber(' zl 2017 1060 1862.3 ')).toBe('CN201710601862.3')
  })
})
