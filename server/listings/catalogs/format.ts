import { translate, type Locale } from '../../i18n/catalog'
import { formatFen } from '../../platform/money'
import type { CatalogSnapshot } from './service'
import { dateTimeFormat } from '../../platform/intl'

// An edition's fields as display text, shared by the PDF, XLSX and CSV
// downloads so the three always say the same thing.

export function snapshotText(locale: Locale, s: CatalogSnapshot) {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params)
  const sep = locale === 'en' ? ', ' : '、'
  const price =
    s.priceKind === 'negotiable' || s.priceMinFen === null
      ? t('price.negotiable')
      : s.priceKind === 'range' && s.priceMaxFen !== null
        ? t('price.range', { min: formatFen(s.priceMinFen, locale), max: formatFen(s.priceMaxFen, locale) })
        : t('price.amount', { amount: formatFen(s.priceMinFen, locale) })
  const industry = locale === 'en' ? s.industryNameEn : s.industryNameZh
  const sector = locale === 'en' ? s.sectorNameEn : s.sectorNameZh
  return {
    title: s.title,
    sector,
    industry: industry === sector ? industry : `${sector} · ${industry}`,
    trl: t(`trl.${s.trl}`),
    modes: s.transactionModes.map((m) => t(`mode.${m}`)).join(sep),
    price,
    benefit: s.benefit,
    summary: s.summary,
    keywords: s.keywords.join(sep),
    ipRights: s.ipRights.map((ip) => `${t(`ip.${ip.kind}`)} ${ip.number}（${t(`ipStatus.${ip.status}`)}）`).join(locale === 'en' ? '; ' : '；'),
  }
}

export type SnapshotText = ReturnType<typeof snapshotText>

/** A date (YYYY-MM-DD) as the catalog prints it: 2026年11月26日 / 26 November 2026. */
export function editionDateText(locale: Locale, isoDate: string) {
  const d = new Date(`${isoDate}T00:00:00Z`)
  return dateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }).format(d)
}

/** A safe download name: the title with characters that file systems dislike removed. */
export function downloadName(title: string, date: string, ext: string) {
  const base = `${title}-${date}`.replace(/[\\/:*?"<>|\r\n\t]+/g, '').trim() || 'catalog'
  return `${base}.${ext}`
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function attachmentHeader(filename: string) {
  const ascii = filename.replace(/[^\x20-\x7e]+/g, '_').replace(/"/g, '')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}
