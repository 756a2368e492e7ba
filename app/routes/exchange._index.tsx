import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/exchange.css?url'
import { requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '../../server/i18n/catalog'
import { FORMATS } from '../../server/exchange/datasets'
import { exchangeDesk } from '../../server/exchange/desk'

// /exchange  数据交换: officers choose a dataset, a format and filters and download it.
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'exchange.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  return orErrorPage(() => exchangeDesk(context.services.db, principal))
}

export default function Exchange() {
  const t = useT()
  const locale = useLocale()
  const d = useLoaderData<typeof loader>()
  const en = locale === 'en'
  return (
    <div className="container">
      <PageHeader title={t('exchange.title')} lead={t(d.countyOnly ? 'exchange.leadCounty' : 'exchange.lead')}>
        {d.canImport ? (
          <Link to="/exchange/import" className="btn btn-secondary">
            {t('exchange.import.link')}
          </Link>
        ) : null}
        <a href="/api#exchange" className="btn btn-secondary">
          {t('exchange.apiLink')}
        </a>
      </PageHeader>

      <section className="card" aria-labelledby="export-heading">
        <h2 id="export-heading">{t('exchange.export.heading')}</h2>
        <Form method="post" action="/exchange/download" reloadDocument className="form exchange-form-row">
          <div className="field">
            <label htmlFor="ex-dataset">{t('exchange.export.dataset')}</label>
            <select id="ex-dataset" name="dataset" defaultValue="contracts">
              {d.datasets.map((ds) => (
                <option key={ds.key} value={ds.key}>
                  {en ? ds.en : ds.zh}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="field exchange-formats">
            <legend>{t('exchange.export.format')}</legend>
            {FORMATS.map((f, i) => (
              <label key={f} className="radio">
                <input type="radio" name="format" value={f} defaultChecked={i === 0} /> {t(`exchange.format.${f}` as MessageKey)}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="ex-year">{t('exchange.export.year')}</label>
            <select id="ex-year" name="year" defaultValue="">
              <option value="">{t('exchange.export.allYears')}</option>
              {d.years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="ex-county">{t('exchange.export.county')}</label>
            <select id="ex-county" name="county" defaultValue="">
              {d.countyOnly ? null : <option value="">{t('exchange.export.allCounties')}</option>}
              {d.divisions.map((c) => (
                <option key={c.code} value={c.code}>
                  {en ? c.name_en : c.name_zh}
                </option>
              ))}
            </select>
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              {t('exchange.export.download')}
            </button>
          </div>
        </Form>
        <p className="muted">{t('exchange.export.note')}</p>
      </section>

      <section className="card" aria-labelledby="fields-heading">
        <h2 id="fields-heading">{t('exchange.fields.heading')}</h2>
        <p>
          {t('exchange.fields.lead')}
        </p>
        {d.datasets.map((ds) => (
          <details key={ds.key} className="exchange-dataset">
            <summary>
              <strong>{en ? ds.en : ds.zh}</strong> — {en ? ds.descEn : ds.descZh}
            </summary>
            <div className="exchange-quick">
              <span>{t('exchange.fields.year', { what: en ? ds.yearEn : ds.yearZh })}</span>{' '}
              {FORMATS.map((f) => (
                <Form key={f} method="post" action="/exchange/download" reloadDocument className="inline-form">
                  <input type="hidden" name="dataset" value={ds.key} />
                  <input type="hidden" name="format" value={f} />
                  <button type="submit" className="btn btn-sm btn-secondary" aria-label={`${en ? ds.en : ds.zh} ${f.toUpperCase()}`}>
                    {f.toUpperCase()}
                  </button>
                </Form>
              ))}
            </div>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('exchange.fields.key')}</th>
                    <th scope="col">{t('exchange.fields.header')}</th>
                    <th scope="col">{t('exchange.fields.type')}</th>
                    <th scope="col">{t('exchange.fields.description')}</th>
                  </tr>
                </thead>
                <tbody>
                  {ds.columns.map((c) => (
                    <tr key={c.key}>
                      <td>
                        <code>{c.key}</code>
                      </td>
                      <td>{en ? c.en : c.zh}</td>
                      <td>{t(`exchange.type.${c.type}` as MessageKey)}</td>
                      <td>{en ? c.descEn : c.descZh}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        ))}
      </section>
    </div>
  )
}
