// Input hygiene, decided once (docs/decisions/016): text from a form field, a
// JSON body or a query parameter may hold any Unicode character people type —
// Chinese, RTL, emoji, tabs and line breaks — but none of the characters below.
// PostgreSQL refuses U+0000 in text outright (a 500 if it ever reached a query),
// the other C0 controls and DEL are never typed and break CSV/XLSX exports and
// mail headers, and an unpaired surrogate cannot be encoded as UTF-8 (it would be
// stored as U+FFFD, silently changing what was sent). They are refused with a
// field message rather than stripped, so nothing is changed behind the sender's back.

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** The catalog key of the field message. */
export const INVALID_CHARACTER = 'errors.invalidCharacter'

export function hasInvalidChar(s: string): boolean {
  return INVALID.test(s)
}

/**
 * For zod: `z.string().trim().max(60).refine(...validText)`. A refinement, not a
 * regex check, so Conform does not turn it into an HTML `pattern` attribute.
 */
export const validText = [(s: string) => !INVALID.test(s), INVALID_CHARACTER] as const

/** A query parameter as a string the app can use, or null when missing or holding invalid characters. */
export function cleanParam(params: URLSearchParams, name: string): string | null {
  const v = params.get(name)
  return v === null || INVALID.test(v) ? null : v
}
