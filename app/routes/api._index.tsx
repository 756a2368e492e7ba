import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Notice } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import type { MessageKey } from '../../server/i18n/catalog'
import { MAX_PAGE_SIZE } from '../../server/listings/api-schemas'
import { getPrincipal, sessionCookie } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { getLocale } from '~/utils/locale.server'
import { pageTitle } from '~/utils/meta'
import { apiReference, type EndpointView } from '~/utils/openapi.server'
import { can } from '../../server/identity/permissions'

// /api — the API reference for people, rendered from the same OpenAPI
// document /api/openapi.json serves, in the visitor's language.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'api.docs.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [locale, principal] = await Promise.all([getLocale(request, context), getPrincipal(request, context)])
  const reference = apiReference(locale, context.origin, sessionCookie(context.services.config).name)
  // Organisations whose tokens this visitor manages: a shortcut to their token pages.
  const tokenOrgs = (principal?.memberships ?? [])
    .filter((m) => can(principal, { action: 'apitoken:manage', orgId: m.orgId }))
    .map((m) => ({ id: m.orgId, name: m.orgName }))
  return { ...reference, tokenOrgs }
}

const BASICS: [MessageKey, MessageKey][] = [
  ['api.docs.auth', 'api.docs.authText'],
  ['api.docs.errors', 'api.docs.errorsText'],
  ['api.docs.paging', 'api.docs.pagingText'],
  ['api.docs.language', 'api.docs.languageText'],
  ['api.docs.money', 'api.docs.moneyText'],
]

export default function ApiReference() {
  const t = useT()
  const { tags, endpoints, tokenOrgs } = useLoaderData<typeof loader>()
  return (
    <div className="container">
      <PageHeader title={t('api.docs.title')} lead={t('api.docs.lead')}>
        <a href="/api/openapi.json" className="btn btn-secondary" download="techmarket-openapi.json">
          {t('api.docs.openapi')}
        </a>
      </PageHeader>
      {tokenOrgs.length ? (
        <Notice kind="info">
          <ul className="api-token-links">
            {tokenOrgs.map((o) => (
              <li key={o.id}>
                <Link to={`/orgs/${o.id}/tokens`}>{t('api.docs.manageTokens', { org: o.name })}</Link>
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}

      <div className="api-layout">
        <nav className="api-toc card" aria-labelledby="toc-h">
          <h2 id="toc-h">{t('api.docs.contents')}</h2>
          <ul>
            <li>
              <a href="#basics">{t('api.docs.basics')}</a>
            </li>
            {tags.map((tag) => (
              <li key={tag.name}>
                <a href={`#tag-${tag.name}`}>{tag.description}</a>
                <ul>
                  {endpoints
                    .filter((e) => e.tag === tag.name)
                    .map((e) => (
                      <li key={e.id}>
                        <a href={`#${e.id}`}>{e.summary}</a>
                      </li>
                    ))}
                </ul>
              </li>
            ))}
          </ul>
        </nav>

        <div className="api-content">
          <section id="basics" className="card" aria-labelledby="basics-h">
            <h2 id="basics-h">{t('api.docs.basics')}</h2>
            <dl className="api-basics">
              {BASICS.map(([term, text]) => (
                <div key={term}>
                  <dt>{t(term)}</dt>
                  <dd>{t(text, { max: MAX_PAGE_SIZE })}</dd>
                </div>
              ))}
            </dl>
          </section>

          {tags.map((tag) => (
            <section key={tag.name} id={`tag-${tag.name}`} className="api-tag" aria-labelledby={`tag-${tag.name}-h`}>
              <h2 id={`tag-${tag.name}-h`}>{tag.description}</h2>
              {endpoints
                .filter((e) => e.tag === tag.name)
                .map((e) => (
                  <Endpoint key={e.id} e={e} />
                ))}
            </section>
          ))}
        </div>
      </div>
    </div>
  )
}

function Endpoint({ e }: { e: EndpointView }) {
  const t = useT()
  return (
    <article id={e.id} className="card api-endpoint" aria-labelledby={`${e.id}-h`}>
      <h3 id={`${e.id}-h`} className="api-endpoint-title">
        <span className={`api-method api-method-${e.method}`}>{e.method.toUpperCase()}</span>
        <code>{e.path}</code>
      </h3>
      <p className="api-endpoint-summary">
        <strong>{e.summary}</strong>
        <span className={`badge ${e.auth ? 'badge-pending' : 'badge-verified'}`}>{e.auth ? t('api.docs.authRequired') : t('api.docs.public')}</span>
      </p>
      <p>{e.description}</p>

      {e.params.length ? (
        <>
          <h4>{t('api.docs.parameters')}</h4>
          <div className="table-wrap">
            <table className="api-fields">
              <thead>
                <tr>
                  <th scope="col">{t('api.docs.col.name')}</th>
                  <th scope="col">{t('api.docs.col.in')}</th>
                  <th scope="col">{t('api.docs.col.type')}</th>
                  <th scope="col">{t('api.docs.col.required')}</th>
                  <th scope="col">{t('api.docs.col.description')}</th>
                </tr>
              </thead>
              <tbody>
                {e.params.map((p) => (
                  <tr key={`${p.in}-${p.name}`}>
                    <td>
                      <code>{p.name}</code>
                    </td>
                    <td data-label={t('api.docs.col.in')}>{p.in === 'path' ? t('api.docs.in.path') : t('api.docs.in.query')}</td>
                    <td data-label={t('api.docs.col.type')}>
                      <code className="api-type">{p.type}</code>
                    </td>
                    <td data-label={t('api.docs.col.required')}>{p.required ? t('api.docs.yes') : t('api.docs.no')}</td>
                    <td>{p.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      {e.body.length ? (
        <>
          <h4>{t('api.docs.body')}</h4>
          <div className="table-wrap">
            <table className="api-fields">
              <thead>
                <tr>
                  <th scope="col">{t('api.docs.col.name')}</th>
                  <th scope="col">{t('api.docs.col.type')}</th>
                  <th scope="col">{t('api.docs.col.required')}</th>
                  <th scope="col">{t('api.docs.col.description')}</th>
                </tr>
              </thead>
              <tbody>
                {e.body.map((f) => (
                  <tr key={f.name}>
                    <td>
                      <code>{f.name}</code>
                    </td>
                    <td data-label={t('api.docs.col.type')}>
                      <code className="api-type">{f.type}</code>
                    </td>
                    <td data-label={t('api.docs.col.required')}>{f.required ? t('api.docs.yes') : t('api.docs.no')}</td>
                    <td>{f.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      <h4>{t('api.docs.responses')}</h4>
      <ul className="api-responses">
        {e.responses.map((r) => (
          <li key={r.status}>
            <span className={`api-status api-status-${r.status.slice(0, 1)}xx`}>{r.status}</span> {r.description}
          </li>
        ))}
      </ul>

      <h4>{t('api.docs.example')}</h4>
      <pre className="api-code" tabIndex={0} aria-label={`${t('api.docs.example')}: ${e.summary}`}>
        <code>{e.curl}</code>
      </pre>
    </article>
  )
}
