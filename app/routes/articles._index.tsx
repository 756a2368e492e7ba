import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useLocation } from '@remix-run/react'
import { Pagination } from '~/components/achievement-bits'
import { PageHeader } from '~/components/layout'
import portalStyles from '~/styles/portal.css?url'
import { getPrincipal } from '~/utils/auth.server'
import { formatDate, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { articleList } from '../../server/portal/articles'
import { CHANNELS } from '../../server/portal/schemas'

// /articles — 通知公告 / 政策文件 / 新闻动态, a tab per channel, paged. Public
// (cached for anonymous visitors); city officers and platform admins also see
// drafts and withdrawn articles with ?all=1 and the button to write one.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: portalStyles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'article.list.pageTitle')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const c = url.searchParams.get('channel')
  const channel = CHANNELS.find((x) => x === c)
  const page = Math.min(10_000, Math.max(1, Math.trunc(Number(url.searchParams.get('page'))) || 1))
  const viewer = await getPrincipal(request, context)
  return { channel: channel ?? null, ...(await articleList(context.services.db, viewer, { channel, page, all: url.searchParams.get('all') === '1' })) }
}

export default function Articles() {
  const t = useT()
  const locale = useLocale()
  const d = useLoaderData<typeof loader>()
  const { search } = useLocation()
  const tab = (c: string | null) => {
    const q = new URLSearchParams()
    if (c) q.set('channel', c)
    if (d.all) q.set('all', '1')
    const s = q.toString()
    return s ? `/articles?${s}` : '/articles'
  }
  return (
    <div className="container">
      <PageHeader title={t('article.list.pageTitle')} lead={t('article.list.lead')}>
        {d.canEdit ? (
          <>
            <Link className="btn btn-secondary" to={d.all ? (d.channel ? `/articles?channel=${d.channel}` : '/articles') : `${tab(d.channel)}${d.channel ? '&' : '?'}all=1`}>
              {d.all ? t('article.list.public') : t('article.list.manage')}
            </Link>
            <Link className="btn btn-primary" to="/articles/new">
              {t('article.list.new')}
            </Link>
          </>
        ) : null}
      </PageHeader>
      <nav aria-label={t('article.list.tabs')}>
        <ul className="article-tabs">
          {[null, ...CHANNELS].map((c) => (
            <li key={c ?? 'all'}>
              <Link to={tab(c)} aria-current={d.channel === c ? 'page' : undefined}>
                {c ? t(`article.channel.${c}`) : t('article.channel.all')}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {d.rows.length === 0 ? (
        <p className="card muted">{t('article.list.empty')}</p>
      ) : (
        <div className="portal-panel">
          <ul className="portal-list portal-articles">
            {d.rows.map((a) => (
              <li key={a.id}>
                <span className="portal-list-title">
                  <span className="badge badge-role">{t(`article.channel.${a.channel}`)}</span>{' '}
                  <Link to={`/articles/${a.id}`}>{a.title}</Link>{' '}
                  {a.status !== 'published' ? <span className="badge badge-pending">{t(`article.status.${a.status}`)}</span> : null}
                </span>
                {a.source ? <span className="muted small">{a.source}</span> : null}
                <time className="portal-date">{formatDate(locale, a.published_at ?? a.updated_at)}</time>
              </li>
            ))}
          </ul>
        </div>
      )}
      <Pagination page={d.page} pages={d.pages} search={search} label={t('article.list.pages')} />
    </div>
  )
}
