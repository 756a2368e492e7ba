import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormErrors, Notice, SelectField, TextField } from '~/components/forms'
import { CatalogDownloads } from '~/components/catalog-bits'
import { PageHeader } from '~/components/layout'
import type { MessageKey } from '../../server/i18n/catalog'
import { CatalogSchema, shanghaiToday } from '../../server/listings/catalogs/schemas'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { formatDate, formatDateTime, translateError, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { catalogDesk, publishableOrgs, publishCatalog } from '../../server/listings/catalogs/service'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'catalogs.manageTitle')

async function publisher(request: Request, context: LoaderFunctionArgs['context']) {
  const principal = await requireUser(request, context)
  const orgs = publishableOrgs(principal)
  if (!orgs.length) throw new Response('Forbidden', { status: 403 })
  return { principal, orgs }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { principal, orgs } = await publisher(request, context)
  const url = new URL(request.url)
  const org = orgs.find((o) => o.id === url.searchParams.get('org')) ?? orgs[0]!
  const desk = await catalogDesk(context.services.db, principal, org.id)
  const today = shanghaiToday()
  return { orgs, org, ...desk, today, published: url.searchParams.get('published') }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { principal } = await publisher(request, context)
  const submission = parseWithZod(await request.formData(), { schema: CatalogSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const r = await attempt(submission, () => publishCatalog(context.services.db, principal, submission.value, requestMeta(context)))
  if (!r.ok) return r.response
  return redirect(`/catalogs/manage?org=${submission.value.orgId}&published=${r.value.id}`)
}

export default function ManageCatalogs() {
  const t = useT()
  const locale = useLocale()
  const { orgs, org, live, editions, today, published } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'
  const [form, fields] = useForm({
    id: `catalog-${org.id}`,
    lastResult: actionData?.result,
    constraint: getZodConstraint(CatalogSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CatalogSchema }),
    defaultValue: { orgId: org.id, title: t('catalogs.defaultTitle', { org: org.name, year: today.slice(0, 4) }), editionDate: today },
  })
  const fieldErrorCount = Object.values(form.allErrors).filter((e) => e.length).length
  const justPublished = published ? editions.find((e) => e.id === published) : undefined
  const dateProps = getInputProps(fields.editionDate, { type: 'date', ariaAttributes: false })
  const PREVIEW = 8
  return (
    <div className="container">
      <PageHeader title={t('catalogs.manageTitle')} lead={t('catalogs.manageLead')}>
        <Link to="/catalogs" className="btn btn-secondary">
          {t('catalogs.viewPublic')}
        </Link>
      </PageHeader>

      {justPublished ? (
        <Notice kind="success">
          <p>
            {t('catalogs.publishedNotice', { title: justPublished.title, count: justPublished.item_count })}{' '}
            <Link to={`/catalogs/${justPublished.id}`}>{t('catalogs.openEdition')}</Link>
          </p>
        </Notice>
      ) : null}

      {orgs.length > 1 ? (
        <Form method="get" className="filters" aria-label={t('catalogs.chooseOrg')}>
          <div className="field">
            <label htmlFor="manage-org">{t('catalogs.chooseOrg')}</label>
            <select id="manage-org" name="org" defaultValue={org.id}>
              {orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn btn-secondary">
            {t('catalogs.switchOrg')}
          </button>
        </Form>
      ) : null}

      <div className="catalog-manage">
        <section className="card" aria-labelledby="publish-heading">
          <h2 id="publish-heading">{t('catalogs.publishHeading', { org: org.name })}</h2>
          {live.length === 0 ? (
            <Notice kind="warning">
              <p>{t('catalogs.noLive')}</p>
            </Notice>
          ) : (
            <p className="catalog-live-count">{t('catalogs.liveCount', { count: live.length })}</p>
          )}
          <Form method="post" className="form" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} fieldErrorCount={actionData ? fieldErrorCount : 0} />
            {orgs.length > 1 ? (
              <SelectField meta={fields.orgId} label={t('catalogs.field.org')} options={orgs.map((o) => ({ value: o.id, label: o.name }))} required />
            ) : (
              <input type="hidden" name={fields.orgId.name} value={org.id} />
            )}
            <TextField meta={fields.title} label={t('catalogs.field.title')} hint={t('catalogs.field.titleHint')} required />
            <div className="field" data-invalid={fields.editionDate.errors?.length ? '' : undefined}>
              <label htmlFor={fields.editionDate.id}>
                {t('catalogs.field.editionDate')}
                <span className="req" aria-hidden="true">
                  {' '}
                  *
                </span>
              </label>
              <input
                {...dateProps}
                key={dateProps.key}
                aria-invalid={fields.editionDate.errors?.length ? true : undefined}
                aria-describedby={[`${fields.editionDate.id}-hint`, fields.editionDate.errors?.length ? fields.editionDate.errorId : null].filter(Boolean).join(' ')}
                aria-required
              />
              <p id={`${fields.editionDate.id}-hint`} className="hint">
                {t('catalogs.field.editionDateHint')}
              </p>
              {fields.editionDate.errors?.length ? (
                <ul id={fields.editionDate.errorId} className="field-errors" role="alert">
                  {fields.editionDate.errors.map((e) => (
                    <li key={e}>{translateError(locale, e)}</li>
                  ))}
                </ul>
              ) : null}
            </div>
            {live.length ? (
              <details className="catalog-preview">
                <summary>{t('catalogs.previewSummary', { count: live.length })}</summary>
                <ol>
                  {live.slice(0, PREVIEW).map((a) => (
                    <li key={a.id}>
                      <Link to={`/achievements/${a.id}`}>{a.title}</Link>
                      <span className="muted">
                        {' '}
                        · {locale === 'en' ? a.sectorNameEn : a.sectorNameZh} · {t(`trl.${a.trl}` as MessageKey).split(' · ')[0]}
                      </span>
                    </li>
                  ))}
                </ol>
                {live.length > PREVIEW ? <p className="muted">{t('catalogs.previewMore', { count: live.length - PREVIEW })}</p> : null}
              </details>
            ) : null}
            <p className="muted small">{t('catalogs.snapshotHint')}</p>
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" disabled={busy || live.length === 0}>
                {busy ? t('catalogs.publishing') : t('catalogs.publish')}
              </button>
            </div>
          </Form>
        </section>

        <section className="card" aria-labelledby="editions-heading">
          <h2 id="editions-heading">{t('catalogs.pastEditions')}</h2>
          {editions.length === 0 ? (
            <p className="muted">{t('catalogs.noEditions')}</p>
          ) : (
            <ul className="catalog-editions">
              {editions.map((e) => (
                <li key={e.id}>
                  <div>
                    <Link to={`/catalogs/${e.id}`} className="catalog-editions-title">
                      {e.title}
                    </Link>
                    <p className="muted small">
                      {t('catalogs.editionLine', {
                        date: formatDate(locale, `${e.edition_date}T12:00:00+08:00`),
                        count: e.item_count,
                        at: formatDateTime(locale, e.created_at),
                      })}
                    </p>
                  </div>
                  <CatalogDownloads id={e.id} title={e.title} compact />
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  )
}
