import { Form, Link, useLocation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useLocale } from '~/utils/i18n'

// The filter card and pager of the working lists (projects, subsidies, managers, agencies, trainings):
// a plain GET form so the URL carries the state and the page works without JS, and prev/next links
// that keep every other parameter. Labels come from the caller, since each list words them its own way.

export function FilterCard({ label, apply, children }: { label: string; apply: string; children: ReactNode }) {
  return (
    <Form method="get" className="card filters filters-card" aria-label={label}>
      {children}
      <div className="filter-buttons">
        <button type="submit" className="btn btn-secondary">
          {apply}
        </button>
      </div>
    </Form>
  )
}

export interface FilterOption {
  value: string
  label: string
}

/** A select whose empty first option means "any". */
export function SelectFilter(props: { id: string; name: string; label: string; any: string; value?: string | null; options: FilterOption[] }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} defaultValue={props.value ?? ''}>
        <option value="">{props.any}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

/** Counties (or any named divisions) as filter options in the reader's language. */
export function useDivisionOptions(divisions: { code: string; nameZh: string; nameEn: string }[]): FilterOption[] {
  const locale = useLocale()
  return divisions.map((x) => ({ value: x.code, label: locale === 'en' ? x.nameEn : x.nameZh }))
}

export function SearchFilter({ id, label, value }: { id: string; label: string; value?: string | null }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name="q" type="search" defaultValue={value ?? ''} maxLength={60} />
    </div>
  )
}

/** The current URL with some parameters replaced. */
export function useSearchLink() {
  const location = useLocation()
  return (set: Record<string, string>) => {
    const p = new URLSearchParams(location.search)
    for (const [k, v] of Object.entries(set)) p.set(k, v)
    return `?${p.toString()}`
  }
}

export function Pager(props: { label: string; page: number; pageSize: number; total: number; prev: string; next: string }) {
  const link = useSearchLink()
  if (props.total <= props.pageSize) return null
  return (
    <nav className="pager" aria-label={props.label}>
      {props.page > 1 ? <Link to={link({ page: String(props.page - 1) })}>{props.prev}</Link> : null}
      {props.page * props.pageSize < props.total ? <Link to={link({ page: String(props.page + 1) })}>{props.next}</Link> : null}
    </nav>
  )
}
