import { useLocale, useT } from '~/utils/i18n'
import type { MessageKey } from '../../../server/i18n/catalog'

// Pieces the directory pages share: level and credit badges, field names.

export function LevelBadge({ level }: { level: string | null }) {
  const t = useT()
  return <span className={`badge badge-level-${level ?? 'none'}`}>{t(`directory.level.${level ?? 'none'}` as MessageKey)}</span>
}

export function CreditBadge({ level }: { level: string | null }) {
  const t = useT()
  return level ? <span className="badge badge-credit">{level}</span> : <span className="muted">{t('directory.creditNone')}</span>
}

export type IndustryName = { code: string; name_zh: string; name_en: string; parent_code: string | null }

export function useIndustryName(industries: IndustryName[]) {
  const locale = useLocale()
  return (code: string) => {
    const i = industries.find((x) => x.code === code)
    return i ? (locale === 'en' ? i.name_en : i.name_zh) : code
  }
}
