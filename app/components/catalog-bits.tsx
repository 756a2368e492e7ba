import { useT } from '~/utils/i18n'

// Download links of a catalog edition. Plain links (not client-side
// navigation): the files come from resource routes. Compact: the format's
// name only, with the full label for screen readers.

export function CatalogDownloads({ id, title, compact = false }: { id: string; title: string; compact?: boolean }) {
  const t = useT()
  const formats = [
    { ext: 'pdf', label: t('catalogs.download.pdf'), short: 'PDF' },
    { ext: 'xlsx', label: t('catalogs.download.xlsx'), short: 'Excel' },
    { ext: 'csv', label: t('catalogs.download.csv'), short: 'CSV' },
  ]
  return (
    <ul className={`catalog-downloads${compact ? ' compact' : ''}`} aria-label={t('catalogs.download.label', { title })}>
      {formats.map((f) => (
        <li key={f.ext}>
          <a
            href={`/catalogs/${id}.${f.ext}`}
            className={`btn ${f.ext === 'pdf' && !compact ? 'btn-primary' : 'btn-secondary'}`}
            aria-label={compact ? f.label : undefined}
            download
          >
            {compact ? f.short : f.label}
          </a>
        </li>
      ))}
    </ul>
  )
}
