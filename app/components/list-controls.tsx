import { SelectFilter, useDivisionOptions } from '~/components/filter-card'
import { useT } from '~/utils/i18n'
import { LISTING_SORTS, type ListingSort } from '../../server/listings/list-sorts'

// The keyword box, the county filter and the sort choice of the public lists (/achievements, /needs):
// plain GET form fields, so the URL carries the state and the page works without JS.

/** The keyword query from the URL: trimmed, at most 100 characters, undefined when empty. */
export function readKeywords(url: URL) {
  const q = (url.searchParams.get('q') ?? '').replace(/\p{Cc}/gu, ' ').trim().slice(0, 100)
  return q || undefined
}

/** A known sort from the URL; anything else is the default (newest). */
export function readSort(url: URL): ListingSort | undefined {
  const s = url.searchParams.get('sort') ?? ''
  return (LISTING_SORTS as readonly string[]).includes(s) && s !== 'newest' ? (s as ListingSort) : undefined
}

export function KeywordField({ value }: { value?: string }) {
  const t = useT()
  return (
    <div className="field field-keyword">
      <label htmlFor="f-q">{t('list.q')}</label>
      <input id="f-q" name="q" type="search" defaultValue={value ?? ''} placeholder={t('list.qPlaceholder')} maxLength={100} enterKeyHint="search" />
    </div>
  )
}

export function SortField({ value, kind }: { value?: ListingSort; kind: 'ach' | 'need' }) {
  const t = useT()
  const label = (s: ListingSort) =>
    s === 'price_asc' || s === 'price_desc' ? t(`${kind}.sort.${s}`) : t(`list.sort.${s}`)
  return (
    <div className="field field-sort">
      <label htmlFor="f-sort">{t('list.sort')}</label>
      <select id="f-sort" name="sort" defaultValue={value ?? 'newest'}>
        {LISTING_SORTS.map((s) => (
          <option key={s} value={s}>
            {label(s)}
          </option>
        ))}
      </select>
    </div>
  )
}

export function CountyField({ divisions, value }: { divisions: { code: string; nameZh: string; nameEn: string }[]; value?: string }) {
  const t = useT()
  return <SelectFilter id="f-county" name="county" label={t('list.county')} any={t('list.allCounties')} value={value} options={useDivisionOptions(divisions)} />
}
