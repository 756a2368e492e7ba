import { openPdf } from '../../platform/pdf'
import { translate, type Locale } from '../../i18n/catalog'
import type { CatalogEdition } from './service'
import { editionDateText, snapshotText } from './format'

// The catalog edition as a printable PDF (pdfkit): a cover, a table of
// contents with page numbers, the entries grouped by industry, and a running
// header and page numbers on every page after the cover (fonts: server/platform/pdf.ts).

const A4 = { width: 595.28, height: 841.89 }
const M = { top: 72, bottom: 64, left: 56, right: 56 }
const CONTENT_W = A4.width - M.left - M.right
const BLUE = '#0b4f8a'
const BLUE_DARK = '#082f55'
const BLUE_LIGHT = '#e6f0fa'
const GRAY = '#6b7788'
const TEXT = '#1b2430'
const RULE = '#cfd6df'
const GREEN = '#1b7a43'

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']
/** 1 → 一, 12 → 十二, 23 → 二十三 (sections of a catalog). */
export function chineseNumeral(n: number): string {
  if (n < 10) return ZH_DIGITS[n]!
  if (n < 20) return `十${n % 10 ? ZH_DIGITS[n % 10] : ''}`
  if (n < 100) return `${ZH_DIGITS[Math.floor(n / 10)]}十${n % 10 ? ZH_DIGITS[n % 10] : ''}`
  return String(n)
}

export async function catalogPdf(edition: CatalogEdition, locale: Locale): Promise<Buffer> {
  const { catalog, items } = edition
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params)
  const orgName = locale === 'en' && catalog.org_name_en ? catalog.org_name_en : catalog.org_name
  const date = editionDateText(locale, catalog.edition_date)

  const { doc, done } = openPdf({
    size: 'A4',
    margins: M,
    bufferPages: true,
    autoFirstPage: false,
    info: {
      Title: catalog.title,
      Author: orgName,
      Subject: t('catalogs.pdf.subject', { org: orgName, date }),
      Creator: t('app.name'),
      Keywords: t('catalogs.pdf.keywords'),
    },
    lang: locale,
    displayTitle: true,
  } as PDFKit.PDFDocumentOptions)

  // ── Cover ────────────────────────────────────────────────────────────
  doc.addPage()
  doc.rect(0, 0, A4.width, 300).fill(BLUE)
  doc.rect(0, 300, A4.width, 6).fill(BLUE_DARK)
  doc.fillColor('#ffffff').font('regular').fontSize(13).text(t('app.name'), M.left, 84, { width: CONTENT_W, characterSpacing: 2 })
  doc.font('bold').fontSize(34).text(t('catalogs.pdf.coverKicker'), M.left, 118, { width: CONTENT_W, characterSpacing: 6 })
  doc.font('regular').fontSize(12).fillColor('#dbe8f6').text(t('catalogs.pdf.coverTagline'), M.left, 176, { width: CONTENT_W })
  doc.font('bold').fontSize(24).fillColor(TEXT).text(catalog.title, M.left, 360, { width: CONTENT_W, lineGap: 4 })
  doc.moveDown(0.8)
  doc.font('regular').fontSize(16).fillColor(TEXT).text(orgName, { width: CONTENT_W })
  doc.moveDown(1.6)
  const facts: [string, string][] = [
    [t('catalogs.edition.date'), date],
    [t('catalogs.edition.items'), t('catalogs.pdf.itemsCount', { count: items.length })],
    [t('catalogs.edition.sectors'), String(new Set(items.map((i) => i.snapshot.sectorCode)).size)],
  ]
  for (const [label, value] of facts) {
    const y = doc.y
    doc.font('regular').fontSize(12).fillColor(GRAY).text(label, M.left, y, { width: 110 })
    doc.font('bold').fontSize(12).fillColor(TEXT).text(value, M.left + 110, y, { width: CONTENT_W - 110 })
    doc.moveDown(0.5)
  }
  doc.font('regular').fontSize(10).fillColor(GRAY)
  doc.text(t('catalogs.pdf.coverNote'), M.left, A4.height - 150, { width: CONTENT_W, lineGap: 3 })
  doc.moveTo(M.left, A4.height - 96).lineTo(A4.width - M.right, A4.height - 96).lineWidth(0.5).strokeColor(RULE).stroke()
  doc.fontSize(10).fillColor(GRAY).text(`${t('app.name')} · ${t('catalogs.pdf.publishedOn', { date })}`, M.left, A4.height - 84, { width: CONTENT_W, lineBreak: false })

  // ── Table of contents: pages reserved now, filled once entries have page numbers.
  const sections: { name: string; start: number; count: number }[] = []
  for (const it of items) {
    const name = locale === 'en' ? it.snapshot.sectorNameEn : it.snapshot.sectorNameZh
    const last = sections[sections.length - 1]
    if (last && last.name === name) last.count++
    else sections.push({ name, start: sections.reduce((s, x) => s + x.count, 0), count: 1 })
  }
  const TOC_LINE = 19
  const tocFirstCapacity = Math.floor((A4.height - M.top - M.bottom - 70) / TOC_LINE)
  const tocCapacity = Math.floor((A4.height - M.top - M.bottom) / TOC_LINE)
  const tocLines = items.length + sections.length * 2
  const tocPages = tocLines <= tocFirstCapacity ? 1 : 1 + Math.ceil((tocLines - tocFirstCapacity) / tocCapacity)
  const tocStart = doc.bufferedPageRange().count
  for (let i = 0; i < tocPages; i++) doc.addPage()

  // ── Entries ──────────────────────────────────────────────────────────
  const entryPage: number[] = []
  const sectionPage: number[] = []
  doc.addPage()
  const bottom = () => A4.height - M.bottom
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage()
  }
  const pageIndex = () => doc.bufferedPageRange().start + doc.bufferedPageRange().count - 1

  const LABEL_W = 68
  const para = (label: string, value: string, color = TEXT) => {
    if (!value) return
    const y = doc.y
    doc.font('bold').fontSize(9.5).fillColor(GRAY).text(label, M.left, y + 1, { width: LABEL_W })
    doc.font('regular').fontSize(10.5).fillColor(color).text(value, M.left + LABEL_W, y, { width: CONTENT_W - LABEL_W, lineGap: 2.5 })
    doc.moveDown(0.45)
  }

  sections.forEach((section, si) => {
    ensure(140)
    if (doc.y > M.top + 10) doc.moveDown(0.6)
    sectionPage[si] = pageIndex()
    const y = doc.y
    doc.rect(M.left, y, CONTENT_W, 30).fill(BLUE)
    const heading = locale === 'en' ? `${si + 1}. ${section.name}` : `${chineseNumeral(si + 1)}、${section.name}`
    doc.font('bold').fontSize(13).fillColor('#ffffff').text(heading, M.left + 12, y + 7, { width: CONTENT_W - 120, lineBreak: false })
    doc.font('regular').fontSize(10).text(t('catalogs.pdf.itemsCount', { count: section.count }), M.left + CONTENT_W - 112, y + 9, { width: 100, align: 'right', lineBreak: false })
    doc.x = M.left
    doc.y = y + 42

    for (let k = section.start; k < section.start + section.count; k++) {
      const item = items[k]!
      const s = snapshotText(locale, item.snapshot)
      // Keep the heading, the facts and the start of the summary together.
      doc.font('bold').fontSize(13)
      const titleH = doc.heightOfString(s.title, { width: CONTENT_W - 44 })
      ensure(titleH + 120)
      entryPage[k] = pageIndex()
      const top = doc.y
      doc.roundedRect(M.left, top, 36, 20, 3).fill(BLUE_LIGHT)
      doc.font('bold').fontSize(10).fillColor(BLUE).text(String(item.number).padStart(3, '0'), M.left, top + 4, { width: 36, align: 'center', lineBreak: false })
      doc.font('bold').fontSize(13).fillColor(TEXT).text(s.title, M.left + 44, top + 1, { width: CONTENT_W - 44, lineGap: 2 })
      doc.moveDown(0.4)

      // Facts: two columns, two rows, on a light panel.
      const cells: [string, string][] = [
        [t('catalogs.field.industry'), s.industry],
        [t('catalogs.field.trl'), s.trl],
        [t('catalogs.field.modes'), s.modes],
        [t('catalogs.field.price'), s.price],
      ]
      const colW = CONTENT_W / 2
      doc.font('regular').fontSize(10)
      const rowH = (a: [string, string], b: [string, string]) =>
        Math.max(doc.heightOfString(a[1], { width: colW - LABEL_W - 16 }), doc.heightOfString(b[1], { width: colW - LABEL_W - 16 })) + 8
      const h1 = rowH(cells[0]!, cells[1]!)
      const h2 = rowH(cells[2]!, cells[3]!)
      const panelTop = doc.y
      doc.rect(M.left, panelTop, CONTENT_W, h1 + h2 + 8).fill('#f3f8fd')
      let cy = panelTop + 6
      for (const [row, h] of [[[cells[0]!, cells[1]!], h1], [[cells[2]!, cells[3]!], h2]] as const) {
        row.forEach(([label, value], ci) => {
          const cx = M.left + 10 + ci * colW
          doc.font('regular').fontSize(9.5).fillColor(GRAY).text(label, cx, cy + 1, { width: LABEL_W, lineBreak: false })
          doc.font('regular').fontSize(10).fillColor(TEXT).text(value, cx + LABEL_W, cy, { width: colW - LABEL_W - 16 })
        })
        cy += h
      }
      doc.x = M.left
      doc.y = panelTop + h1 + h2 + 16

      para(t('catalogs.field.summary'), s.summary)
      para(t('catalogs.field.benefit'), s.benefit, GREEN)
      para(t('catalogs.field.keywords'), s.keywords)
      para(t('catalogs.field.ipRights'), s.ipRights)
      doc.moveDown(0.3)
      doc.moveTo(M.left, doc.y).lineTo(A4.width - M.right, doc.y).lineWidth(0.5).dash(2, { space: 2 }).strokeColor(RULE).stroke().undash()
      doc.moveDown(0.9)
    }
  })

  // ── Fill in the table of contents ────────────────────────────────────
  const pageNo = (index: number) => String(index + 1)
  let tocPage = tocStart
  doc.switchToPage(tocPage)
  doc.font('bold').fontSize(20).fillColor(TEXT).text(t('catalogs.pdf.toc'), M.left, M.top, { width: CONTENT_W, align: 'center', characterSpacing: 8 })
  let y = M.top + 56
  const tocLine = (draw: (y: number) => void) => {
    if (y + TOC_LINE > bottom()) {
      tocPage++
      doc.switchToPage(tocPage)
      y = M.top
    }
    draw(y)
    y += TOC_LINE
  }
  const leader = (text: string, x: number, yy: number, page: string, font: 'regular' | 'bold', size: number, color: string) => {
    doc.font(font).fontSize(size)
    const numW = 30
    const maxW = A4.width - M.right - numW - x - 12
    let label = text
    while (doc.widthOfString(label) > maxW && label.length > 2) label = label.slice(0, -2) + '…'
    doc.fillColor(color).text(label, x, yy, { lineBreak: false })
    const end = x + doc.widthOfString(label) + 6
    const dotsEnd = A4.width - M.right - numW
    if (dotsEnd > end) doc.moveTo(end, yy + size * 0.95).lineTo(dotsEnd, yy + size * 0.95).lineWidth(0.6).dash(0.6, { space: 2.4 }).strokeColor(GRAY).stroke().undash()
    doc.fillColor(color).text(page, A4.width - M.right - numW, yy, { width: numW, align: 'right', lineBreak: false })
  }
  sections.forEach((section, si) => {
    if (si > 0) tocLine(() => {})
    const heading = locale === 'en' ? `${si + 1}. ${section.name}` : `${chineseNumeral(si + 1)}、${section.name}`
    tocLine((yy) => leader(heading, M.left, yy, pageNo(sectionPage[si]!), 'bold', 11.5, BLUE))
    for (let k = section.start; k < section.start + section.count; k++) {
      const item = items[k]!
      tocLine((yy) => leader(`${String(item.number).padStart(3, '0')}  ${item.snapshot.title}`, M.left + 16, yy, pageNo(entryPage[k]!), 'regular', 10.5, TEXT))
    }
  })

  // ── Running header and footer on every page but the cover ────────────
  const range = doc.bufferedPageRange()
  const total = range.count
  for (let i = range.start + 1; i < range.start + total; i++) {
    doc.switchToPage(i)
    const saved = doc.page.margins
    doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 }
    doc.font('regular').fontSize(8.5).fillColor(GRAY)
    doc.text(orgName, M.left, 36, { width: CONTENT_W / 2, lineBreak: false })
    doc.text(`${catalog.title}`, M.left + CONTENT_W / 2, 36, { width: CONTENT_W / 2, align: 'right', lineBreak: false, ellipsis: true })
    doc.moveTo(M.left, 52).lineTo(A4.width - M.right, 52).lineWidth(0.5).strokeColor(RULE).stroke()
    doc.moveTo(M.left, A4.height - 46).lineTo(A4.width - M.right, A4.height - 46).lineWidth(0.5).strokeColor(RULE).stroke()
    doc.text(`${t('app.name')} · ${date}`, M.left, A4.height - 38, { width: CONTENT_W / 2, lineBreak: false })
    doc.text(t('catalogs.pdf.pageOf', { page: i + 1, total }), M.left + CONTENT_W / 2, A4.height - 38, { width: CONTENT_W / 2, align: 'right', lineBreak: false })
    doc.page.margins = saved
  }

  doc.end()
  return done
}
