import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { displayStatus } from '~/components/achievement-bits'
import { PageHeader } from '~/components/layout'
import portalStyles from '~/styles/portal.css?url'
import { requireUser } from '~/utils/auth.server'
import { formatDate, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { myFavourites } from '../../server/portal/engagement'

// /my/favourites — the achievements and needs the signed-in user starred.
// Private: only its owner ever reads it (never cached, never shared).

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: portalStyles }]
export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, 'portal.fav.pageTitle'), { name: 'robots', content: 'noindex' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const p = await requireUser(request, context)
  return myFavourites(context.services.db, p)
}

type Row = Awaited<ReturnType<typeof loader>>['achievements'][number]

export default function MyFavourites() {
  const t = useT()
  const d = useLoaderData<typeof loader>()
  return (
    <div className="container">
      <PageHeader title={t('portal.fav.pageTitle')} lead={t('portal.fav.lead')} />
      <div className="portal-two portal-two-even">
        <FavList title={t('portal.fav.achievements')} kind="achievement" rows={d.achievements} id="fa-h" />
        <FavList title={t('portal.fav.needs')} kind="need" rows={d.needs} id="fn-h" />
      </div>
    </div>
  )
}

function FavList({ title, kind, rows, id }: { title: string; kind: 'achievement' | 'need'; rows: Row[]; id: string }) {
  const t = useT()
  const locale = useLocale()
  return (
    <section className="portal-panel" aria-labelledby={id}>
      <div className="portal-head">
        <h2 id={id}>{title}</h2>
      </div>
      {rows.length === 0 ? (
        <p className="muted">{t('portal.fav.empty')}</p>
      ) : (
        <ul className="portal-list">
          {rows.map((r) => {
            const live = r.status === 'published' && displayStatus(r) !== 'expired'
            return (
              <li key={r.id}>
                <span className="portal-list-title">
                  {live ? <Link to={`/${kind === 'achievement' ? 'achievements' : 'needs'}/${r.id}`}>{r.title}</Link> : r.title}{' '}
                  {live ? null : <span className="badge">{t('portal.fav.unavailable')}</span>}
                </span>
                <span className="muted small">
                  {r.org_name} · {formatDate(locale, r.created_at)}
                </span>
                <Form method="post" action="/favourites" className="inline-form portal-date">
                  <input type="hidden" name="kind" value={kind} />
                  <input type="hidden" name="id" value={r.id} />
                  <input type="hidden" name="on" value="0" />
                  <input type="hidden" name="redirectTo" value="/my/favourites" />
                  <button type="submit" className="btn btn-ghost" aria-label={`${t('portal.fav.remove')} ${r.title}`}>
                    {t('portal.fav.remove')}
                  </button>
                </Form>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
