import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { InvoiceStatusBadge } from '~/components/invoice-bits'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/invoices.css?url'
import { requireUser } from '~/utils/auth.server'
import { formatDate, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '../../server/i18n/catalog'
import { ALL_SERIES } from '../../server/invoices/config'
import { yuan } from '../../server/invoices/format'
import { listFilterOf } from '../../server/invoices/form'
import { invoiceList } from '../../server/invoices/invoices'

// /invoices — 发票与收据: platform admins see every document (drafts too) with
// filters by status, series and year and the totals of what is listed; the
// members of a buyer organisation see their organisations' issued documents.
// The Excel export takes the same filters.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'invoice.list.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const filter = listFilterOf(new URL(request.url).searchParams)
  const { rows, totals } = await invoiceList(context.services.db, principal, filter)
  return {
    filter,
    admin: principal.isPlatformAdmin,
    totals,
    rows: rows.map((r) => ({
      id: r.id,
      number: r.number,
      kind: r.kind,
      status: r.status,
      buyer: r.buyer_name,
      issuedAt: r.issued_at,
      totalFen: r.total_fen,
      paidFen: r.paid_fen,
    })),
  }
}

const STATUSES = ['draft', 'issued', 'paid', 'void'] as const

export default function InvoiceList() {
  const t = useT()
  const locale = useLocale()
  const { filter, admin, totals, rows } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const thisYear = new Date().getFullYear()
  const years = Array.from({ length: 6 }, (_, i) => thisYear - i)
  return (
    <div className="container">
      <PageHeader title={t('invoice.list.title')} lead={t('invoice.list.lead')}>
        {admin ? (
          <Link to="/invoices/new" className="btn btn-primary">
            {t('invoice.list.new')}
          </Link>
        ) : null}
        <a href={`/invoices.xlsx?${params.toString()}`} className="btn btn-secondary">
          {t('invoice.list.export')}
        </a>
      </PageHeader>
      <Form method="get" className="card invoice-filter" aria-label={t('invoice.list.filter')}>
        <div className="field">
          <label htmlFor="f-status">{t('invoice.field.status')}</label>
          <select id="f-status" name="status" defaultValue={filter.status ?? ''}>
            <option value="">{t('invoice.list.all')}</option>
            {STATUSES.filter((s) => admin || s !== 'draft').map((s) => (
              <option key={s} value={s}>
                {t(`invoice.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-series">{t('invoice.field.series')}</label>
          <select id="f-series" name="series" defaultValue={filter.series ?? ''}>
            <option value="">{t('invoice.list.all')}</option>
            {ALL_SERIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-year">{t('invoice.field.year')}</label>
          <select id="f-year" name="year" defaultValue={filter.year ?? ''}>
            <option value="">{t('invoice.list.all')}</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-secondary">
          {t('invoice.list.apply')}
        </button>
      </Form>
      <p className="muted" role="status">
        {t('invoice.list.totals', { count: totals.count, total: yuan(totals.totalFen), paid: yuan(totals.paidFen) })}
      </p>
      {rows.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('invoice.field.number')}</th>
                <th scope="col">{t('invoice.field.kind')}</th>
                <th scope="col">{t('invoice.field.buyer')}</th>
                <th scope="col">{t('invoice.field.issuedAt')}</th>
                <th scope="col">{t('invoice.field.total')}</th>
                <th scope="col">{t('invoice.field.paid')}</th>
                <th scope="col">{t('invoice.field.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/invoices/${r.id}`}>{r.number ?? t('invoice.detail.draftNumber')}</Link>
                  </td>
                  <td>{t(`invoice.kind.${r.kind}` as MessageKey)}</td>
                  <td>{r.buyer}</td>
                  <td>{r.issuedAt ? formatDate(locale, r.issuedAt) : '—'}</td>
                  <td>{yuan(r.totalFen)}</td>
                  <td>{r.kind === 'credit_note' ? '—' : yuan(r.paidFen)}</td>
                  <td>
                    <InvoiceStatusBadge status={r.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="card empty-state">
          <p>{t('invoice.list.empty')}</p>
        </div>
      )}
    </div>
  )
}
