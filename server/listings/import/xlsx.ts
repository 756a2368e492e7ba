import { SaxesParser, type SaxesTagPlain } from 'saxes'
import { centralDirectory, InflateBudget, readEntryText, streamEntry, type ZipEntry, type ZipLimits } from './zip'

// Reads the cell text of an XLSX's first worksheet, for the bulk import.
//
// Why not exceljs or JSZip here: both unpack a part whole before reading it,
// so a small file that inflates to hundreds of megabytes (a zip bomb) takes
// the memory and the event loop with it; exceljs's streaming reader also
// garbles a Chinese character that straddles two chunks (exceljs issues #2063,
// #2084). This reader streams each part out of the zip through zip.ts, which
// checks the declared sizes first and counts the real inflated bytes against
// the caps (ADR 015), decodes the bytes as a stream (a character split between
// chunks stays whole) and feeds them to a SAX parser chunk by chunk; each
// chunk comes back from zlib's thread pool as its own event, so other
// requests are answered in between. Rows go to a callback as they close:
// nothing but the rows the caller keeps (and the shared strings) is held.
// Only what an import needs is read: shared, inline and plain strings,
// numbers, booleans and formula results; styles and dates are not.

/** Feeds an entry's bytes to a SAX parser as they inflate. */
async function parseEntry(bytes: Uint8Array, entry: ZipEntry, budget: InflateBudget, parser: SaxesParser) {
  const decoder = new TextDecoder()
  await streamEntry(bytes, entry, budget, (chunk) => {
    parser.write(decoder.decode(chunk, { stream: true }))
  })
  parser.write(decoder.decode())
  parser.close()
}

/** "AB12" → 27 (0-based column index). */
function columnIndex(ref: string) {
  let n = 0
  for (const ch of ref) {
    const c = ch.charCodeAt(0)
    if (c < 65 || c > 90) break
    n = n * 26 + (c - 64)
  }
  return n - 1
}

/** A number as it reads best: integers plain, decimals without float noise. */
function numberText(v: string) {
  const n = Number(v)
  if (!Number.isFinite(n)) return v
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(6)))
}

async function sharedStrings(bytes: Uint8Array, file: ZipEntry | undefined, budget: InflateBudget) {
  if (!file) return []
  const strings: string[] = []
  const parser = new SaxesParser()
  let current = ''
  let inT = false
  let phonetic = 0 // <rPh> runs carry pinyin/furigana guides, not cell text
  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (tag.name === 'si') current = ''
    else if (tag.name === 'rPh') phonetic++
    else if (tag.name === 't' && !phonetic) inT = true
  })
  parser.on('closetag', (tag: SaxesTagPlain) => {
    if (tag.name === 'si') strings.push(current)
    else if (tag.name === 'rPh') phonetic--
    else if (tag.name === 't') inT = false
  })
  parser.on('text', (text: string) => {
    if (inT) current += text
  })
  await parseEntry(bytes, file, budget, parser)
  return strings
}

/** The path of the first worksheet, from the workbook and its relationships. */
async function firstSheetPath(bytes: Uint8Array, entries: Map<string, ZipEntry>, budget: InflateBudget) {
  const fallback = 'xl/worksheets/sheet1.xml'
  const text = (name: string) => {
    const e = entries.get(name)
    return e ? readEntryText(bytes, e, budget) : undefined
  }
  const workbook = await text('xl/workbook.xml')
  const rels = await text('xl/_rels/workbook.xml.rels')
  if (!workbook || !rels) return fallback
  const rid = /<sheet\b[^>]*\br:id="([^"]+)"/.exec(workbook)?.[1]
  if (!rid) return fallback
  const rel = new RegExp(`<Relationship\\b[^>]*\\bId="${rid.replace(/[^\w-]/g, '')}"[^>]*>`).exec(rels)?.[0]
  const target = rel && /\bTarget="([^"]+)"/.exec(rel)?.[1]
  if (!target) return fallback
  return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`
}

export interface SheetRow {
  /** The row number a spreadsheet program shows. */
  number: number
  values: string[]
}

/**
 * Streams the rows of the first worksheet (text cells, trimmed later) to
 * `onRow` as each closes; `onRow` throws to stop reading. Throws
 * ZipLimitError when the file crosses a cap of `budget` (see zip.ts).
 */
export async function readXlsxRows(bytes: Uint8Array, limits: ZipLimits | InflateBudget, onRow: (row: SheetRow) => void): Promise<void> {
  const budget = limits instanceof InflateBudget ? limits : new InflateBudget(limits)
  const list = centralDirectory(bytes)
  budget.checkDeclared(list)
  const entries = new Map(list.map((e) => [e.name, e]))
  const strings = await sharedStrings(bytes, entries.get('xl/sharedStrings.xml'), budget)
  const sheet = entries.get(await firstSheetPath(bytes, entries, budget))
  if (!sheet) throw new Error('no worksheet')

  let row: SheetRow | null = null
  let lastRowNumber = 0
  let cell: { col: number; type: string; value: string; inline: string } | null = null
  let nextCol = 0
  let inValue = false
  let inInlineText = false
  let phonetic = 0
  const parser = new SaxesParser()
  parser.on('opentag', (tag: SaxesTagPlain) => {
    switch (tag.name) {
      case 'row': {
        const r = Number(tag.attributes.r)
        lastRowNumber = Number.isInteger(r) && r > 0 ? r : lastRowNumber + 1
        row = { number: lastRowNumber, values: [] }
        nextCol = 0
        break
      }
      case 'c': {
        const ref = String(tag.attributes.r ?? '')
        const col = ref ? columnIndex(ref) : nextCol
        cell = { col, type: String(tag.attributes.t ?? 'n'), value: '', inline: '' }
        nextCol = col + 1
        break
      }
      case 'v':
        inValue = true
        break
      case 'rPh':
        phonetic++
        break
      case 't':
        if (cell && !phonetic) inInlineText = true
        break
    }
  })
  parser.on('text', (text: string) => {
    if (!cell) return
    if (inValue) cell.value += text
    else if (inInlineText) cell.inline += text
  })
  parser.on('closetag', (tag: SaxesTagPlain) => {
    switch (tag.name) {
      case 'v':
        inValue = false
        break
      case 't':
        inInlineText = false
        break
      case 'rPh':
        phonetic--
        break
      case 'c': {
        if (cell && row) {
          const c: { col: number; type: string; value: string; inline: string } = cell
          const text =
            c.type === 's' ? (strings[Number(c.value)] ?? '')
            : c.type === 'inlineStr' ? c.inline
            : c.type === 'str' ? c.value
            : c.type === 'b' ? (c.value === '1' ? 'TRUE' : 'FALSE')
            : c.type === 'e' ? ''
            : c.value === '' ? ''
            : numberText(c.value)
          while (row.values.length < c.col) row.values.push('')
          row.values[c.col] = text
        }
        cell = null
        break
      }
      case 'row':
        if (row) {
          const done: SheetRow = row
          row = null
          onRow(done)
        }
        break
    }
  })
  await parseEntry(bytes, sheet, budget, parser)
}
