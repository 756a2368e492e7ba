import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from '@remix-run/react'
import { Pagination, StatusBadge } from '~/components/achievement-bits'
import { FieldErrors, Notice } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { requestMeta, requirePermission } from '~/utils/auth.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { isUuid } from '../../db/repos/ids'
import { DomainError } from '../../server/platform/errors'
import { moderate, moderationList } from '../../server/listings/moderation'
import { MODERATION_STATUSES, ModerationActionSchema } from '../../server/listings/moderation-schemas'
import { DOMAIN_ERROR_STATUS } from '~/utils/forms.server'
import { readKeywords } from '~/components/list-controls'

// 成果与需求管理: every achievement and need across organisations for the
// platform admin, filtered by a GET form (the URL carries the state), with a
// take-down / restore form (reason required) on each row.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'modlist.title')

const KINDS = ['achievement', 'need'] as const

function readFilters(url: URL) {
  const p = url.searchParams
  const kind = KINDS.find((k) => k === p.get('kind'))
  const status = MODERATION_STATUSES.find((s) => s === p.get('status'))
  const org = p.get('org') ?? ''
  const page = Number(p.get('page'))
  return {
    kind,
    status,
    orgId: isUuid(org) ? org : undefined,
    q: readKeywords(url),
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, context, { action: 'listing:takedown' })
  const filters = readFilters(new URL(request.url))
  const list = await moderationList(context.services.db, principal, filters)
  return { filters, ...list }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requirePermission(request, context, { action: 'listing:takedown' })
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: ModerationActionSchema })
  const target = String(formData.get('id') ?? '')
  if (submission.status !== 'success') return data({ id: target, errors: submission.reply().error ?? {} }, { status: 400 })
  try {
    await moderate(context.services.db, principal, submission.value, context.services.config.LISTING_TTL_MONTHS, requestMeta(context))
  } catch (err) {
    if (!(err instanceof DomainError)) throw err
    const status = DOMAIN_ERROR_STATUS[err.kind]
    return data({ id: target, errors: { '': [err.messageKey] } as Record<string, string[] | null> }, { status })
  }
  // Back to the same filtered list, saying what was done.
  const back = new URL(request.url)
  back.searchParams.set('done', submission.value.intent)
  back.searchParams.set('item', `${submission.value.kind}:${submission.value.id}`)
  return redirect(`${back.pathname}${back.search}`)
}

export default function AdminListings() {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const [params] = useSearchParams()
  const { filters, items, total, page, pages, orgs } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const filtered = !!(filters.kind || filters.status || filters.orgId || filters.q)
  const done = params.get('done')
  const doneItem = items.find((i) => `${i.kind}:${i.id}` === params.get('item'))
  return (
    <div className="container">
      <PageHeader title={t('modlist.title')} lead={t('modlist.lead')} />
      {doneItem && (done === 'takedown' || done === 'restore') ? <Notice kind="success">{t(`modlist.done.${done}`, { title: doneItem.title })}</Notice> : null}

      <Form method="get" className="filters card filters-card" aria-label={t('modlist.filters')}>
        <div className="field field-keyword">
          <label htmlFor="m-q">{t('modlist.q')}</label>
          <input id="m-q" name="q" type="search" defaultValue={filters.q ?? ''} placeholder={t('modlist.qPlaceholder')} maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="m-kind">{t('modlist.kind')}</label>
          <select id="m-kind" name="kind" defaultValue={filters.kind ?? ''}>
            <option value="">{t('modlist.allKinds')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`modlist.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="m-status">{t('modlist.status')}</label>
          <select id="m-status" name="status" defaultValue={filters.status ?? ''}>
            <option value="">{t('modlist.allStatuses')}</option>
            {MODERATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`listing.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="m-org">{t('modlist.org')}</label>
          <select id="m-org" name="org" defaultValue={filters.orgId ?? ''}>
            <option value="">{t('modlist.allOrgs')}</option>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-buttons">
          <button type="submit" className="btn btn-primary">
            {t('modlist.apply')}
          </button>
          {filtered ? (
            <Link to="/admin/listings" className="btn btn-ghost">
              {t('modlist.clear')}
            </Link>
          ) : null}
        </div>
      </Form>

      <p className="result-count" role="status">
        {t('modlist.count', { total })}
      </p>

      {items.length === 0 ? (
        <p className="card muted">{t('modlist.empty')}</p>
      ) : (
        <ul className="modlist">
          {items.map((i) => {
            const path = `/${i.kind === 'achievement' ? 'achievements' : 'needs'}/${i.id}`
            const intent = i.status === 'published' ? 'takedown' : i.status === 'taken_down' ? 'restore' : null
            const errors = reply && reply.id === i.id ? Object.values(reply.errors).flat().filter((e): e is string => !!e) : []
            const fieldId = `reason-${i.id}`
            return (
              <li key={`${i.kind}:${i.id}`} className="card modlist-item">
                <div>
                  <p className="modlist-meta">
                    {t(`modlist.kind.${i.kind}`)} · <Link to={`/o/${i.org_id}`}>{i.org_name}</Link>
                  </p>
                  <h2>
                    <Link to={path}>{i.title}</Link>
                  </h2>
                  <p className="modlist-meta">
                    <StatusBadge listing={i} /> {t('modlist.updatedAt', { date: formatDateTime(locale, i.updated_at) })}
                  </p>
                  {i.status_reason ? <p className="modlist-meta">{t('modlist.statusReason', { reason: i.status_reason })}</p> : null}
                </div>
                {intent ? (
                  <Form method="post" action={`/admin/listings${location.search}`} aria-label={`${t(`modlist.${intent}`)}：${i.title}`}>
                    <input type="hidden" name="kind" value={i.kind} />
                    <input type="hidden" name="id" value={i.id} />
                    <input type="hidden" name="intent" value={intent} />
                    <label htmlFor={fieldId}>{t('modlist.reason')}</label>
                    <textarea
                      id={fieldId}
                      name="reason"
                      rows={2}
                      required
                      minLength={5}
                      maxLength={1000}
                      aria-describedby={`${fieldId}-hint${errors.length ? ` ${fieldId}-error` : ''}`}
                      aria-invalid={errors.length ? true : undefined}
                    />
                    <p className="hint" id={`${fieldId}-hint`}>
                      {t('modlist.reasonHint')}
                    </p>
                    <FieldErrors id={`${fieldId}-error`} errors={errors} />
                    <div>
                      <button type="submit" className={`btn ${intent === 'takedown' ? 'btn-danger' : 'btn-primary'}`}>
                        {t(`modlist.${intent}`)}
                      </button>
                    </div>
                  </Form>
                ) : null}
              </li>
            )
          })}
        </ul>
      )}
      <Pagination page={page} pages={pages} search={location.search} label={t('modlist.pagination')} />
    </div>
  )
}
