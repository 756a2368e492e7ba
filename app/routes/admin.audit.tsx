import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { PageHeader } from '~/components/layout'
import { requirePermission } from '~/utils/auth.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { browseAudit } from '../../server/platform/audit-log'
import { validText } from '../../server/platform/input'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'audit.title')

const dateInShanghai = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .transform((d) => new Date(`${d}T00:00:00+08:00`))
  .refine((d) => !Number.isNaN(d.getTime())) // 2026-02-30 is no date

const FilterSchema = z.object({
  action: z.string().trim().max(80).refine(...validText).optional().catch(undefined),
  entityType: z.string().trim().max(40).refine(...validText).optional().catch(undefined),
  entityId: z.string().trim().max(80).refine(...validText).optional().catch(undefined),
  actorEmail: z.string().trim().max(254).refine(...validText).optional().catch(undefined),
  from: dateInShanghai.optional().catch(undefined),
  to: dateInShanghai
    .transform((d) => new Date(d.getTime() + 86_400_000))
    .optional()
    .catch(undefined),
  beforeId: z.coerce.number().int().positive().optional().catch(undefined),
})

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, context, { action: 'audit:read' })
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ''))
  const filter = FilterSchema.parse(params)
  return browseAudit(context.services.db, principal, filter)
}

export default function AuditLog() {
  const t = useT()
  const locale = useLocale()
  const { entries, actions, nextBeforeId } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const next = new URLSearchParams(params)
  if (nextBeforeId) next.set('beforeId', String(nextBeforeId))
  return (
    <div className="container">
      <PageHeader title={t('audit.title')} lead={t('audit.lead')} />
      <Form method="get" className="filters" aria-label={t('audit.filter')}>
        <div className="field">
          <label htmlFor="f-action">{t('audit.action')}</label>
          <select id="f-action" name="action" defaultValue={params.get('action') ?? ''}>
            <option value="">{t('admin.all')}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-actor">{t('audit.actorEmail')}</label>
          <input id="f-actor" name="actorEmail" type="email" defaultValue={params.get('actorEmail') ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="f-type">{t('audit.entityType')}</label>
          <input id="f-type" name="entityType" defaultValue={params.get('entityType') ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="f-from">{t('audit.from')}</label>
          <input id="f-from" name="from" type="date" defaultValue={params.get('from') ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="f-to">{t('audit.to')}</label>
          <input id="f-to" name="to" type="date" defaultValue={params.get('to') ?? ''} />
        </div>
        <button type="submit" className="btn btn-secondary">
          {t('audit.filter')}
        </button>
      </Form>
      {entries.length === 0 ? (
        <p className="card muted">{t('audit.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.entity')}</th>
                <th scope="col">{t('audit.ip')}</th>
                <th scope="col">{t('audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(locale, e.at)}</td>
                  <td>{e.actor_email ? `${e.actor_name} <${e.actor_email}>` : t('audit.system')}</td>
                  <td className="mono">{e.action}</td>
                  <td className="mono">
                    {e.entity_type}
                    {e.entity_id ? ` ${e.entity_id.slice(0, 8)}` : ''}
                  </td>
                  <td className="mono">{e.ip ?? '—'}</td>
                  <td className="mono">{JSON.stringify(e.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBeforeId ? (
        <p>
          <Link to={`?${next}`} className="btn btn-secondary">
            {t('audit.older')}
          </Link>
        </p>
      ) : null}
    </div>
  )
}
