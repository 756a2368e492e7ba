import { describe, expect, it } from 'vitest'
import { canonicalFacts, groupCode, newVerificationCode, normaliseCode, verifyPath } from '../../server/platform/verification'

// Verification codes are read off paper and typed: 16 symbols without the
// letters people confuse, accepted in any case, with or without dashes.
describe('verification codes', () => {
  it('are 16 symbols of Crockford base32, different each time', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newVerificationCode()))
    expect(codes.size).toBe(200)
    for (const c of codes) expect(c).toMatch(/^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{16}$/)
  })

  it('are read back as typed: lower case, dashes, spaces, O for zero, I or L for one', () => {
    const code = '0123ABCDEFGHJKMN'
    expect(normaliseCode(groupCode(code))).toBe(code)
    expect(normaliseCode('o123-abcd-efgh-jkmn')).toBe(code)
    expect(normaliseCode(' 0123 ABCD EFGH JKMN ')).toBe(code)
    expect(normaliseCode('l123ABCDEFGHJKMN')).toBe('1123ABCDEFGHJKMN')
    expect(verifyPath(code)).toBe('/verify/0123-ABCD-EFGH-JKMN')
  })

  it('refuse anything that cannot be a code', () => {
    for (const bad of ['', 'ABC', '0123ABCDEFGHJKMNP', '0123ABCDEFGHJKM!', '0123ABCDEFGHJKMU', '<script>alert(1)</script>', '０１２３ＡＢＣＤＥＦＧＨＪＫＭＮ']) expect(normaliseCode(bad)).toBeNull()
  })

  it('sign one line per fact, so a newline in a value cannot forge another fact', () => {
    expect(canonicalFacts([['title', 'a\nprice=1'], ['price', '2']])).toBe('title=a price=1\nprice=2')
  })
})
