// 统一社会信用代码 (unified social credit code), GB 32100-2015.
// 18 characters from a 31-symbol alphabet (no I, O, S, V, Z); the last one is a
// check character computed from the first 17 with fixed weights, modulo 31.

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export type CreditCodeProblem =
  | { kind: 'length'; length: number }
  | { kind: 'character'; position: number; character: string }
  | { kind: 'check'; expected: string; actual: string }

export function checkCharacter(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!
  return ALPHABET[(31 - (sum % 31)) % 31]!
}

/** Normalises (trims, upper-cases) and returns the first problem found, or null. */
export function creditCodeProblem(raw: string): CreditCodeProblem | null {
  const code = normaliseCreditCode(raw)
  if (code.length !== 18) return { kind: 'length', length: code.length }
  for (let i = 0; i < 18; i++) {
    if (!ALPHABET.includes(code[i]!)) return { kind: 'character', position: i + 1, character: code[i]! }
  }
  const expected = checkCharacter(code.slice(0, 17))
  if (expected !== code[17]) return { kind: 'check', expected, actual: code[17]! }
  return null
}

export function normaliseCreditCode(raw: string) {
  return raw.trim().toUpperCase()
}

/** Builds a valid code; used by the demo seed and test factories. */
export function makeCreditCode(prefix2: string, divisionCode: string, orgCode9: string): string {
  const first17 = `${prefix2}${divisionCode}${orgCode9}`
  if (first17.length !== 17) throw new Error('makeCreditCode needs 2 + 6 + 9 characters')
  return first17 + checkCharacter(first17)
}
