import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useState, type ReactNode } from 'react'
import portalStyles from '~/styles/portal.css?url'
import { getLocale } from '~/utils/locale.server'
import { formatDate, useLocale, useT, type T } from '~/utils/i18n'
import { translate, type MessageKey } from '../../server/i18n/catalog'
import { formatFen } from '../../server/platform/money'
import { portalHome } from '../../server/portal/home'

// / — the city's technology-market portal: banner with search, live figures,
// service entries, tabbed achievement lists beside notices and policies, entry
// by industry, upcoming events, news and 成交公示. Cached for anonymous
// visitors (ADR 020): the loader only reads (server/portal/home.ts).

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: portalStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const locale = data?.locale ?? 'zh-CN'
  return [
    { title: `${translate(locale, 'app.name')} · ${translate(locale, 'app.tagline')}` },
    { name: 'description', content: translate(locale, 'portal.home.bannerLead') },
    { property: 'og:title', content: translate(locale, 'app.name') },
    { property: 'og:description', content: translate(locale, 'portal.home.bannerLead') },
  ]
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  return { locale: await getLocale(request, context), ...(await portalHome(context.services.db)) }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>

const SERVICES: { to: string; label: MessageKey; mark: string }[] = [
  { to: '/achievements/new', label: 'portal.service.publishAchievement', mark: '成' },
  { to: '/needs/new', label: 'portal.service.publishNeed', mark: '需' },
  { to: '/notices', label: 'portal.service.notices', mark: '挂' },
  { to: '/catalogs', label: 'portal.service.catalogs', mark: '录' },
  { to: '/registrations', label: 'portal.service.registration', mark: '登' },
  { to: '/subsidies', label: 'portal.service.subsidy', mark: '补' },
]

export default function Home() {
  const d = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const industryName = (i: { name_zh: string; name_en: string }) => (locale === 'en' ? i.name_en : i.name_zh)
  return (
    <div className="portal">
      <section className="portal-banner">
        <div className="container">
          <p className="portal-kicker">{t('portal.home.bannerKicker')}</p>
          <h1>{t('portal.home.bannerTitle')}</h1>
          <p className="lead">{t('portal.home.bannerLead')}</p>
          <Form method="get" action="/search" className="portal-search" role="search">
            <label htmlFor="portal-q" className="visually-hidden">
              {t('portal.home.searchLabel')}
            </label>
            <input id="portal-q" name="q" type="search" maxLength={100} placeholder={t('portal.home.searchPlaceholder')} />
            <button type="submit" className="btn btn-primary">
              {t('portal.home.searchButton')}
            </button>
          </Form>
          <p className="portal-hot">
            <span>{t('portal.home.hot')}</span>
            {d.industries.slice(0, 6).map((i) => (
              <Link key={i.code} to={`/achievements?industry=${i.code}`}>
                {industryName(i)}
              </Link>
            ))}
          </p>
        </div>
      </section>

      <div className="container">
        <section className="portal-figures" aria-label={t('portal.home.figures')}>
          <Link to="/achievements" className="portal-figure">
            <strong>{d.figures.achievements}</strong>
            <span>{t('portal.fig.achievements')}</span>
          </Link>
          <Link to="/needs" className="portal-figure">
            <strong>{d.figures.needs}</strong>
            <span>{t('portal.fig.needs')}</span>
          </Link>
          <Link to="/results" className="portal-figure">
            <strong>{formatFen(d.figures.registeredFen, locale)}</strong>
            <span>
              {t('portal.fig.registered', { year: d.figures.year })} · {t('portal.fig.registeredCount', { n: d.figures.registeredCount })}
            </span>
          </Link>
          <div className="portal-figure">
            <strong>
              {d.figures.projects}
              <small> / {d.figures.target}</small>
            </strong>
            <span>{t('portal.fig.projects')}</span>
            <meter min={0} max={d.figures.target} value={Math.min(d.figures.projects, d.figures.target)} aria-label={t('portal.fig.projects')} />
            <span className="portal-figure-note">{t('portal.fig.projectsOf', { target: d.figures.target, from: d.figures.periodFrom, to: d.figures.periodTo })}</span>
          </div>
        </section>

        <nav className="portal-services" aria-label={t('portal.home.services')}>
          {SERVICES.map((s) => (
            <Link key={s.to} to={s.to}>
              <span aria-hidden="true">{locale === 'en' ? t(s.label).slice(0, 1) : s.mark}</span>
              {t(s.label)}
            </Link>
          ))}
        </nav>

        <div className="portal-two">
          <Tabs
            id="listings"
            label={t('portal.home.tablist')}
            tabs={[
              { key: 'latest', title: t('portal.home.latest'), more: '/achievements', body: <AchievementList rows={d.latest} t={t} /> },
              { key: 'viewed', title: t('portal.home.mostViewed'), more: '/achievements', body: <AchievementList rows={d.viewed} t={t} views /> },
              { key: 'needs', title: t('portal.home.openNeeds'), more: '/needs', body: <NeedList rows={d.needs} t={t} /> },
            ]}
          />
          <Tabs
            id="info"
            label={t('portal.home.infoTabs')}
            tabs={(['notice', 'policy'] as const).map((c) => ({
              key: c,
              title: t(`article.channel.${c}`),
              more: `/articles?channel=${c}`,
              body: <ArticleList rows={d.articles[c]} t={t} />,
            }))}
          />
        </div>

        <section className="portal-section" aria-labelledby="ind-h">
          <SectionHead id="ind-h" title={t('portal.home.industries')} more="/achievements" />
          <ul className="portal-industries">
            {d.industries.map((i) => (
              <li key={i.code}>
                <Link to={`/achievements?industry=${i.code}`}>
                  <strong>{industryName(i)}</strong>
                  <span>{t('portal.home.industryCount', { n: i.count })}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>

        <section className="portal-section" aria-labelledby="ev-h">
          <h2 id="ev-h" className="portal-h2">
            {t('portal.home.events')}
          </h2>
          <div className="portal-events">
            <EventColumn title={t('portal.home.roadshows')} more="/roadshows" t={t}>
              {d.roadshows.map((r) => (
                <li key={r.id}>
                  <Link to={`/roadshows/${r.id}`}>{r.title}</Link>
                  <span className="muted small">
                    {r.status === 'live' ? <span className="badge badge-live">{t('portal.home.live')}</span> : formatDate(locale, r.starts_at)} · {r.org_name}
                  </span>
                </li>
              ))}
            </EventColumn>
            <EventColumn title={t('portal.home.auctions')} more="/auctions" t={t}>
              {d.auctions.map((a) => (
                <li key={a.id}>
                  <Link to={`/auctions/${a.id}`}>{a.title}</Link>
                  <span className="muted small">
                    {formatDate(locale, a.starts_at)} · {t('portal.home.startPrice', { price: formatFen(Number(a.start_price_fen), locale) })}
                  </span>
                </li>
              ))}
            </EventColumn>
            <EventColumn title={t('portal.home.trainings')} more="/trainings" t={t}>
              {d.trainings.map((e) => (
                <li key={e.id}>
                  <Link to={`/trainings/${e.id}`}>{e.title}</Link>
                  <span className="muted small">
                    {formatDate(locale, e.starts_at)}
                    {e.venue ? ` · ${e.venue}` : ''}
                  </span>
                </li>
              ))}
            </EventColumn>
          </div>
        </section>

        <div className="portal-two portal-two-even">
          <section className="portal-panel" aria-labelledby="news-h">
            <SectionHead id="news-h" title={t('portal.home.newsTitle')} more="/articles?channel=news" />
            <ArticleList rows={d.articles.news} t={t} />
          </section>
          <section className="portal-panel" aria-labelledby="res-h">
            <SectionHead id="res-h" title={t('portal.home.results')} more="/results" />
            {d.results.length === 0 ? (
              <p className="muted">{t('portal.home.empty')}</p>
            ) : (
              <ul className="portal-list">
                {d.results.map((r) => (
                  <li key={r.id}>
                    <span className="portal-list-title">{r.title}</span>
                    <span className="muted small">
                      {r.sellers} → {r.buyers} · {formatFen(Number(r.contract_amount_fen), locale)}
                    </span>
                    {r.registered_at ? <time className="portal-date">{formatDate(locale, r.registered_at)}</time> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>
    </div>
  )
}

function SectionHead({ id, title, more }: { id: string; title: string; more: string }) {
  const t = useT()
  return (
    <div className="portal-head">
      <h2 id={id}>{title}</h2>
      <Link to={more} aria-label={t('portal.home.moreOf', { what: title })}>
        {t('portal.home.more')} ›
      </Link>
    </div>
  )
}

/** Tabs as the WAI-ARIA pattern: arrow keys move between tabs; every panel is rendered (the first shown without script). */
function Tabs({ id, label, tabs }: { id: string; label: string; tabs: { key: string; title: string; more: string; body: ReactNode }[] }) {
  const [active, setActive] = useState(0)
  const t = useT()
  const current = tabs[active] ?? tabs[0]!
  const move = (i: number) => {
    const n = (i + tabs.length) % tabs.length
    setActive(n)
    document.getElementById(`${id}-tab-${n}`)?.focus()
  }
  return (
    <section className="portal-panel portal-tabs">
      <div className="portal-head">
        <div role="tablist" aria-label={label}>
          {tabs.map((tab, i) => (
            <button
              key={tab.key}
              id={`${id}-tab-${i}`}
              type="button"
              role="tab"
              aria-selected={i === active}
              aria-controls={`${id}-panel-${i}`}
              tabIndex={i === active ? 0 : -1}
              onClick={() => setActive(i)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowRight') move(i + 1)
                else if (e.key === 'ArrowLeft') move(i - 1)
              }}
            >
              {tab.title}
            </button>
          ))}
        </div>
        <Link to={current.more} aria-label={t('portal.home.moreOf', { what: current.title })}>
          {t('portal.home.more')} ›
        </Link>
      </div>
      {tabs.map((tab, i) => (
        <div key={tab.key} id={`${id}-panel-${i}`} role="tabpanel" aria-labelledby={`${id}-tab-${i}`} hidden={i !== active}>
          {tab.body}
        </div>
      ))}
    </section>
  )
}

function AchievementList({ rows, t, views }: { rows: Data['latest'] | Data['viewed']; t: T; views?: boolean }) {
  const locale = useLocale()
  if (rows.length === 0) return <p className="muted">{t('portal.home.empty')}</p>
  return (
    <ul className="portal-list">
      {rows.map((a) => (
        <li key={a.id}>
          <Link to={`/achievements/${a.id}`} className="portal-list-title">
            {a.title}
          </Link>
          <span className="muted small">{a.org_name}</span>
          <span className="portal-date">{views && 'views' in a ? t('portal.home.views', { n: Number(a.views) }) : a.published_at ? formatDate(locale, a.published_at) : ''}</span>
        </li>
      ))}
    </ul>
  )
}

function NeedList({ rows, t }: { rows: Data['needs']; t: T }) {
  const locale = useLocale()
  if (rows.length === 0) return <p className="muted">{t('portal.home.empty')}</p>
  return (
    <ul className="portal-list">
      {rows.map((n) => (
        <li key={n.id}>
          <Link to={`/needs/${n.id}`} className="portal-list-title">
            {n.title}
          </Link>
          <span className="muted small">
            {n.org_name} ·{' '}
            {n.budget_kind === 'negotiable' || n.budget_max_fen == null
              ? t('portal.home.budget', { budget: t('portal.home.negotiable') })
              : t('portal.home.budget', { budget: formatFen(Number(n.budget_max_fen), locale) })}
          </span>
          <span className="portal-date">{n.deadline ? t('portal.home.deadline', { date: formatDate(locale, n.deadline) }) : ''}</span>
        </li>
      ))}
    </ul>
  )
}

function ArticleList({ rows, t }: { rows: Data['articles']['notice']; t: T }) {
  const locale = useLocale()
  if (rows.length === 0) return <p className="muted">{t('portal.home.empty')}</p>
  return (
    <ul className="portal-list portal-articles">
      {rows.map((a) => (
        <li key={a.id}>
          <Link to={`/articles/${a.id}`} className="portal-list-title">
            {a.title}
          </Link>
          {a.published_at ? <time className="portal-date">{formatDate(locale, a.published_at)}</time> : null}
        </li>
      ))}
    </ul>
  )
}

function EventColumn({ title, more, t, children }: { title: string; more: string; t: T; children: ReactNode[] }) {
  return (
    <div className="portal-panel">
      <div className="portal-head">
        <h3>{title}</h3>
        <Link to={more} aria-label={t('portal.home.moreOf', { what: title })}>
          {t('portal.home.more')} ›
        </Link>
      </div>
      {children.length === 0 ? <p className="muted">{t('portal.home.empty')}</p> : <ul className="portal-list">{children}</ul>}
    </div>
  )
}
