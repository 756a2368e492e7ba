import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { FormErrors, Notice, TextField } from '~/components/forms'
import { FilterCard, Pager, SelectFilter } from '~/components/filter-card'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/subsidies.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '../../server/i18n/catalog'
import { formatFen } from '../../server/platform/money'
import { formatPpm } from '../../server/platform/policy'
import { claimList, createBatch } from '../../server/subsidies/desk'
import { BatchSchema, ClaimFilterSchema } from '../../server/subsidies/desk-schemas'
import { SUBSIDY_KINDS } from '../../server/subsidies/policy'

// /subsidies — the subsidy desk (免申即享, ADR 036): claims computed from
// registered contracts, filtered by status, kind, county and period, with the
// total. City officers select pending claims into an approval batch; county
// officers and beneficiaries' members read. Everyone else 403.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'subsidy.list.pageTitle')

const STATUSES = ['pending', 'approved', 'paid', 'reversed', 'recovery_due', 'recovered'] as const

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const q = ClaimFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const list = await orErrorPage(() => claimList(context.services.db, principal, q))
  return { ...list, filter: q }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: BatchSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const r = await attempt(submission, () => createBatch(context.services.db, principal, submission.value, requestMeta(context)))
  return r.ok ? redirect(`/subsidies/batches/${r.value.id}?done=created`) : r.response
}

type ActionData = { result: SubmissionResult<string[]> } | undefined

export default function Subsidies() {
  const t = useT()
  const locale = useLocale()
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const [form, fields] = useForm({ id: 'batch', lastResult: actionData?.result, onValidate: ({ formData }) => parseWithZod(formData, { schema: BatchSchema }) })
  const selected = new Set([actionData?.result.initialValue?.claimIds ?? []].flat().map(String))
  const lead = d.city ? t('subsidy.list.lead') : d.county ? t('subsidy.list.leadCounty') : t('subsidy.list.leadMember')
  const divisionName = (code: string) => {
    const div = d.divisions.find((x) => x.code === code)
    return div ? (locale === 'en' ? div.name_en : div.name_zh) : code
  }
  const table = (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            {d.city ? <th scope="col">{t('subsidy.list.select')}</th> : null}
            <th scope="col">{t('subsidy.col.number')}</th>
            <th scope="col">{t('subsidy.col.beneficiary')}</th>
            <th scope="col">{t('subsidy.col.kind')}</th>
            <th scope="col">{t('subsidy.col.registration')}</th>
            <th scope="col">{t('subsidy.col.base')}</th>
            <th scope="col">{t('subsidy.col.rate')}</th>
            <th scope="col">{t('subsidy.col.amount')}</th>
            <th scope="col">{t('subsidy.col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {d.rows.map((c) => (
            <tr key={c.id} data-testid="subsidy-claim">
              {d.city ? (
                <td>
                  {c.status === 'pending' && !c.batch_id ? (
                    <input type="checkbox" name="claimIds" value={c.id} defaultChecked={selected.has(c.id)} aria-label={t('subsidy.list.selectClaim', { number: c.number })} />
                  ) : null}
                </td>
              ) : null}
              <td>
                <Link to={`/subsidies/${c.id}`} className="mono">
                  {c.number}
                </Link>
              </td>
              <td data-label={t('subsidy.col.beneficiary')}>
                {c.beneficiary_name} <span className="muted small">{divisionName(c.beneficiary_division)}</span>
              </td>
              <td data-label={t('subsidy.col.kind')}>{t(`subsidy.kind.${c.kind}` as MessageKey)}</td>
              <td data-label={t('subsidy.col.registration')} className="mono">
                {c.registration_number} <span className="muted small">{c.registered_on}</span>
              </td>
              <td data-label={t('subsidy.col.base')} className="subsidy-amount">
                {formatFen(c.base_fen, locale)}
              </td>
              <td data-label={t('subsidy.col.rate')}>{formatPpm(c.rate_ppm)}</td>
              <td data-label={t('subsidy.col.amount')} className="subsidy-amount">
                {formatFen(c.amount_fen, locale)}
                {c.capped ? ' *' : ''}
              </td>
              <td data-label={t('subsidy.col.status')}>
                <span className={`badge badge-subsidy-${c.status}`}>{t(`subsidy.status.${c.status}` as MessageKey)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
  return (
    <div className="container subsidies-page">
      <PageHeader title={t('subsidy.list.pageTitle')} lead={lead} />
      <FilterCard label={t('subsidy.list.filters')} apply={t('subsidy.list.apply')}>
        <SelectFilter
          id="f-status"
          name="status"
          label={t('subsidy.list.status')}
          any={t('subsidy.list.any')}
          value={d.filter.status}
          options={STATUSES.map((s) => ({ value: s, label: t(`subsidy.status.${s}` as MessageKey) }))}
        />
        <SelectFilter
          id="f-kind"
          name="kind"
          label={t('subsidy.list.kind')}
          any={t('subsidy.list.any')}
          value={d.filter.kind}
          options={SUBSIDY_KINDS.map((k) => ({ value: k, label: t(`subsidy.kind.${k}` as MessageKey) }))}
        />
        {d.divisions.length ? (
          <SelectFilter
            id="f-county"
            name="county"
            label={t('subsidy.list.county')}
            any={t('subsidy.list.any')}
            value={d.filter.county}
            options={d.divisions.map((x) => ({ value: x.code, label: locale === 'en' ? x.name_en : x.name_zh }))}
          />
        ) : null}
        <div className="field">
          <label htmlFor="f-from">{t('subsidy.list.from')}</label>
          <input id="f-from" type="date" name="from" defaultValue={d.filter.from ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="f-to">{t('subsidy.list.to')}</label>
          <input id="f-to" type="date" name="to" defaultValue={d.filter.to ?? ''} />
        </div>
      </FilterCard>
      <p className="subsidy-totals" data-testid="subsidy-totals">
        {t('subsidy.list.totals', { count: d.count, amount: formatFen(d.amountFen, locale) })}
      </p>
      {d.rows.length === 0 ? (
        <p className="card muted">{t('subsidy.list.empty')}</p>
      ) : d.city ? (
        <Form method="post" className="form" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="batch" />
          <FormErrors id={form.errorId} errors={form.errors} />
          {fields.claimIds.errors?.length ? <Notice kind="error">{fields.claimIds.errors.map((e) => t(e as MessageKey)).join(' ')}</Notice> : null}
          {table}
          <div className="subsidy-actions">
            <TextField meta={fields.note} label={t('subsidy.list.batchNote')} />
            <button type="submit" className="btn btn-primary">
              {t('subsidy.list.createBatch')}
            </button>
          </div>
        </Form>
      ) : (
        table
      )}
      <Pager label={t('subsidy.list.pageTitle')} page={d.page} pageSize={d.pageSize} total={d.count} prev={t('subsidy.list.prev')} next={t('subsidy.list.next')} />
      {d.city ? (
        <section className="subsidy-section" aria-labelledby="batches-h">
          <h2 id="batches-h">{t('subsidy.list.batches')}</h2>
          {d.batches.length === 0 ? (
            <p className="card muted">{t('subsidy.list.noBatches')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('subsidy.col.batch')}</th>
                    <th scope="col">{t('subsidy.col.claims')}</th>
                    <th scope="col">{t('subsidy.col.amount')}</th>
                    <th scope="col">{t('subsidy.col.status')}</th>
                    <th scope="col">{t('subsidy.col.createdAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.batches.map((b) => (
                    <tr key={b.id}>
                      <td>
                        <Link to={`/subsidies/batches/${b.id}`} className="mono">
                          {b.number}
                        </Link>
                      </td>
                      <td data-label={t('subsidy.col.claims')}>{b.claims}</td>
                      <td data-label={t('subsidy.col.amount')} className="subsidy-amount">
                        {formatFen(Number(b.amount_fen), locale)}
                      </td>
                      <td data-label={t('subsidy.col.status')}>
                        <span className={`badge badge-subsidy-${b.status === 'open' ? 'pending' : 'approved'}`}>{t(`subsidy.batchStatus.${b.status}` as MessageKey)}</span>
                      </td>
                      <td data-label={t('subsidy.col.createdAt')}>{formatDateTime(locale, b.created_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </div>
  )
}
