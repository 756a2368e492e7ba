import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { Notice } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { isCategory } from '../../server/notifications/categories'
import { markAllRead, markOneRead, notificationsPage, openNotification } from '../../server/notifications/centre'
import { cleanParam } from '../../server/platform/input'
import type { NotificationCategory } from '../../db/schema'

// 通知中心 (ADR 024): the signed-in user's own notifications, newest first;
// all or unread, by category, 20 a page. Opening one follows its link and
// marks it read; one or all can be marked read without leaving.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'notify.title')

function filterOf(params: URLSearchParams) {
  const category = cleanParam(params, 'category')
  const page = Number(cleanParam(params, 'page') ?? '1')
  return {
    unread: cleanParam(params, 'show') === 'unread',
    category: isCategory(category) ? category : null,
    page: Number.isSafeInteger(page) && page > 0 ? page : 1,
  }
}

function href(f: { unread: boolean; category: NotificationCategory | null; page?: number }) {
  const q = new URLSearchParams()
  if (f.unread) q.set('show', 'unread')
  if (f.category) q.set('category', f.category)
  if (f.page && f.page > 1) q.set('page', String(f.page))
  const s = q.toString()
  return s ? `/notifications?${s}` : '/notifications'
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const f = filterOf(new URL(request.url).searchParams)
  const page = await notificationsPage(context.services.db, principal, f)
  return { ...page, unreadOnly: f.unread, category: f.category }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const form = await request.formData()
  const intent = String(form.get('intent') ?? '')
  const db = context.services.db
  // Back to the list as it was filtered (only this page's own query string is kept).
  const back = href(filterOf(new URL(request.url).searchParams))
  if (intent === 'readAll') {
    const category = String(form.get('category') ?? '')
    await markAllRead(db, principal, isCategory(category) ? category : null)
    return redirect(`${back}${back.includes('?') ? '&' : '?'}done=allRead`)
  }
  const id = Number(form.get('id'))
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response('Bad request', { status: 400 })
  if (intent === 'open') {
    const { link } = await orErrorPage(() => openNotification(db, principal, id))
    return redirect(link)
  }
  if (intent === 'read') {
    await orErrorPage(() => markOneRead(db, principal, id))
    return redirect(back)
  }
  throw new Response('Bad request', { status: 400 })
}

export default function Notifications() {
  const t = useT()
  const locale = useLocale()
  const d = useLoaderData<typeof loader>()
  const location = useLocation()
  const done = new URLSearchParams(location.search).get('done')
  const self = href({ unread: d.unreadOnly, category: d.category, page: d.page })
  // The list's own URL: the action returns to the same filter and page.
  const formAction = self
  return (
    <div className="container notifications">
      <PageHeader title={t('notify.title')} lead={t('notify.lead')}>
        <Link to="/notifications/settings" className="btn btn-secondary">
          {t('notify.settingsLink')}
        </Link>
        {d.unread > 0 ? (
          <Form method="post" action={formAction} className="inline-form">
            <input type="hidden" name="intent" value="readAll" />
            {d.category ? <input type="hidden" name="category" value={d.category} /> : null}
            <button type="submit" className="btn btn-primary">
              {d.category ? t('notify.markAllReadIn', { category: t(`notify.category.${d.category}`) }) : t('notify.markAllRead')}
            </button>
          </Form>
        ) : null}
      </PageHeader>
      {done === 'allRead' ? <Notice kind="success">{t('notify.done.allRead')}</Notice> : null}

      <nav aria-label={t('notify.filter.label')}>
        <div className="show-tabs">
          <Link to={href({ unread: false, category: d.category })} aria-current={!d.unreadOnly ? 'page' : undefined}>
            {t('notify.show.all')}
          </Link>
          <Link to={href({ unread: true, category: d.category })} aria-current={d.unreadOnly ? 'page' : undefined}>
            {t('notify.show.unread')} · {d.unread}
          </Link>
        </div>
        <ul className="category-chips" aria-label={t('notify.filter.category')}>
          <li>
            <Link to={href({ unread: d.unreadOnly, category: null })} aria-current={d.category === null ? 'page' : undefined}>
              {t('notify.category.any')}
            </Link>
          </li>
          {d.byCategory.map((c) => (
            <li key={c.category}>
              <Link to={href({ unread: d.unreadOnly, category: c.category })} aria-current={d.category === c.category ? 'page' : undefined}>
                {t(`notify.category.${c.category}`)}
                {c.unread > 0 ? ` · ${c.unread}` : ''}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {d.items.length === 0 ? (
        <div className="card empty-state">
          <h2>{d.unreadOnly ? t('notify.emptyUnread') : t('notify.empty')}</h2>
          <p className="muted">{t('notify.emptyHint')}</p>
        </div>
      ) : (
        <section className="card" aria-label={t('notify.title')}>
          <ul className="notice-list" data-testid="notifications">
            {d.items.map((n) => (
              <li key={n.id} className={`notice-item${n.read ? '' : ' unread'}`} id={`notification-${n.id}`}>
                <div className="notice-main">
                  <Form method="post" action={formAction}>
                    <input type="hidden" name="intent" value="open" />
                    <input type="hidden" name="id" value={n.id} />
                    <button type="submit" className="notice-open notice-text">
                      {t(`notifications.kinds.${n.kind}` as Parameters<typeof t>[0], n.params)}
                    </button>
                  </Form>
                  <p className="notice-meta">
                    {!n.read ? <span className="badge badge-pending">{t('notify.unread')}</span> : null}
                    <span>{t(`notify.category.${n.category}`)}</span>
                    <time dateTime={new Date(n.at).toISOString()}>{formatDateTime(locale, n.at)}</time>
                  </p>
                </div>
                {!n.read ? (
                  <div className="notice-actions">
                    <Form method="post" action={formAction}>
                      <input type="hidden" name="intent" value="read" />
                      <input type="hidden" name="id" value={n.id} />
                      <button type="submit" className="btn btn-ghost btn-sm">
                        {t('notify.markRead')}
                      </button>
                    </Form>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      )}

      {d.pages > 1 ? (
        <nav className="pager" aria-label={t('notify.pages')}>
          {d.page > 1 ? (
            <Link to={href({ unread: d.unreadOnly, category: d.category, page: d.page - 1 })} rel="prev">
              {t('notify.prev')}
            </Link>
          ) : null}
          <span>{t('notify.page', { page: d.page, pages: d.pages, total: d.total })}</span>
          {d.page < d.pages ? (
            <Link to={href({ unread: d.unreadOnly, category: d.category, page: d.page + 1 })} rel="next">
              {t('notify.next')}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  )
}
