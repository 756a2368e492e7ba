import { constants, deflateRawSync } from 'node:zlib'

// Zip bombs for the import tests and bench:import, made in memory in well
// under a second: a sheet of repeated rows whose deflate stream is one
// compressed segment repeated (each segment ends on a full flush, so the
// copies chain into one valid stream) — 400 MB of sheet XML from about
// 400 KB of file. The central directory can declare the true sizes or lie.

interface RawEntry {
  name: string
  /** Deflated (method 8) or stored (method 0) bytes. */
  data: Buffer
  method: 0 | 8
  /** What the central directory says the entry inflates to. */
  declaredSize: number
}

/** A zip from already compressed entries (CRCs left 0: the import reader does not check them). */
export function buildZip(entries: RawEntry[]) {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8')
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(e.method, 8)
    local.writeUInt32LE(e.data.length, 18)
    local.writeUInt32LE(e.declaredSize, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(e.method, 10)
    central.writeUInt32LE(e.data.length, 20)
    central.writeUInt32LE(e.declaredSize, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, e.data)
    centrals.push(central, name)
    offset += local.length + name.length + e.data.length
  }
  const cd = Buffer.concat(centrals)
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(0x06054b50, 0)
  eocd.writeUInt16LE(entries.length, 8)
  eocd.writeUInt16LE(entries.length, 10)
  eocd.writeUInt32LE(cd.length, 12)
  eocd.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cd, eocd])
}

const deflated = (text: string) => ({ data: deflateRawSync(Buffer.from(text, 'utf8')), method: 8 as const, declaredSize: Buffer.byteLength(text) })

/** One deflate segment that ends byte-aligned without a final block, so copies can follow it. */
const segment = (text: string) => deflateRawSync(Buffer.from(text, 'utf8'), { level: 9, finishFlush: constants.Z_FULL_FLUSH })

const HEADER_CELLS = ['成果名称', '非保密摘要', '所属行业', '技术成熟度', '交易方式', '报价方式', '效益', '权利人及份额']
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')
const inlineRow = (values: string[]) => `<row>${values.map((v) => `<c t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('')}</row>`

export interface BombOptions {
  /** Inflated size of the sheet XML, roughly (default 400 MiB). */
  sheetBytes?: number
  /** The row repeated: by default an empty formatted row (as Excel writes for styled blank rows). */
  row?: string
  /** What the central directory declares for the sheet: the truth, or a lie of this many bytes. */
  declaredSheetSize?: 'true' | number
}

/** An XLSX whose first sheet is the template's header row and then `row` repeated to `sheetBytes`. */
export function xlsxBomb(opts: BombOptions = {}) {
  const sheetBytes = opts.sheetBytes ?? 400 * 1024 * 1024
  const row = opts.row ?? '<row><c s="1"/><c s="1"/><c s="1"/></row>'
  const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${inlineRow(HEADER_CELLS)}`
  const tail = '</sheetData></worksheet>'
  const block = row.repeat(Math.max(1, Math.floor((1024 * 1024) / row.length)))
  const copies = Math.max(1, Math.round((sheetBytes - head.length - tail.length) / Buffer.byteLength(block)))
  const blockSeg = segment(block)
  const sheet = Buffer.concat([segment(head), ...Array.from({ length: copies }, () => blockSeg), deflateRawSync(Buffer.from(tail, 'utf8'))])
  const trueSize = Buffer.byteLength(head) + copies * Buffer.byteLength(block) + tail.length
  return {
    trueSheetSize: trueSize,
    bytes: buildZip([
      { name: '[Content_Types].xml', ...deflated('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
      {
        name: 'xl/workbook.xml',
        ...deflated('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="成果" sheetId="1" r:id="rId1"/></sheets></workbook>'),
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        ...deflated('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
      },
      {
        name: 'xl/worksheets/sheet1.xml',
        data: sheet,
        method: 8,
        declaredSize: opts.declaredSheetSize === undefined || opts.declaredSheetSize === 'true' ? Math.min(trueSize, 0xfffffffe) : opts.declaredSheetSize,
      },
    ]),
  }
}

/** A data row of the template's header columns (as inline strings), for row-cap bombs. */
export const bombDataRow = (title: string) => inlineRow([title, '这是一段用于测试的非保密摘要，长度足够二十个字以上。', '汽车热管理', '7', '许可', '面议', '效益提升 20%', '测试大学:单位:100'])
