import { Form, Link, useFetcher, useLocation } from '@remix-run/react'
import { forwardRef, useEffect, useRef, useState, type ComponentPropsWithoutRef } from 'react'
import { useT } from '~/utils/i18n'

// The search input with title completions from GET /api/v1/search/suggest
// (a debounced fetcher) in a native <datalist>, which the browser makes
// keyboard- and screen-reader-usable; and the compact box of the site header.

type InputProps = Omit<ComponentPropsWithoutRef<'input'>, 'list' | 'type'> & { id: string }

export const SuggestInput = forwardRef<HTMLInputElement, InputProps>(function SuggestInput({ id, onChange, ...rest }, ref) {
  const suggest = useFetcher<{ suggestions?: string[] }>()
  const timer = useRef<number | undefined>(undefined)
  useEffect(() => () => window.clearTimeout(timer.current), [])
  const suggestions = suggest.data?.suggestions ?? []
  return (
    <>
      <input
        {...rest}
        ref={ref}
        id={id}
        type="search"
        list={`${id}-suggestions`}
        autoComplete="off"
        onChange={(e) => {
          onChange?.(e)
          const q = e.currentTarget.value.trim()
          window.clearTimeout(timer.current)
          if (!q) return
          timer.current = window.setTimeout(() => suggest.load(`/api/v1/search/suggest?q=${encodeURIComponent(q)}&limit=6`), 200)
        }}
      />
      <datalist id={`${id}-suggestions`}>
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
    </>
  )
})

/**
 * The header's search: a magnifier that opens a small search box under the
 * header (a GET form to /search). Without JavaScript it is a plain link to
 * /search. On narrow screens the box sits open inside the menu. Hidden on /search.
 */
export function HeaderSearch() {
  const t = useT()
  const location = useLocation()
  // Open for the page it was opened on, like the mobile menu: any navigation closes it.
  const [openOn, setOpenOn] = useState<string | null>(null)
  const open = openOn === location.key
  const toggle = useRef<HTMLAnchorElement>(null)
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (open) input.current?.focus()
  }, [open])
  if (location.pathname === '/search') return null
  const close = (refocus: boolean) => {
    setOpenOn(null)
    if (refocus) toggle.current?.focus()
  }
  return (
    <div
      className="header-search-wrap"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) close(true)
      }}
      onBlur={(e) => {
        if (open && !e.currentTarget.contains(e.relatedTarget as Node | null)) close(false)
      }}
    >
      <Link
        ref={toggle}
        to="/search"
        className="header-search-toggle"
        aria-expanded={open}
        aria-controls="header-search-panel"
        title={t('search.header.label')}
        onClick={(e) => {
          e.preventDefault()
          setOpenOn(open ? null : location.key)
        }}
      >
        <SearchIcon />
        <span className="visually-hidden">{t('search.header.label')}</span>
      </Link>
      <div id="header-search-panel" className={`header-search-panel${open ? ' open' : ''}`}>
        <Form method="get" action="/search" role="search" className="header-search" aria-label={t('search.header.label')}>
          <label htmlFor="header-search-q" className="visually-hidden">
            {t('search.header.label')}
          </label>
          <SuggestInput ref={input} id="header-search-q" name="q" placeholder={t('search.header.placeholder')} maxLength={100} />
          <button type="submit" className="header-search-btn">
            <SearchIcon />
            <span className="visually-hidden">{t('search.submit')}</span>
          </button>
        </Form>
      </div>
    </div>
  )
}

export function SearchIcon() {
  return (
    <svg aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round">
      <circle cx="10.5" cy="10.5" r="6.5" />
      <path d="m15.5 15.5 5 5" />
    </svg>
  )
}
