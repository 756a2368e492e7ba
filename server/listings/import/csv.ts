// CSV in both directions, RFC 4180: fields quoted when they hold a comma, a
// quote or a line break; quotes doubled. Written as UTF-8 with a byte-order
// mark and CRLF, which is what Excel needs to open Chinese text correctly.

const BOM = '\uFEFF'

function field(v: string) {
  // A leading =, + or @ (or a - that starts a formula) would make a spreadsheet
  // run the cell as a formula (CSV injection): such cells are prefixed with '.
  const safe = /^[=+@\t\r]/.test(v) || /^-.*[(!|=]/.test(v) ? `'${v}` : v
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export function toCsv(rows: string[][]): string {
  return BOM + rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n'
}

/**
 * Decodes an uploaded text file: UTF-8 (with or without BOM), else GB18030,
 * which is how Excel on Chinese Windows saves "CSV". Null when it is neither.
 */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null // binary, not text
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(bytes)
    } catch {
      return null
    }
  }
}

/** The rows of CSV text one by one, so a reader can stop early (the import's row cap); a trailing empty line is dropped. */
export function* csvRows(text: string): Generator<string[]> {
  const s = text.startsWith(BOM) ? text.slice(1) : text
  let row: string[] = []
  let cur = ''
  let i = 0
  let quoted = false
  while (i < s.length) {
    const ch = s[i]!
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          cur += '"'
          i += 2
          continue
        }
        quoted = false
        i++
        continue
      }
      cur += ch
      i++
      continue
    }
    if (ch === '"' && cur === '') {
      quoted = true
      i++
    } else if (ch === ',') {
      row.push(cur)
      cur = ''
      i++
    } else if (ch === '\r' || ch === '\n') {
      row.push(cur)
      yield row
      row = []
      cur = ''
      i += ch === '\r' && s[i + 1] === '\n' ? 2 : 1
    } else {
      cur += ch
      i++
    }
  }
  if (cur !== '' || row.length) {
    row.push(cur)
    yield row
  }
}
