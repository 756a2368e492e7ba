// Chinese patent numbers (CNIPA). Application numbers carry a check
// character: since 2003 they are 12 digits (year, type, 7-digit serial) plus
// a check digit, before that 8 digits plus one; the check is the weighted sum
// mod 11, with 10 written as X. Publication/grant numbers are CN + 9 digits
// + a kind code (A, B, C, U, Y, S), with no check digit.

export type PatentNumberProblem = 'format' | { kind: 'check'; expected: string }

const W12 = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
const W8 = [2, 3, 4, 5, 6, 7, 8, 9]

export function patentCheckDigit(digits: string): string {
  const weights = digits.length === 12 ? W12 : W8
  const sum = [...digits].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0)
  const r = sum % 11
  return r === 10 ? 'X' : String(r)
}

export function normalisePatentNumber(raw: string) {
  return raw.trim().toUpperCase().replace(/\s+/g, '').replace(/^ZL/, 'CN')
}

/** null when valid; otherwise what is wrong. Accepts "ZL201910123456.X", "CN201910123456X", "CN112345678A". */
export function patentNumberProblem(raw: string): PatentNumberProblem | null {
  const s = normalisePatentNumber(raw)
  if (/^CN\d{9}[ABCUYS]\d?$/.test(s)) return null
  const m = /^(?:CN)?(\d{12}|\d{8})\.?([\dX])$/.exec(s)
  if (!m) return 'format'
  const expected = patentCheckDigit(m[1]!)
  return expected === m[2] ? null : { kind: 'check', expected }
}
