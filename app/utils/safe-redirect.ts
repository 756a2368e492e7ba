// Where a redirect after login, sign-up or a language switch may go: a path on
// this site, and nothing a browser could read as another host (issue 7, item 3).
//
// Browsers drop tab, CR and LF anywhere in a URL and read '\' as '/', so
// '/\t/evil.example' or '/\evil.example' become '//evil.example'. A Location
// header must also be Latin-1, or Node refuses to send it (a 500). So: refuse
// anything with a control, whitespace or format character or a backslash,
// before or after percent-decoding; resolve the rest against a dummy origin,
// keep it only if it stays there, and hand back the URL parser's own
// serialisation (non-ASCII percent-encoded, '.' segments resolved).

const BASE = 'http://redirect.invalid'
const UNSAFE = /[\s\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\\]/u
const MAX_LENGTH = 2048

function decodedSafe(path: string) {
  let current = path
  for (let i = 0; i < 5; i++) {
    let next: string
    try {
      next = decodeURIComponent(current)
    } catch {
      return false // broken %-encoding: no page of ours has such a path
    }
    if (UNSAFE.test(next) || next.startsWith('//')) return false
    if (next === current) return true
    current = next
  }
  return false
}

/** A same-site path to redirect to (starting with one '/'), or `fallback`. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/workspace'): string {
  if (typeof to !== 'string' || to.length > MAX_LENGTH) return fallback
  if (!to.startsWith('/') || to.startsWith('//') || UNSAFE.test(to)) return fallback
  const path = to.split(/[?#]/, 1)[0]!
  if (!decodedSafe(path)) return fallback
  let url: URL
  try {
    url = new URL(to, BASE)
  } catch {
    return fallback
  }
  if (url.origin !== BASE) return fallback
  const out = url.pathname + url.search + url.hash
  // '/.//x' resolves to '//x'; the serialisation is ASCII, but check rather than trust.
  if (!out.startsWith('/') || out.startsWith('//') || UNSAFE.test(out) || !/^[\x21-\x7e]*$/.test(out)) return fallback
  return out
}
