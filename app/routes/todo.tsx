import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/layout'
import { requireUser } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { TODO_KINDS, todoFor } from '../../server/notifications/todo'

// 待办 (ADR 024): what waits on the signed-in person now, oldest first, each with
// where to act and how long it has waited. Computed from the records on each visit.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'todo.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const todo = await todoFor(context.services.db, principal)
  const now = Date.now()
  return {
    counts: todo.counts,
    total: todo.total,
    // Whole days waited, worked out here so server and browser render the same text.
    items: todo.items.map((i) => ({ ...i, days: Math.max(0, Math.floor((now - i.since.getTime()) / 86_400_000)) })),
  }
}

export default function Todo() {
  const t = useT()
  const d = useLoaderData<typeof loader>()
  return (
    <div className="container todo">
      <PageHeader title={t('todo.title')} lead={t('todo.lead')} />
      {d.total === 0 ? (
        <div className="card empty-state">
          <h2>{t('todo.empty')}</h2>
          <p className="muted">{t('todo.emptyHint')}</p>
        </div>
      ) : (
        <>
          <ul className="category-chips" aria-label={t('todo.counts')} data-testid="todo-counts">
            {TODO_KINDS.filter((k) => d.counts[k] > 0).map((k) => (
              <li key={k}>
                <a href={`#todo-${k}`}>
                  {t(`todo.kind.${k}`)} · {d.counts[k]}
                </a>
              </li>
            ))}
          </ul>
          {TODO_KINDS.filter((k) => d.counts[k] > 0).map((k) => (
            <section key={k} className="card" id={`todo-${k}`} aria-labelledby={`todo-${k}-h`}>
              <h2 id={`todo-${k}-h`}>
                {t(`todo.kind.${k}`)} <span className="badge">{d.counts[k]}</span>
              </h2>
              <ul className="todo-list" data-testid={`todo-${k}`}>
                {d.items
                  .filter((i) => i.kind === k)
                  .map((i) => (
                    <li key={`${i.kind}-${i.id}`} className="todo-item">
                      <div className="notice-main">
                        <Link to={i.link}>{i.title}</Link>
                        {i.detail ? <p className="notice-meta">{i.detail}</p> : null}
                      </div>
                      <span className="todo-age">{i.days === 0 ? t('todo.waitingToday') : t('todo.waitingDays', { n: i.days })}</span>
                    </li>
                  ))}
              </ul>
            </section>
          ))}
        </>
      )}
    </div>
  )
}
