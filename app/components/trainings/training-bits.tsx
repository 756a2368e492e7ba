import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import type { MessageKey } from '../../../server/i18n/catalog'

// Small pieces the training pages share: the phase badge, the time span, hours.

export function PhaseBadge({ phase }: { phase: string }) {
  const t = useT()
  return <span className={`badge badge-training-${phase}`}>{t(`training.phase.${phase}` as MessageKey)}</span>
}

export function KindBadge({ kind }: { kind: string }) {
  const t = useT()
  return <span className="badge">{t(`training.kind.${kind}` as MessageKey)}</span>
}

export function TrainingTime({ startsAt, endsAt }: { startsAt: string | Date; endsAt: string | Date }) {
  const locale = useLocale()
  const start = formatDateTime(locale, startsAt)
  const end = formatDateTime(locale, endsAt)
  // Same day: the end shows its time only.
  const endText = start.slice(0, 10) === end.slice(0, 10) ? end.slice(-5) : end
  return (
    <>
      <time dateTime={new Date(startsAt).toISOString()}>{start}</time> – <time dateTime={new Date(endsAt).toISOString()}>{endText}</time>
    </>
  )
}

/** Minutes as hours, one decimal at most. */
export const hoursOf = (minutes: number) => String(Math.round((minutes / 60) * 10) / 10)
