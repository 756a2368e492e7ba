import type { Executor } from '../../db/index'
import { isLocale, translate, type Locale } from '../i18n/catalog'
import type { Principal } from '../identity/principal'
import { shanghaiDateTime } from '../platform/intl'
import { formatFen } from '../platform/money'
import { openPdf } from '../platform/pdf'
import type { RoadshowPoll } from './live-events'
import { roadshowReport, type ReportQuestions } from './report'

// 路演报告 as an A4 PDF: the same figures and lists as /roadshows/:id/report,
// for the same people (the report's access rule), set in the platform's CJK fonts.

const LOT_STATUSES = ['applied', 'announced', 'sold', 'unsold', 'defaulted']
const points = (centi: number) => (centi / 100).toFixed(2)

export async function roadshowReportPdf(db: Executor, viewer: Principal | null, roadshowId: string, opts: { locale?: Locale; now?: Date } = {}) {
  const r = await roadshowReport(db, viewer, roadshowId)
  const locale: Locale = opts.locale ?? (viewer && isLocale(viewer.locale) ? viewer.locale : 'zh-CN')
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params)
  const when = (iso: string | Date) => shanghaiDateTime(locale, iso)

  const A4 = { width: 595.28, height: 841.89 }
  const M = { top: 56, bottom: 56, left: 56, right: 56 }
  const W = A4.width - M.left - M.right
  const { doc, done } = openPdf({
    size: 'A4',
    margins: M,
    info: { Title: `${r.roadshow.title} ${t('roadshow.report.title')}`, Creator: t('app.name') },
    lang: locale,
  } as PDFKit.PDFDocumentOptions)
  const ink = '#1b2430'
  const grey = '#6b7788'
  const h2 = (s: string) => {
    if (doc.y > A4.height - M.bottom - 80) doc.addPage()
    doc.moveDown(0.8).font('bold').fontSize(14).fillColor('#0b4f8a').text(s, M.left, doc.y, { width: W })
    doc.moveDown(0.3)
  }
  const h3 = (s: string) => {
    if (doc.y > A4.height - M.bottom - 50) doc.addPage()
    doc.moveDown(0.4).font('bold').fontSize(11).fillColor(ink).text(s, M.left, doc.y, { width: W })
    doc.moveDown(0.2)
  }
  const para = (s: string, color = ink, size = 10) => doc.font('regular').fontSize(size).fillColor(color).text(s, M.left, doc.y, { width: W })
  const line = (label: string, value: string) => {
    const y = doc.y
    doc.font('regular').fontSize(10).fillColor(grey).text(label, M.left, y, { width: 150 })
    doc
      .font('regular')
      .fontSize(10.5)
      .fillColor(ink)
      .text(value, M.left + 150, y, { width: W - 150 })
    doc.moveDown(0.2)
  }
  const questions = (q: ReportQuestions) => {
    if (q.count === 0) return para(t('roadshow.report.noQuestions'), grey)
    para(`${t('roadshow.report.questions')}: ${q.count} · ${t('roadshow.report.answeredOf', { answered: q.answered, count: q.count })}`)
    para(t('roadshow.report.topQuestions'), grey, 9.5)
    q.top.forEach((x, i) =>
      para(
        `${i + 1}. ${x.body}（${t('roadshow.replay.votes', { n: x.votes })}${x.answeredAt ? ` · ${t('roadshow.replay.answered')}` : ''}）— ${x.name}${
          x.orgName ? ` · ${x.orgName}` : ''
        }`
      )
    )
  }
  const polls = (list: RoadshowPoll[]) => {
    if (list.length === 0) return para(t('roadshow.report.noPolls'), grey)
    for (const p of list) {
      para(`${p.question}（${t('roadshow.replay.pollVoters', { n: p.voters })}）`)
      p.options.forEach((o, i) => para(`    ${o}: ${p.counts[i] ?? 0}`, ink, 9.5))
    }
  }

  doc.font('regular').fontSize(10).fillColor(grey).text(t('app.name'), M.left, M.top, { width: W })
  doc.font('bold').fontSize(20).fillColor(ink).text(t('roadshow.report.title'), { width: W, align: 'center' })
  doc.font('regular').fontSize(13).fillColor(ink).text(r.roadshow.title, { width: W, align: 'center' })
  doc.moveDown(0.6)
  if (r.roadshow.status !== 'ended') para(t('roadshow.report.notEnded'), '#a15c00')

  h2(t('roadshow.report.summary'))
  line(t('roadshow.report.time'), `${when(r.startedAt ?? r.roadshow.startsAt)} – ${when(r.endedAt ?? r.roadshow.plannedEndAt)}`)
  line(t('roadshow.report.status'), t(`roadshow.status.${r.roadshow.status}`))
  line(t('roadshow.report.registrations'), String(r.registrations))
  line(t('roadshow.report.peak'), String(r.peakAudience))
  line(t('roadshow.report.viewers'), String(r.viewers))
  line(t('roadshow.report.chat'), String(r.chatLines))
  line(t('roadshow.report.questions'), t('roadshow.report.answeredOf', { answered: r.totals.answered, count: r.totals.questions }))
  line(t('roadshow.report.polls'), String(r.totals.polls))
  line(t('roadshow.report.intents'), String(r.totals.intents))
  line(t('roadshow.report.dealRooms'), String(r.totals.dealRooms))
  line(t('roadshow.report.bids'), String(r.totals.bids))

  for (const i of r.items) {
    h2(t('roadshow.replay.itemHeading', { n: i.position, title: i.title }))
    para(`${t('roadshow.replay.presenter', { name: i.presenterName })}${i.startedAt ? ` · ${when(i.startedAt)}` : ''}`, grey)
    para(t('roadshow.report.itemAudience', { viewers: i.viewers, peak: i.peakAudience }))
    h3(t('roadshow.report.questions'))
    questions(i.questions)
    h3(t('roadshow.report.polls'))
    polls(i.polls)
    h3(t('roadshow.report.score'))
    if (i.score) {
      para(
        `${t('roadshow.replay.scoreFinal', { score: points(i.score.finalCenti) })} · ${t('roadshow.replay.scoreJudges', { n: i.score.judges })}${
          i.score.dropped ? ` · ${t('roadshow.replay.scoreDropped')}` : ''
        }`
      )
      for (const c of r.roadshow.rubric) {
        const v = i.score.byCriterion[c.key]
        para(`    ${locale === 'en' ? c.labelEn : c.label}（${c.weight}%）: ${v === undefined ? '—' : points(v)}`, ink, 9.5)
      }
    } else para(t('roadshow.report.noScore'), grey)
    h3(t('roadshow.report.intents'))
    if (i.intents.length === 0) para(t('roadshow.report.noIntents'), grey)
    for (const x of i.intents)
      para(
        `${x.orgName}（${x.userName}）· ${t(`deals.mode.${x.mode}`)} · ${when(x.at)} · ${t('roadshow.report.intentDeal')}: ${
          x.deal ? t(`deals.stage.${x.deal.stage}`) : t('roadshow.report.noDeal')
        }${x.note ? `\n    ${x.note}` : ''}`
      )
    if (i.lot) {
      h3(t('roadshow.report.lot'))
      const price = i.lot.hammerPriceFen ?? i.lot.priceFen
      para(
        t('roadshow.report.lotLine', {
          title: i.lot.title,
          bids: i.lot.bidCount,
          price: price ? formatFen(price, locale) : t('roadshow.report.noPrice'),
          status: t(`roadshow.lotStatus.${LOT_STATUSES.includes(i.lot.status) ? i.lot.status : 'other'}`),
        })
      )
    }
  }

  h2(t('roadshow.report.general'))
  questions(r.general.questions)
  polls(r.general.polls)
  doc.moveDown(1)
  para(t('roadshow.report.generatedAt', { at: when(opts.now ?? new Date()) }), grey, 9)
  doc.end()
  return { pdf: await done, title: r.roadshow.title }
}
