import { Link } from '@remix-run/react'
import { useT } from '~/utils/i18n'

// Small pieces of the engagement pages (gated details, access, interest, files).

export function fileSize(bytes: number) {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** The way back to the achievement's own page. */
export function BackToAchievement({ id }: { id: string }) {
  const t = useT()
  return (
    <nav className="engagement-back" aria-label={t('engagement.backToAchievement')}>
      <Link to={`/achievements/${id}`}>← {t('engagement.backToAchievement')}</Link>
    </nav>
  )
}
