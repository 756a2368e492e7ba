import type { Database, Executor } from '../../db/index'
import { evaluationByCode, expertsOf, findEvaluation, findProject } from '../../db/repos/evaluations'
import { translate, type Locale } from '../i18n/catalog'
import type { Principal } from '../identity/principal'
import { notFound } from '../platform/errors'
import { shanghaiDate } from '../platform/intl'
import { formatFen } from '../platform/money'
import { openPdf } from '../platform/pdf'
import { groupCode, qrPng, sealOf, verifyPath, type VerifiedDocument } from '../platform/verification'
import { evaluationConfigFrom, weightedScore } from './config'
import { dayOf, evaluationPage } from './service'

// 项目评价报告: the report of a closed evaluation — the project, the enterprise's
// self-assessment, each indicator with its weight and the experts' mean score,
// the weighted score and the result — sealed with the platform's HMAC over the
// key facts and carrying a QR code to /verify/<code>. Whoever may read the
// evaluation downloads it; the verification page is public.

export const REPORT_KIND = 'evaluation-report'

type Facts = { number: string; title: string; enterprise: string; score: number; result: string; closedAt: Date; code: string }

function reportFacts(f: Facts): [string, string][] {
  return [
    ['code', f.code],
    ['project', f.title],
    ['registration', f.number],
    ['enterprise', f.enterprise],
    ['score', f.score.toFixed(2)],
    ['result', f.result],
    ['closedAt', f.closedAt.toISOString()],
  ]
}

/** /verify/<code> for an evaluation report; null for a code that is not one. */
export async function verifyEvaluationReport(db: Executor, code: string): Promise<VerifiedDocument | null> {
  const e = await evaluationByCode(db, code)
  if (!e || !e.closed_at || e.score_centi === null || !e.result) return null
  const facts: Facts = {
    number: e.registration_number ?? '',
    title: e.title,
    enterprise: e.enterprise_name,
    score: e.score_centi / 100,
    result: e.result,
    closedAt: e.closed_at,
    code,
  }
  return {
    kindKey: 'evaluation.verify.kind',
    number: groupCode(code),
    issuedAt: e.closed_at.toISOString(),
    facts: [
      { labelKey: 'evaluation.verify.project', value: e.title },
      { labelKey: 'evaluation.verify.enterprise', value: e.enterprise_name },
      { labelKey: 'evaluation.verify.score', value: facts.score.toFixed(2) },
      { labelKey: 'evaluation.verify.result', value: translate('zh-CN', `evaluation.result.${e.result}`) },
    ],
    seal: await sealOf(db, REPORT_KIND, reportFacts(facts)),
    link: null,
    noteKey: 'evaluation.verify.valid',
  }
}

/** The report's PDF of an evaluation the viewer may read and that is closed, or 404. */
export async function evaluationReportPdf(db: Database, viewer: Principal, id: string, opts: { origin?: string; locale?: Locale } = {}) {
  const page = await evaluationPage(db, viewer, id)
  if (page.ev.status !== 'closed') throw notFound()
  const ev = (await findEvaluation(db, id))!
  const project = (await findProject(db, ev.project_id))!
  const experts = await expertsOf(db, ev.id)
  const cfg = evaluationConfigFrom(ev.config_from)
  const locale: Locale = opts.locale ?? 'zh-CN'
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params)
  const facts: Facts = {
    number: project.registration_number ?? '',
    title: project.title,
    enterprise: project.enterprise_name,
    score: ev.score_centi! / 100,
    result: ev.result!,
    closedAt: ev.closed_at!,
    code: ev.verification_code!,
  }
  const seal = await sealOf(db, REPORT_KIND, reportFacts(facts))
  const url = `${(opts.origin ?? '').replace(/\/$/, '')}${verifyPath(ev.verification_code!)}`
  const qr = await qrPng(url)

  const A4 = { width: 595.28, height: 841.89 }
  const M = { top: 56, bottom: 56, left: 56, right: 56 }
  const W = A4.width - M.left - M.right
  const { doc, done } = openPdf({
    size: 'A4',
    margins: M,
    info: { Title: `${t('evaluation.report.title')} ${project.title}`, Creator: t('app.name') },
    lang: locale,
  } as PDFKit.PDFDocumentOptions)
  const line = (label: string, value: string) => {
    const y = doc.y
    doc.font('regular').fontSize(10).fillColor('#6b7788').text(label, M.left, y, { width: 130 })
    doc
      .font('regular')
      .fontSize(11)
      .fillColor('#1b2430')
      .text(value || '—', M.left + 130, y, { width: W - 130 })
    doc.moveDown(0.35)
  }
  const heading = (text: string) => {
    doc.moveDown(0.5)
    doc.font('bold').fontSize(12).fillColor('#0b4f8a').text(text, M.left, doc.y, { width: W })
    doc.moveDown(0.3)
  }

  doc.font('regular').fontSize(10).fillColor('#6b7788').text(t('app.name'), M.left, M.top, { width: W })
  doc.font('bold').fontSize(20).fillColor('#1b2430').text(t('evaluation.report.title'), { width: W, align: 'center' })
  doc.moveDown(0.8)
  line(t('evaluation.field.project'), project.title)
  line(t('evaluation.field.number'), project.registration_number ?? '')
  line(t('evaluation.field.enterprise'), project.enterprise_name)
  line(t('evaluation.field.institution'), project.institution_name)
  line(t('evaluation.field.registeredOn'), dayOf(project.registered_on))
  line(t('evaluation.field.technologyAmount'), formatFen(Number(project.technology_amount_fen), locale))

  heading(t('evaluation.detail.selfAssessment'))
  line(t('evaluation.field.applied'), ev.sa_applied ?? '')
  line(t('evaluation.field.investment'), formatFen(Number(ev.sa_investment_fen ?? 0), locale))
  line(t('evaluation.field.output'), formatFen(Number(ev.sa_output_fen ?? 0), locale))
  line(t('evaluation.field.jobs'), String(ev.sa_jobs ?? 0))
  line(t('evaluation.field.problems'), ev.sa_problems ?? '')

  heading(t('evaluation.report.scores'))
  const scored = experts.filter((x) => x.scores)
  for (const i of cfg.indicators) {
    const mean = scored.reduce((s, x) => s + (x.scores![i.key] ?? 0), 0) / Math.max(1, scored.length)
    line(`${t(`evaluation.indicator.${i.key}`)}（${t('evaluation.report.weight', { weight: i.weight })}）`, mean.toFixed(2))
  }
  scored.forEach((x, n) =>
    line(t('evaluation.report.expert', { n: n + 1 }), `${weightedScore(cfg, x.scores!).toFixed(2)}${x.comment ? ` · ${x.comment}` : ''}`)
  )
  doc.moveDown(0.3)
  doc
    .font('bold')
    .fontSize(14)
    .fillColor('#1b2430')
    .text(t('evaluation.report.outcome', { score: facts.score.toFixed(2), result: t(`evaluation.result.${ev.result}`) }), M.left, doc.y, { width: W })
  doc
    .font('regular')
    .fontSize(10)
    .fillColor('#6b7788')
    .text(t('evaluation.report.thresholds', cfg.thresholds), M.left, doc.y + 4, { width: W })
  doc.text(t('evaluation.report.closedAt', { at: shanghaiDate(ev.closed_at!) }), M.left, doc.y + 2, { width: W })
  doc.moveDown(1)

  const top = Math.min(doc.y, A4.height - M.bottom - 120)
  doc.image(qr, M.left, top, { width: 100 })
  const x = M.left + 116
  doc
    .font('bold')
    .fontSize(11)
    .fillColor('#0b4f8a')
    .text(t('evaluation.report.sealTitle'), x, top, { width: W - 116 })
  doc
    .font('regular')
    .fontSize(10)
    .fillColor('#1b2430')
    .text(t('evaluation.report.seal', { seal }), x, doc.y + 4, { width: W - 116 })
  doc.text(t('evaluation.report.code', { code: groupCode(ev.verification_code!) }), x, doc.y + 4, { width: W - 116 })
  doc.fillColor('#6b7788').text(t('evaluation.report.verifyAt', { url }), x, doc.y + 4, { width: W - 116 })
  doc.end()
  return { pdf: await done, title: project.title }
}
