import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { Notice } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { CreditBadge, LevelBadge, useIndustryName } from '~/components/trainings/directory-bits'
import { hoursOf, KindBadge } from '~/components/trainings/training-bits'
import styles from '~/styles/trainings.css?url'
import { getPrincipal, invariantResponse } from '~/utils/auth.server'
import { formatDate, translateError, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { directoryOptions, managerEntry } from '../../server/directory/directory'

// /managers/:userId — a technology manager's directory entry, public: level,
// fields, agency, deals brokered, credit level, training hours and the events
// behind them, and the contact button (POST /managers/:userId/contact).

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'directory.managers.pageTitle', undefined, data?.manager.name)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const db = context.services.db
  const manager = await managerEntry(db, params.userId ?? '')
  invariantResponse(manager)
  const viewer = await getPrincipal(request, context)
  const { divisions, industries } = await directoryOptions(db)
  return { manager, divisions, industries, signedIn: !!viewer, self: viewer?.userId === manager.userId }
}

export default function ManagerEntryPage() {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const { manager: m, divisions, industries, signedIn, self } = useLoaderData<typeof loader>()
  const industryName = useIndustryName(industries)
  const error = new URLSearchParams(location.search).get('error')
  const division = divisions.find((x) => x.code === m.divisionCode)
  return (
    <div className="container medium">
      <nav className="breadcrumbs" aria-label={t('ach.breadcrumbs')}>
        <Link to="/managers">{t('directory.managers.pageTitle')}</Link>
      </nav>
      <PageHeader title={m.name}>
        <LevelBadge level={m.level} />
      </PageHeader>
      {error && /^directory\.contact\.errors\.\w+$/.test(error) ? <Notice kind="error">{translateError(locale, error)}</Notice> : null}
      <div className="training-layout">
        <section className="card directory-card" aria-labelledby="mg-facts-h">
          <h2 id="mg-facts-h">{t('directory.agency')}</h2>
          <p>
            <Link to={`/o/${m.agencyId}`}>{m.agencyName}</Link>
            {division ? <span className="muted"> · {locale === 'en' ? division.nameEn : division.nameZh}</span> : null}
          </p>
          <dl className="facts">
            <dt>{t('directory.manager.certificate')}</dt>
            <dd className="mono">{m.certificateNo}</dd>
            {m.since ? (
              <>
                <dt>{t('directory.manager.since')}</dt>
                <dd>{formatDate(locale, m.since)}</dd>
              </>
            ) : null}
            <dt>{t('directory.manager.fields')}</dt>
            <dd>
              {m.fields.length ? (
                <ul className="chips">
                  {m.fields.map((f) => (
                    <li key={f} className="badge">
                      {industryName(f)}
                    </li>
                  ))}
                </ul>
              ) : (
                t('directory.manager.noFields')
              )}
            </dd>
            <dt>{t('directory.deals')}</dt>
            <dd data-testid="manager-deals">{t('directory.dealsCount', { n: m.deals })}</dd>
            <dt>{t('directory.credit')}</dt>
            <dd>
              <CreditBadge level={m.credit} />
            </dd>
            <dt>{t('directory.manager.agencyCredit')}</dt>
            <dd>
              <CreditBadge level={m.agencyCredit} />
            </dd>
            <dt>{t('directory.hours')}</dt>
            <dd data-testid="manager-hours">{t('training.hours', { h: hoursOf(m.trainingMinutes) })}</dd>
          </dl>
        </section>
        <aside className="card">
          {self ? null : signedIn ? (
            <Form method="post" action={`/managers/${m.userId}/contact`}>
              <button type="submit" className="btn btn-primary">
                {t('directory.contact.button')}
              </button>
              <p className="hint">{t('directory.contact.hint')}</p>
            </Form>
          ) : (
            <Link to={`/login?redirectTo=${encodeURIComponent(`/managers/${m.userId}`)}`} className="btn btn-primary">
              {t('directory.contact.signIn')}
            </Link>
          )}
        </aside>
      </div>
      <section className="card training-section" aria-labelledby="mg-tr-h">
        <h2 id="mg-tr-h">{t('directory.manager.trainings')}</h2>
        {m.trainings.length === 0 ? (
          <p className="muted">{t('directory.manager.noTrainings')}</p>
        ) : (
          <ul>
            {m.trainings.map((e) => (
              <li key={e.id}>
                <Link to={`/trainings/${e.id}`}>{e.title}</Link> <KindBadge kind={e.kind} />{' '}
                <span className="muted small">
                  {formatDate(locale, e.starts_at)} · {t('training.hours', { h: hoursOf(e.credit_minutes) })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
