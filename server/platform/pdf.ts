import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import * as fontkit from 'fontkit'
import PDFDocument from 'pdfkit'

// Every PDF the platform prints (catalog editions, deal transcripts, deposit
// receipts, 成交确认书) starts here: Chinese is set in Noto Sans Hans (SIL OFL),
// which `npm install` brings with @embedpdf/fonts-sc — no system font is
// assumed — registered as 'regular' and 'bold', and the document is collected
// into one Buffer.

const require = createRequire(import.meta.url)
let fonts: { regular: Buffer; bold: Buffer } | null = null
let parsed: { regular: fontkit.Font; bold: fontkit.Font } | null = null

/** The CJK fonts, read once per process (about 8 MB each; pdfkit embeds only the glyphs used). */
export function pdfFonts() {
  if (!fonts) {
    const dir = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts')
    fonts = { regular: readFileSync(path.join(dir, 'NotoSansHans-Regular.otf')), bold: readFileSync(path.join(dir, 'NotoSansHans-Bold.otf')) }
  }
  return fonts
}

/**
 * The fonts parsed once per process. pdfkit takes a parsed fontkit font as
 * well as a file, and given the file it parses the 8 MB font again for every
 * document (about 40 ms of each certificate); glyph outlines and layouts then
 * stay cached across documents. Each document still makes its own subset, so
 * sharing is safe: pdfkit reads the font synchronously.
 */
function parsedFonts() {
  if (!parsed) {
    const f = pdfFonts()
    parsed = { regular: fontkit.create(f.regular), bold: fontkit.create(f.bold) }
  }
  return parsed
}

/** A new document with the fonts registered; `done` resolves to the whole file once `doc.end()` is called. */
export function openPdf(options: PDFKit.PDFDocumentOptions) {
  const f = parsedFonts()
  const doc = new PDFDocument(options)
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.registerFont('regular', f.regular as unknown as PDFKit.Mixins.PDFFontSource)
  doc.registerFont('bold', f.bold as unknown as PDFKit.Mixins.PDFFontSource)
  return { doc, done }
}
