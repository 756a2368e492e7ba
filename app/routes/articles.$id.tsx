import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { fileSize } from '~/components/engagement-bits'
import { Notice } from '~/components/forms'
import portalStyles from '~/styles/portal.css?url'
import { getPrincipal } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { formatDate, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { articlePage } from '../../server/portal/articles'

// /articles/:id — one notice, policy document or news item with its
// attachments. Public when published; a draft or withdrawn one is its editors'
// (city officers, platform admins) and 404 for everyone else. The text is
// rendered as paragraphs of plain text: no HTML from the body ever reaches the page.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: portalStyles }]
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'article.list.pageTitle', undefined, data?.article.title)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await getPrincipal(request, context)
  return orErrorPage(() => articlePage(context.services.db, viewer, params.id ?? ''))
}

export default function ArticlePage() {
  const t = useT()
  const locale = useLocale()
  const { article: a, files, canEdit } = useLoaderData<typeof loader>()
  const paragraphs = a.body.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)
  return (
    <div className="container">
      <p className="portal-actions">
        <Link to={`/articles?channel=${a.channel}`}>‹ {t(`article.channel.${a.channel}`)}</Link>
        {canEdit ? (
          <Link className="btn btn-secondary" to={`/articles/${a.id}/edit`}>
            {t('article.action.edit')}
          </Link>
        ) : null}
      </p>
      <article className="card article-body">
        {a.status === 'draft' ? <Notice kind="warning">{t('article.detail.draftNote')}</Notice> : null}
        {a.status === 'withdrawn' ? <Notice kind="warning">{t('article.detail.withdrawnNote', { reason: a.withdrawn_reason ?? '' })}</Notice> : null}
        <h1>{a.title}</h1>
        <p className="article-meta">
          {a.source ? <span>{t('article.detail.source', { source: a.source })}</span> : null}
          {a.published_at ? <span>{t('article.detail.publishedAt', { date: formatDate(locale, a.published_at) })}</span> : null}
          <span className="badge badge-role">{t(`article.channel.${a.channel}`)}</span>
        </p>
        <div className="article-text">
          {paragraphs.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </div>
        {files.length ? (
          <section className="article-files" aria-labelledby="files-h">
            <h2 id="files-h">{t('article.detail.files')}</h2>
            <ul>
              {files.map((f) => (
                <li key={f.id}>
                  <a href={`/articles/${a.id}/files/${f.id}`} download={f.filename}>
                    {f.filename}
                  </a>{' '}
                  <span className="muted small">{fileSize(f.size_bytes)}</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </article>
    </div>
  )
}
