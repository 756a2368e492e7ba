import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/layout'
import type { MessageKey } from '../../server/i18n/catalog'
import { requireUser } from '~/utils/auth.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { workspaceFor } from '../../server/identity/workspace'
import { todoFor } from '../../server/notifications/todo'
import { unreadNotifications } from '../../server/notifications/centre'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'workspace.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const db = context.services.db
  const [w, todo, unread] = await Promise.all([workspaceFor(db, principal), todoFor(db, principal), unreadNotifications(db, principal)])
  return { ...w, todo: todo.total, unread }
}

export default function Workspace() {
  const t = useT()
  const locale = useLocale()
  const w = useLoaderData<typeof loader>()
  return (
    <div className="container">
      <PageHeader title={t('workspace.greeting', { name: w.name })}>
        <Link className="btn btn-secondary" to="/profile">
          {t('nav.profile')}
        </Link>
      </PageHeader>
      <section aria-labelledby="roles-h" className="card">
        <h2 id="roles-h">{t('workspace.roles')}</h2>
        <ul className="roles" data-testid="roles">
          {w.roles.length ? (
            w.roles.map((r) => (
              <li key={r} className="badge badge-role">
                {t(`role.${r}`)}
              </li>
            ))
          ) : (
            <li className="badge">{t('role.none')}</li>
          )}
        </ul>
        {w.scope ? (
          <p>{t('workspace.scope', { scope: w.scope === 'all' ? t('workspace.scopeAll') : w.scope.map((d) => (locale === 'en' ? d.nameEn : d.nameZh)).join('、') })}</p>
        ) : null}
        {w.memberships.length === 0 ? (
          <p className="muted">{t('workspace.noOrg')}</p>
        ) : null}
        {w.memberships
          .filter((m) => m.orgStatus !== 'verified')
          .map((m) => (
            <p key={m.orgId} className={`alert alert-${m.orgStatus === 'pending' ? 'warning' : 'error'}`}>
              {m.orgStatus === 'pending'
                ? t('workspace.pendingOrg', { org: m.orgName })
                : t('workspace.rejectedOrg', { org: m.orgName, reason: m.rejectionReason ?? '' })}
            </p>
          ))}
      </section>
      <section className="section" aria-label={t('workspace.title')}>
        <div className="grid grid-3">
          <Link to="/todo" className="tile" data-testid="todo-tile">
            <h3>{t('workspace.card.todo')}</h3>
            <p>{t('workspace.card.todoText', { n: w.todo })}</p>
          </Link>
          <Link to="/notifications" className="tile">
            <h3>{t('workspace.card.notifications')}</h3>
            <p>{t('workspace.card.notificationsText', { n: w.unread })}</p>
          </Link>
          {w.cards.map((c) =>
            c.to ? (
              <Link key={c.key} to={c.to} className="tile">
                <h3>{t(c.title as MessageKey)}</h3>
                <p>{t(c.text as MessageKey, c.params)}</p>
              </Link>
            ) : (
              <div key={c.key} className="tile" aria-disabled="true">
                <span className="badge">{t('workspace.soon')}</span>
                <h3>{t(c.title as MessageKey)}</h3>
                <p>{t(c.text as MessageKey, c.params)}</p>
              </div>
            ),
          )}
        </div>
      </section>
    </div>
  )
}
