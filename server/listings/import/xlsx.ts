import JSZip from 'jszip'
import { SaxesParser, type SaxesTagPlain } from 'saxes'

// Reads the cell text of an XLSX's first worksheet, for the bulk import.
//
// Why not exceljs here: its streaming reader decodes each inflated chunk on
// its own and so garbles a Chinese character that straddles two chunks (about
// one cell in a few hundred: exceljs issues #2063, #2084, open), and its
// non-streaming reader holds the event loop for several hundred milliseconds
// on a 5,000-row file. This reader unzips with JSZip (asynchronous), decodes
// each part whole, and feeds the XML to a SAX parser in slices, giving the
// event loop back between slices so other requests keep being answered.
// Only what an import needs is read: shared, inline and plain strings,
// numbers, booleans and formula results; styles and dates are not.

const SLICE = 16 * 1024
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

async function parseInSlices(xml: string, parser: SaxesParser) {
  for (let i = 0; i < xml.length; i += SLICE) {
    parser.write(xml.slice(i, i + SLICE))
    await yieldToEventLoop()
  }
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

async function sharedStrings(zip: JSZip) {
  const file = zip.file('xl/sharedStrings.xml')
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
  await parseInSlices(await file.async('string'), parser)
  return strings
}

/** The path of the first worksheet, from the workbook and its relationships. */
async function firstSheetPath(zip: JSZip) {
  const fallback = 'xl/worksheets/sheet1.xml'
  const workbook = await zip.file('xl/workbook.xml')?.async('string')
  const rels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string')
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

/** The rows of the first worksheet as trimmed-later text cells; `maxRows` stops reading early. */
export async function readXlsxRows(bytes: Uint8Array, maxRows: number): Promise<SheetRow[]> {
  const zip = await JSZip.loadAsync(bytes)
  const strings = await sharedStrings(zip)
  const sheet = zip.file(await firstSheetPath(zip))
  if (!sheet) throw new Error('no worksheet')

  const rows: SheetRow[] = []
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
        if (row && rows.length <= maxRows) rows.push(row)
        row = null
        break
    }
  })
  await parseInSlices(await sheet.async('string'), parser)
  return rows
}
