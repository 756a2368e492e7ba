import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/layout'
import { requireUser } from '~/utils/auth.server'
import { formatDate, useLocale, useT } from '~/utils/i18n'
import { DECLINE_REASONS } from '../../server/listings/schemas'
import { pageTitle } from '~/utils/meta'
import { feedbackFor } from '../../server/engagement/feedback'
import { cleanParam } from '../../server/platform/input'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'feedback.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const org = cleanParam(new URL(request.url).searchParams, 'org') ?? undefined
  return feedbackFor(context.services.db, principal, org)
}

/** Bar length in steps of 5% (CSS classes, as the content security policy forbids inline styles). */
function barStep(n: number, max: number) {
  if (n <= 0) return 0
  return Math.max(5, Math.round((n / max) * 20) * 5)
}

/** Which kinds of feedback the viewer's organisations can receive: enterprises about their needs and interests, institutions about their responses and achievements. */
function aboutSources(types: string[]) {
  const enterprise = types.includes('enterprise')
  const institution = types.includes('university') || types.includes('institute')
  const sources = [
    ...(enterprise ? (['need_pass', 'interest_declined'] as const) : []),
    ...(institution ? (['response_declined', 'achievement_pass'] as const) : []),
    ...(enterprise || institution ? (['match_declined'] as const) : []),
  ]
  return sources.length ? sources : (['need_pass', 'response_declined', 'achievement_pass', 'interest_declined', 'match_declined'] as const)
}

const listingHref = (kind: 'need' | 'achievement', id: string) => (kind === 'need' ? `/needs/${id}` : `/achievements/${id}`)

export default function MyFeedback() {
  const t = useT()
  const locale = useLocale()
  const f = useLoaderData<typeof loader>()
  const max = Math.max(1, ...f.byReason.map((r) => r.n))
  return (
    <div className="container">
      <PageHeader title={t('feedback.title')} lead={t('feedback.lead')} />
      {f.orgs.length > 1 ? (
        <Form method="get" className="filters" aria-label={t('feedback.orgFilter')}>
          <div className="field">
            <label htmlFor="fb-org">{t('feedback.org')}</label>
            <select id="fb-org" name="org" defaultValue={f.selectedOrgId ?? ''}>
              <option value="">{t('feedback.allOrgs')}</option>
              {f.orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn btn-secondary">
            {t('feedback.show')}
          </button>
        </Form>
      ) : null}

      {f.orgs.length === 0 ? (
        <div className="card empty-state">
          <h2>{t('feedback.noOrgs')}</h2>
          <p className="muted">{t('feedback.noOrgsHint')}</p>
          <Link to="/orgs/new" className="btn btn-primary">
            {t('nav.newOrganisation')}
          </Link>
        </div>
      ) : f.total === 0 ? (
        <div className="card empty-state">
          <h2>{t('feedback.empty')}</h2>
          <p className="muted">{t('feedback.emptyHint')}</p>
        </div>
      ) : (
        <>
          <div className="feedback-top">
            <section className="card" aria-labelledby="fb-reasons-h">
              <h2 id="fb-reasons-h">{t('feedback.byReason')}</h2>
              <p className="muted">{t('feedback.total', { count: f.total })}</p>
              <ul className="bar-chart">
                {f.byReason.map((r) => (
                  <li key={r.reason}>
                    <span className="bar-label">{t(`decline.${r.reason}`)}</span>
                    <span className="bar-track" aria-hidden="true">
                      <span className="bar-fill" data-pct={barStep(r.n, max)} />
                    </span>
                    <span className="bar-value">
                      {r.n}
                      <span className="visually-hidden"> ({Math.round((r.n / f.total) * 100)}%)</span>
                    </span>
                  </li>
                ))}
              </ul>
            </section>
            <section className="card feedback-explain" aria-labelledby="fb-about-h">
              <h2 id="fb-about-h">{t('feedback.aboutTitle')}</h2>
              <ul>
                {aboutSources(f.orgs.map((o) => o.type)).map((source) => (
                  <li key={source}>{t(`feedback.about.${source}`)}</li>
                ))}
              </ul>
            </section>
          </div>

          <section className="section-sm" aria-labelledby="fb-listings-h">
            <h2 id="fb-listings-h">{t('feedback.byListing')}</h2>
            <div className="table-wrap">
              <table className="feedback-table">
                <thead>
                  <tr>
                    <th scope="col">{t('feedback.listing')}</th>
                    <th scope="col">{t('feedback.source')}</th>
                    {DECLINE_REASONS.map((r) => (
                      <th scope="col" key={r} className="num">
                        {t(`decline.${r}`)}
                      </th>
                    ))}
                    <th scope="col" className="num">
                      {t('feedback.sum')}
                    </th>
                    <th scope="col">{t('feedback.last')}</th>
                  </tr>
                </thead>
                <tbody>
                  {f.listings.map((l) => (
                    <tr key={`${l.source}:${l.id}:${l.orgId}`}>
                      <td>
                        <Link to={listingHref(l.kind, l.id)}>{l.title}</Link>
                        <div className="muted small">
                          {t(`feedback.kind.${l.kind}`)}
                          {f.orgs.length > 1 ? ` · ${l.orgName}` : ''}
                        </div>
                      </td>
                      <td>{t(`feedback.sourceName.${l.source}`)}</td>
                      {DECLINE_REASONS.map((r) => (
                        <td key={r} className={`num${l.counts[r] ? '' : ' muted'}`}>
                          {l.counts[r]}
                        </td>
                      ))}
                      <td className="num">
                        <strong>{l.total}</strong>
                      </td>
                      <td className="nowrap">{formatDate(locale, l.lastAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section className="section-sm" aria-labelledby="fb-notes-h">
            <h2 id="fb-notes-h">{t('feedback.notes')}</h2>
            {f.notes.length ? (
              <ul className="notes">
                {f.notes.map((n, i) => (
                  <li key={i} className="card note">
                    <div className="note-head">
                      <span className="badge badge-reason">{t(`decline.${n.reason}`)}</span>
                      <Link to={listingHref(n.kind, n.listingId)}>{n.listingTitle}</Link>
                    </div>
                    <blockquote>{n.note}</blockquote>
                    <p className="muted small">
                      {t('feedback.noteBy', { org: n.counterpart, date: formatDate(locale, n.at) })} · {t(`feedback.sourceName.${n.source}`)}
                    </p>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('feedback.noNotes')}</p>
            )}
          </section>
        </>
      )}
    </div>
  )
}
