// Wraps matched terms in <mark>, escaping everything else, so a result can be
// rendered with dangerouslySetInnerHTML without trusting the document's text.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!)

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export function highlight(text: string, terms: string[]): string {
  const usable = [...new Set(terms.filter((t) => t.length > 0))].sort((a, b) => b.length - a.length)
  if (!usable.length) return escapeHtml(text)
  const re = new RegExp(usable.map(escapeRegExp).join('|'), 'gi')
  let out = ''
  let last = 0
  for (const m of text.matchAll(re)) {
    out += escapeHtml(text.slice(last, m.index)) + '<mark>' + escapeHtml(m[0]) + '</mark>'
    last = m.index! + m[0].length
  }
  return out + escapeHtml(text.slice(last))
}

/** A window of about `size` characters around the first match, with ellipses where cut. */
export function snippet(text: string, terms: string[], size = 120): string {
  if (text.length <= size) return highlight(text, terms)
  const lower = text.toLowerCase()
  const first = Math.min(...terms.map((t) => lower.indexOf(t.toLowerCase())).filter((i) => i >= 0), Number.POSITIVE_INFINITY)
  const start = Number.isFinite(first) ? Math.max(0, first - Math.floor(size / 3)) : 0
  const end = Math.min(text.length, start + size)
  return (start > 0 ? '…' : '') + highlight(text.slice(start, end), terms) + (end < text.length ? '…' : '')
}
