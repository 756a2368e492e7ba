import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import type { MessageKey } from '../../../server/i18n/catalog'
import type { RoadshowAudience, RoadshowStatus, RoadshowVenue } from '../../../db/schema'

// Small pieces shared by the roadshow list and page (ADR 033).

export function RoadshowStatusBadge({ status }: { status: RoadshowStatus }) {
  const t = useT()
  return <span className={`badge badge-roadshow-${status}`}>{t(`roadshow.status.${status}` as MessageKey)}</span>
}

/** "12月20日 14:00 – 16:00" in Beijing time. */
export function RoadshowTime({ startsAt, plannedEndAt }: { startsAt: string; plannedEndAt: string }) {
  const locale = useLocale()
  const end = formatDateTime(locale, plannedEndAt)
  const start = formatDateTime(locale, startsAt)
  // Same day: show only the end's clock time.
  const sameDay = start.slice(0, 10) === end.slice(0, 10)
  return (
    <>
      <time dateTime={startsAt}>{start}</time> – <time dateTime={plannedEndAt}>{sameDay ? end.slice(-5) : end}</time>
    </>
  )
}

export function venueText(t: ReturnType<typeof useT>, mode: RoadshowVenue, address: string) {
  const m = t(`roadshow.venue.${mode}` as MessageKey)
  return mode === 'online' || !address ? m : `${m} · ${address}`
}

export function audienceText(t: ReturnType<typeof useT>, a: RoadshowAudience) {
  return t(`roadshow.audience.${a}` as MessageKey)
}
