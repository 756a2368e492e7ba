import { describe, expect, it } from 'vitest'
import { creditCodeProblem, makeCreditCode } from '../../server/identity/credit-code'

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts published valid codes', () => {
    expect(creditCodeProblem('91350100M000100Y43')).toBeNull()
    expect(creditCodeProblem('91110000802100433B')).toBeNull()
    expect(creditCodeProblem(' 91350100m000100y43 ')).toBeNull() // trimmed and upper-cased
  })

  it('names the expected check character when it is wrong', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toEqual({ kind: 'check', expected: '3', actual: '4' })
  })

  it('refuses wrong length and letters the standard excludes', () => {
    expect(creditCodeProblem('9135010')).toEqual({ kind: 'length', length: 7 })
    expect(creditCodeProblem('91350100M000I00Y43')).toEqual({ kind: 'character', position: 13, character: 'I' })
  })

  it('makes codes that validate', () => {
    const code = makeCreditCode('91', '450204', 'MA5L71000')
    expect(code).toHaveLength(18)
    expect(creditCodeProblem(code)).toBeNull()
  })
})
