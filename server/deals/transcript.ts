import type { Executor } from '../../db/index'
import { messageAttachments, transcriptRows } from '../../db/repos/deal-rooms'
import { dealListings } from '../../db/repos/deals'
import { translate, type Locale } from '../i18n/catalog'
import { openPdf } from '../platform/pdf'
import { shanghaiDateTime } from '../platform/intl'
import type { DealAccess } from './access'
import { timeline } from './stages'
import { systemLineText } from './system-text'

// The room's record for the contract file (洽谈记录, PDF): the parties and
// listings, the stage history, and every message — people's and the system
// lines — with its time and author and the names of files sent. Set in the
// CJK font the catalogs use. For the room's members only (the route asks dealAccess).

const A4 = { width: 595.28, height: 841.89 }
const M = { top: 64, bottom: 64, left: 56, right: 56 }
const W = A4.width - M.left - M.right
const BLUE = '#0b4f8a'
const GRAY = '#6b7788'
const TEXT = '#1b2430'
const RULE = '#cfd6df'

export async function transcriptPdf(db: Executor, access: DealAccess, locale: Locale): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params)
  const when = (d: Date | string) => shanghaiDateTime(locale, d)
  const deal = access.deal
  const [listings, changes, rows] = await Promise.all([dealListings(db, deal.id), timeline(db, access), transcriptRows(db, deal.id)])
  const files = await messageAttachments(
    db,
    rows.map((r) => r.id),
  )
  const { doc, done } = openPdf({ size: 'A4', margins: M, bufferPages: true, info: { Title: `${t('deals.pdf.title')} · ${deal.title}`, Creator: t('app.name') }, lang: locale } as PDFKit.PDFDocumentOptions)

  const heading = (text: string) => {
    if (doc.y > A4.height - M.bottom - 80) doc.addPage()
    doc.moveDown(0.8)
    doc.font('bold').fontSize(13).fillColor(BLUE).text(text, M.left, doc.y, { width: W })
    doc.moveTo(M.left, doc.y + 2).lineTo(M.left + W, doc.y + 2).lineWidth(0.6).strokeColor(RULE).stroke()
    doc.moveDown(0.5)
  }
  const line = (label: string, value: string) => {
    const y = doc.y
    doc.font('regular').fontSize(10).fillColor(GRAY).text(label, M.left, y, { width: 90 })
    doc.font('regular').fontSize(10.5).fillColor(TEXT).text(value, M.left + 90, y, { width: W - 90 })
    doc.moveDown(0.3)
  }

  doc.font('regular').fontSize(10).fillColor(GRAY).text(t('app.name'), M.left, M.top, { width: W })
  doc.font('bold').fontSize(20).fillColor(TEXT).text(t('deals.pdf.title'), { width: W })
  doc.font('bold').fontSize(14).fillColor(TEXT).text(deal.title, { width: W })
  doc.moveDown(0.3)
  doc.font('regular').fontSize(10).fillColor(GRAY).text(`${t('deals.pdf.stage', { stage: t(`deals.stage.${deal.stage}`) })} · ${t('deals.room.source')}：${t(`deals.source.${deal.source_kind}`)} · ${t('deals.pdf.exported', { date: when(new Date()) })}`, { width: W })

  heading(t('deals.pdf.parties'))
  for (const p of access.parties) line(t(`deals.side.${p.side}`), p.name)
  heading(t('deals.pdf.listings'))
  for (const l of listings) line(t(l.achievement_id ? 'deals.room.achievement' : 'deals.room.need'), l.title)

  heading(t('deals.pdf.stages'))
  for (const c of changes) {
    const what = c.from ? t('deals.timeline.moved', { from: t(`deals.stage.${c.from}`), to: t(`deals.stage.${c.to}`) }) : t('deals.timeline.opened', { stage: t(`deals.stage.${c.to}`) })
    const extra = [c.reason ? t('deals.timeline.reason', { reason: t(`deals.closed.${c.reason}`) }) : '', c.note ?? ''].filter(Boolean).join(' — ')
    line(when(c.at), `${what}（${c.actorName ?? t('deals.timeline.system')}）${extra ? `\n${extra}` : ''}`)
  }

  heading(t('deals.pdf.messages'))
  for (const r of rows) {
    if (doc.y > A4.height - M.bottom - 40) doc.addPage()
    const at = when(r.created_at)
    if (r.kind === 'system') {
      doc.font('regular').fontSize(9.5).fillColor(GRAY).text(`${at}  · ${systemLineText(locale, r.body, r.params)}`, M.left, doc.y, { width: W })
      doc.moveDown(0.4)
      continue
    }
    doc.font('bold').fontSize(10).fillColor(TEXT).text(r.author_name ?? '', M.left, doc.y, { continued: true, width: W })
    doc.font('regular').fontSize(9).fillColor(GRAY).text(`  ${at}`)
    if (r.body) doc.font('regular').fontSize(10.5).fillColor(TEXT).text(r.body, M.left + 12, doc.y, { width: W - 12, lineGap: 2 })
    for (const file of files.filter((x) => x.deal_message_id === r.id)) doc.font('regular').fontSize(9.5).fillColor(BLUE).text(t('deals.pdf.file', { name: file.filename }), M.left + 12, doc.y, { width: W - 12 })
    doc.moveDown(0.5)
  }

  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const saved = doc.page.margins
    doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 }
    doc.font('regular').fontSize(8.5).fillColor(GRAY)
    doc.text(`${t('app.name')} · ${deal.title}`, M.left, A4.height - 40, { width: W / 2, lineBreak: false, ellipsis: true })
    doc.text(t('deals.pdf.pageOf', { page: i + 1, total: range.count }), M.left + W / 2, A4.height - 40, { width: W / 2, align: 'right', lineBreak: false })
    doc.page.margins = saved
  }
  doc.end()
  return done
}
