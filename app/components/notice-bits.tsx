import { useEffect, useState, type ReactNode } from 'react'
import type { MessageKey } from '../../server/i18n/catalog'
import type { DealTerms } from '../../server/deals/terms'
import { formatFen } from '../../server/platform/money'
import { formatDate, formatDateTime, useLocale, useT } from '~/utils/i18n'
import type { Locale } from '../../server/i18n/catalog'

// Pieces of the 挂牌公示 pages (ADR 025).

export function NoticeStatus({ status }: { status: string }) {
  const t = useT()
  return <span className={`badge badge-notice-${status}`}>{t(`notice.status.${status}` as MessageKey)}</span>
}

/**
 * A period ends at midnight Beijing time, i.e. 24:00 of its last day: shown as
 * "2026/12/22 24:00" rather than "2026/12/23 00:00", which reads as a day later.
 */
export function formatNoticeEnd(locale: Locale, value: string | Date) {
  const end = new Date(value)
  const atMidnight = (end.getTime() + 8 * 3_600_000) % 86_400_000 === 0
  return atMidnight ? `${formatDate(locale, new Date(end.getTime() - 1))} 24:00` : formatDateTime(locale, end)
}

export function ListedTerms({ terms, priceFen, children }: { terms: DealTerms; priceFen: number; children?: ReactNode }) {
  const t = useT()
  const locale = useLocale()
  return (
    <dl className="facts">
      <dt>{t('notice.page.price')}</dt>
      <dd>
        <strong>{formatFen(priceFen, locale)}</strong>
      </dd>
      <TermsFacts terms={terms} />
      {children}
    </dl>
  )
}

/** The listed terms as rows of a facts list (mode, licence, deliverables, warranty, note): notices and auctions show them alike. */
export function TermsFacts({ terms }: { terms: DealTerms }) {
  const t = useT()
  return (
    <>
      <dt>{t('notice.page.mode')}</dt>
      <dd>{t(`deals.mode.${terms.mode}` as MessageKey)}</dd>
      {terms.licence ? (
        <>
          <dt>{t('notice.page.licence')}</dt>
          <dd>
            {t('notice.page.licenceText', {
              kind: t(`deals.licence.${terms.licence.kind}` as MessageKey),
              field: terms.licence.field || '—',
              territory: terms.licence.territory || '—',
              months: terms.licence.termMonths,
            })}
          </dd>
        </>
      ) : null}
      {terms.deliverables ? (
        <>
          <dt>{t('notice.page.deliverables')}</dt>
          <dd className="prose">{terms.deliverables}</dd>
        </>
      ) : null}
      {terms.warrantyMonths ? (
        <>
          <dt>{t('notice.page.warranty')}</dt>
          <dd>{t('notice.page.months', { n: terms.warrantyMonths })}</dd>
        </>
      ) : null}
      {terms.note ? (
        <>
          <dt>{t('notice.page.note')}</dt>
          <dd className="prose">{terms.note}</dd>
        </>
      ) : null}
    </>
  )
}

function split(ms: number) {
  const s = Math.max(0, Math.floor(ms / 1000))
  return { d: Math.floor(s / 86_400), h: Math.floor((s % 86_400) / 3600), m: Math.floor((s % 3600) / 60), s: s % 60 }
}

/**
 * The end as the server rendered it, the working days left (the server knows
 * the holiday calendar), and a clock the browser keeps ticking. It starts from
 * the server's time, so the first client render matches the HTML.
 */
export function Countdown({ endsAt, serverNow, workingDaysLeft, pending }: { endsAt: string; serverNow: string; workingDaysLeft: number; pending: boolean }) {
  const t = useT()
  const locale = useLocale()
  const end = new Date(endsAt).getTime()
  const [now, setNow] = useState(() => new Date(serverNow).getTime())
  useEffect(() => {
    const first = setTimeout(() => setNow(Date.now()), 0)
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => (clearTimeout(first), clearInterval(timer))
  }, [])
  const over = now >= end
  const c = split(end - now)
  return (
    <section className="card countdown-card" aria-labelledby="countdown-h">
      <h2 id="countdown-h">{t('notice.countdown.title')}</h2>
      {over ? (
        <p data-testid="countdown-over">{pending ? t('notice.countdown.overPending') : t('notice.countdown.over')}</p>
      ) : (
        <>
          <span className="notice-days" data-testid="working-days-left">
            {t('notice.daysLeft', { n: workingDaysLeft })}
          </span>
          <p className="countdown-clock" role="timer" aria-live="off">
            {t('notice.countdown.clock', { d: c.d, h: String(c.h).padStart(2, '0'), m: String(c.m).padStart(2, '0'), s: String(c.s).padStart(2, '0') })}
          </p>
        </>
      )}
      <p className="small muted">
        {t('notice.page.endsAt')}：<time dateTime={endsAt}>{formatNoticeEnd(locale, endsAt)}</time>
      </p>
    </section>
  )
}
