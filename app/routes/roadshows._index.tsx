import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { IndustryGroupOptions } from '~/components/achievement-form'
import { PageHeader } from '~/components/layout'
import { audienceText, RoadshowStatusBadge, RoadshowTime, venueText } from '~/components/roadshows/roadshow-bits'
import styles from '~/styles/roadshows.css?url'
import { getPrincipal } from '~/utils/auth.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { industryOptions } from '../../server/listings/achievements'
import { cleanParam } from '../../server/platform/input'
import { roadshowList, type RoadshowCard } from '../../server/roadshows/list'

// /roadshows — 路演, public: sessions live now, upcoming and past, filtered by
// theme and industry; organisers also see their own (any state) and a link
// to schedule one.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'roadshow.list.pageTitle')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await getPrincipal(request, context)
  const url = new URL(request.url)
  // A filter with characters no text may hold (NUL, lone surrogates) filters nothing rather than reach the database.
  const theme = (cleanParam(url.searchParams, 'theme') ?? '').slice(0, 40)
  const industry = (cleanParam(url.searchParams, 'industry') ?? '').slice(0, 20)
  const db = context.services.db
  const [list, industries] = await Promise.all([roadshowList(db, principal, { theme, industry }), industryOptions(db)])
  return { list, industries, theme, industry }
}

export default function RoadshowListPage() {
  const t = useT()
  const { list, industries, theme, industry } = useLoaderData<typeof loader>()
  return (
    <div className="container roadshow-list-page">
      <PageHeader title={t('roadshow.list.pageTitle')} lead={t('roadshow.list.lead')}>
        {list.maySchedule ? (
          <Link to="/roadshows/new" className="btn btn-primary">
            {t('roadshow.list.schedule')}
          </Link>
        ) : null}
      </PageHeader>
      <Form method="get" className="filters card filters-card" aria-label={t('roadshow.list.filters')}>
        <div className="field">
          <label htmlFor="rs-theme">{t('roadshow.list.theme')}</label>
          <select id="rs-theme" name="theme" defaultValue={theme}>
            <option value="">{t('roadshow.list.allThemes')}</option>
            {list.themes.map((th) => (
              <option key={th} value={th}>
                {th}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="rs-industry">{t('roadshow.list.industry')}</label>
          <select id="rs-industry" name="industry" defaultValue={industry}>
            <option value="">{t('roadshow.list.allIndustries')}</option>
            <IndustryGroupOptions industries={industries} topLabel={(n) => t('ach.form.industryGeneral', { name: n })} />
          </select>
        </div>
        <button type="submit" className="btn btn-secondary">
          {t('roadshow.list.filter')}
        </button>
      </Form>
      {list.mine.length ? (
        <section className="roadshow-section card" aria-labelledby="rs-mine-h" data-testid="roadshows-mine">
          <h2 id="rs-mine-h">{t('roadshow.list.mine')}</h2>
          <ul className="roadshow-mine">
            {list.mine.map((m) => (
              <li key={m.id}>
                <Link to={`/roadshows/${m.id}`}>{m.title}</Link> <RoadshowStatusBadge status={m.status} />{' '}
                <span className="muted small">
                  <RoadshowTime startsAt={m.startsAt} plannedEndAt={m.plannedEndAt} />
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Section id="live" title={t('roadshow.list.live')} empty={t('roadshow.list.noLive')} cards={list.live} />
      <Section id="upcoming" title={t('roadshow.list.upcoming')} empty={t('roadshow.list.noUpcoming')} cards={list.upcoming} />
      <Section id="past" title={t('roadshow.list.past')} empty={t('roadshow.list.noPast')} cards={list.past} />
    </div>
  )
}

function Section({ id, title, empty, cards }: { id: string; title: string; empty: string; cards: RoadshowCard[] }) {
  return (
    <section className="roadshow-section" aria-labelledby={`rs-${id}-h`} data-testid={`roadshows-${id}`}>
      <h2 id={`rs-${id}-h`}>{title}</h2>
      {cards.length === 0 ? <p className="card muted">{empty}</p> : <Cards cards={cards} />}
    </section>
  )
}

function Cards({ cards }: { cards: RoadshowCard[] }) {
  const t = useT()
  const locale = useLocale()
  return (
    <ul className="roadshow-list">
      {cards.map((c) => (
        <li key={c.id} className="card roadshow-card">
          <h3>
            <Link to={`/roadshows/${c.id}`}>{c.title}</Link>
          </h3>
          <p className="muted small">
            {c.orgName} · <RoadshowStatusBadge status={c.status} />
          </p>
          <dl className="facts">
            <dt>{t('roadshow.field.time')}</dt>
            <dd>
              <RoadshowTime startsAt={c.startsAt} plannedEndAt={c.plannedEndAt} />
            </dd>
            {c.theme || c.industryName ? (
              <>
                <dt>{t('roadshow.field.theme')}</dt>
                <dd>{[c.theme, c.industryName ? (locale === 'en' ? c.industryName.en : c.industryName.zh) : ''].filter(Boolean).join(' · ')}</dd>
              </>
            ) : null}
            <dt>{t('roadshow.field.venue')}</dt>
            <dd>{venueText(t, c.venueMode, c.venueAddress)}</dd>
            <dt>{t('roadshow.field.audience')}</dt>
            <dd>{audienceText(t, c.audience)}</dd>
          </dl>
          <p className="roadshow-card-foot small muted">
            <span>{t('roadshow.list.items', { n: c.itemCount })}</span>
            <span>{t('roadshow.list.registrations', { n: c.registrations })}</span>
          </p>
        </li>
      ))}
    </ul>
  )
}
