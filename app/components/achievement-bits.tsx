import { Link } from '@remix-run/react'
import type { Locale, MessageKey } from '../../server/i18n/catalog'
import { useLocale, useT, type T } from '~/utils/i18n'
import { formatFen } from '../../server/platform/money'

// Small pieces shown wherever an achievement or a need appears: its status
// (with "expired" derived from the expiry date), its price and its modes.

export type DisplayStatus = 'draft' | 'submitted' | 'returned' | 'published' | 'taken_down' | 'withdrawn' | 'expired'

export function displayStatus(l: { status: string; expires_at: string | Date | null }, now = new Date()): DisplayStatus {
  if (l.status === 'published' && l.expires_at && new Date(l.expires_at) <= now) return 'expired'
  return l.status as DisplayStatus
}

export function StatusBadge({ listing }: { listing: { status: string; expires_at: string | Date | null } }) {
  const t = useT()
  const s = displayStatus(listing)
  return <span className={`badge badge-listing-${s}`}>{t(`listing.status.${s}` as MessageKey)}</span>
}

export function priceText(
  t: T,
  locale: Locale,
  a: { price_kind: string; price_min_fen: number | string | null; price_max_fen: number | string | null },
) {
  if (a.price_kind === 'negotiable' || a.price_min_fen === null) return t('price.negotiable')
  const min = formatFen(Number(a.price_min_fen), locale)
  if (a.price_kind === 'range' && a.price_max_fen !== null) return t('price.range', { min, max: formatFen(Number(a.price_max_fen), locale) })
  return t('price.amount', { amount: min })
}

export function Price({ listing }: { listing: { price_kind: string; price_min_fen: number | string | null; price_max_fen: number | string | null } }) {
  const t = useT()
  const locale = useLocale()
  return <>{priceText(t, locale, listing)}</>
}

export function ModeTags({ modes }: { modes: string[] }) {
  const t = useT()
  return (
    <ul className="tag-list">
      {modes.map((m) => (
        <li key={m} className="tag">
          {t(`mode.${m}` as MessageKey)}
        </li>
      ))}
    </ul>
  )
}

/** "1–12 / 60" style pagination links that keep the current query. */
export function Pagination({ page, pages, search, label }: { page: number; pages: number; search: string; label: string }) {
  const t = useT()
  if (pages <= 1) return null
  const href = (p: number) => {
    const q = new URLSearchParams(search)
    if (p === 1) q.delete('page')
    else q.set('page', String(p))
    const s = q.toString()
    return s ? `?${s}` : '?'
  }
  const around = [...new Set([1, page - 1, page, page + 1, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b)
  return (
    <nav className="pagination" aria-label={label}>
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev" className="btn btn-secondary">
          {t('ach.page.prev')}
        </Link>
      ) : null}
      <ol>
        {around.map((p, i) => (
          <li key={p}>
            {i > 0 && p - around[i - 1]! > 1 ? <span className="gap" aria-hidden="true">…</span> : null}
            {p === page ? (
              <span aria-current="page" className="current">
                {p}
              </span>
            ) : (
              <Link to={href(p)} aria-label={t('ach.page.n', { n: p })}>
                {p}
              </Link>
            )}
          </li>
        ))}
      </ol>
      {page < pages ? (
        <Link to={href(page + 1)} rel="next" className="btn btn-secondary">
          {t('ach.page.next')}
        </Link>
      ) : null}
    </nav>
  )
}
