import { Link, useFetcher } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useT } from '~/utils/i18n'

// The achievement (and need) page's portal bar: the view count, kept fresh by
// a beacon the page posts once it has loaded (the page itself may come from the
// anonymous cache, whose loader never writes), the favourite star and 咨询.

export function ViewCount({ kind, id, initial, live }: { kind: 'achievement' | 'need'; id: string; initial: number; live: boolean }) {
  const t = useT()
  const [views, setViews] = useState(initial)
  useEffect(() => {
    if (!live) return
    let gone = false
    fetch(`/views/${kind}/${id}`, { method: 'POST', headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? (r.json() as Promise<{ views: number }>) : null))
      .then((d) => {
        if (!gone && d) setViews(d.views)
      })
      .catch(() => undefined)
    return () => {
      gone = true
    }
  }, [kind, id, live])
  return (
    <span className="portal-views" data-testid="view-count">
      {t('portal.views', { n: views })}
    </span>
  )
}

export function FavouriteButton({ kind, id, title, on, signedIn, here }: { kind: 'achievement' | 'need'; id: string; title: string; on: boolean; signedIn: boolean; here: string }) {
  const t = useT()
  const fetcher = useFetcher<{ favourite: boolean }>()
  const pending = fetcher.formData ? fetcher.formData.get('on') === '1' : undefined
  const current = pending ?? fetcher.data?.favourite ?? on
  if (!signedIn) {
    return (
      <Link className="btn btn-secondary btn-fav" to={`/login?redirectTo=${encodeURIComponent(here)}`}>
        ☆ {t('portal.favourite.add')}
      </Link>
    )
  }
  return (
    <fetcher.Form method="post" action="/favourites" className="inline-form">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="on" value={current ? '0' : '1'} />
      <input type="hidden" name="redirectTo" value={here} />
      <button type="submit" className="btn btn-secondary btn-fav" aria-pressed={current} aria-label={t(current ? 'portal.favourite.removeLabel' : 'portal.favourite.addLabel', { title })}>
        {current ? '★' : '☆'} {t(current ? 'portal.favourite.remove' : 'portal.favourite.add')}
      </button>
    </fetcher.Form>
  )
}
