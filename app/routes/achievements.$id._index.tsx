import type { ActionFunctionArgs, LoaderFunctionArgs, MetaDescriptor, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { ModeTags, Price, StatusBadge, displayStatus } from '~/components/achievement-bits'
import { Notice } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { Recommendations } from '~/components/recommendations'
import { WorkflowActions, type TransitionReply } from '~/components/workflow-actions'
import { isLocale, isMessageKey, translate, type MessageKey } from '../../server/i18n/catalog'
import { getPrincipal, invariantResponse } from '~/utils/auth.server'
import { formatDate, formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { transitionAction } from '~/utils/workflow.server'
import { achievementForViewer } from '../../server/listings/achievements'
import { recommendationsForPage } from '../../server/engagement/matching/board'
import { noticeOfAchievement } from '../../server/notices/notices'
import { FavouriteButton, ViewCount } from '~/components/portal-bits'
import { favouriteOf, listingViews, similarTo } from '../../server/portal/engagement'
import portalStyles from '~/styles/portal.css?url'

export const links = () => [{ rel: 'stylesheet', href: portalStyles }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await getPrincipal(request, context)
  const page = await achievementForViewer(context.services.db, principal, params.id ?? '')
  invariantResponse(page)
  const recommendations = await recommendationsForPage(context.services.db, context.services.search, principal, 'achievement', page.achievement)
  const notice = await noticeOfAchievement(context.services.db, principal, page.achievement)
  // Portal additions (read only: this page is cached for anonymous visitors; the view beacon counts).
  const [views, similar, favourite] = await Promise.all([
    listingViews(context.services.db, 'achievement', page.achievement.id),
    page.live ? similarTo(context.services.db, page.achievement.id) : Promise.resolve([]),
    favouriteOf(context.services.db, principal, 'achievement', page.achievement.id),
  ])
  return { ...page, recommendations, notice, views, similar, favourite, signedIn: !!principal, url: `${context.origin}/achievements/${page.achievement.id}` }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return transitionAction(request, context, 'achievement', params.id ?? '')
}

/** A plain-text excerpt for meta description and sharing cards. */
function excerpt(s: string, max = 140) {
  const flat = s.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (!data) return pageTitle(matches, 'errors.status.404')
  const root = matches.find((m) => m?.id === 'root')?.data as { locale?: string } | undefined
  const locale = isLocale(root?.locale) ? root.locale : 'zh-CN'
  const a = data.achievement
  const description = excerpt(a.summary)
  const tags: MetaDescriptor[] = [
    ...pageTitle(matches, 'ach.pageTitle', undefined, a.title),
    { name: 'description', content: description },
    { property: 'og:title', content: a.title },
    { property: 'og:description', content: description },
    { property: 'og:type', content: 'article' },
    { property: 'og:url', content: data.url },
    { property: 'og:site_name', content: translate(locale, 'app.name') },
    { property: 'og:locale', content: locale === 'en' ? 'en_US' : 'zh_CN' },
    { tagName: 'link', rel: 'canonical', href: data.url },
  ]
  // Only live listings belong in search engines; drafts, expired and taken-down pages do not.
  if (!data.live) tags.push({ name: 'robots', content: 'noindex' })
  return tags
}

const DONE = ['created', 'saved', 'submit', 'approve', 'return', 'reconfirm', 'takedown', 'withdraw', 'restore', 'resubmitted'] as const

export default function AchievementPage() {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const { achievement: a, live, insider, timeline, can, signedIn, recommendations, notice, views, similar, favourite } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>() as TransitionReply | undefined
  const done = DONE.find((d) => d === new URLSearchParams(location.search).get('done'))
  const status = displayStatus(a)
  const industry = (locale === 'en' ? a.industry_name_en : a.industry_name_zh) ?? t('draft.notYet')
  const here = location.pathname
  // Detail requests exist only for listings that have been public.
  const ownerLinks = insider && can.decide && !!a.published_at

  return (
    <div className="container achievement-page">
      <nav className="breadcrumbs" aria-label={t('ach.breadcrumbs')}>
        <Link to="/achievements">{t('nav.achievements')}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{excerptTitle(a.title)}</span>
      </nav>
      <PageHeader title={a.title} lead={`${a.org_name} · ${industry}`}>
        {/* The workflow status (已发布, 待审核 …) is the owner's business; everyone may see that a listing expired. */}
        {insider || status === 'expired' ? <StatusBadge listing={a} /> : null}
      </PageHeader>
      <div className="portal-listing-bar">
        {live && !insider ? (
          <Link
            to={signedIn ? `/achievements/${a.id}/interest` : `/login?redirectTo=${encodeURIComponent(`/achievements/${a.id}/interest`)}`}
            className="btn btn-primary"
            title={t('portal.consultHint')}
            data-testid="consult"
          >
            {t('portal.consult')}
          </Link>
        ) : null}
        {live ? <FavouriteButton kind="achievement" id={a.id} title={a.title} on={favourite} signedIn={signedIn} here={here} /> : null}
        <ViewCount kind="achievement" id={a.id} initial={views} live={live} />
      </div>

      {done ? <Notice kind="success">{t(`ach.done.${done}` as MessageKey)}</Notice> : null}
      {status === 'expired' ? (
        <Notice kind="warning">
          {t('ach.expiredNotice', { date: formatDate(locale, a.expires_at!) })}
          {can.reconfirm ? ` ${t('ach.expiredOwnerHint')}` : ''}
        </Notice>
      ) : null}
      {insider && a.status === 'returned' && a.status_reason ? <Notice kind="warning">{t('ach.returnedBecause', { reason: a.status_reason })}</Notice> : null}
      {insider && a.status === 'taken_down' && a.status_reason ? <Notice kind="error">{t('ach.takenDownBecause', { reason: a.status_reason })}</Notice> : null}
      {insider && a.status === 'draft' ? <Notice kind="info">{t('ach.draftNotice')}</Notice> : null}
      {insider && a.status === 'submitted' ? <Notice kind="info">{t('ach.submittedNotice')}</Notice> : null}
      {insider && a.status === 'withdrawn' ? <Notice kind="info">{t('ach.withdrawnNotice')}</Notice> : null}

      <div className="detail-layout">
        <div className="detail-main">
          <section className="card" aria-labelledby="summary-h">
            <h2 id="summary-h">{t('ach.summary')}</h2>
            <p className="prose">{a.summary}</p>
            {a.keywords.length ? (
              <ul className="tag-list keywords" aria-label={t('ach.keywords')}>
                {a.keywords.map((k) => (
                  <li key={k} className="tag tag-soft">
                    #{k}
                  </li>
                ))}
              </ul>
            ) : null}
          </section>

          <section className="card benefit-card" aria-labelledby="benefit-h">
            <h2 id="benefit-h">{t('ach.benefit')}</h2>
            <p className="prose">{a.benefit}</p>
          </section>

          <section className="card" aria-labelledby="ip-h">
            <h2 id="ip-h">{t('ach.ipRights')}</h2>
            {a.ipRights.length === 0 ? (
              <p className="muted">{t('ach.noIpRights')}</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('ach.form.ipKind')}</th>
                      <th scope="col">{t('ach.form.ipNumber')}</th>
                      <th scope="col">{t('ach.form.ipStatus')}</th>
                      <th scope="col">{t('ach.form.ipTerritory')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.ipRights.map((r) => (
                      <tr key={`${r.kind}-${r.number}`}>
                        <td>{t(`ip.${r.kind}` as MessageKey)}</td>
                        <td className="mono">{r.number}</td>
                        <td>{t(`ipStatus.${r.status}` as MessageKey)}</td>
                        <td>{r.territory}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section className="card" aria-labelledby="people-h">
            <h2 id="people-h">{t('ach.contributors')}</h2>
            <ul className="shares">
              {a.contributors.map((c, i) => {
                const pct = c.share_ppm / 10_000
                return (
                  <li key={`${c.name}-${i}`}>
                    <div className="share-head">
                      <span>
                        <strong>{c.name}</strong> <span className="muted">· {t(`ach.contributor.${c.kind}` as MessageKey)}</span>
                      </span>
                      <span className="share-pct">{`${pct}%`}</span>
                    </div>
                    {/* An SVG bar: its width is an attribute, which the CSP allows (inline styles it does not). */}
                    <svg className="share-bar" aria-hidden="true" viewBox="0 0 100 6" preserveAspectRatio="none">
                      <rect className="share-bg" width="100" height="6" />
                      <rect className="share-fill" width={pct} height="6" />
                    </svg>
                  </li>
                )
              })}
            </ul>
          </section>

          {recommendations ? <Recommendations kind="need" data={recommendations} /> : null}

          {similar.length ? (
            <section className="card portal-similar" aria-labelledby="similar-h">
              <h2 id="similar-h">{t('portal.similar.title')}</h2>
              <ul>
                {similar.map((s) => (
                  <li key={s.id}>
                    <Link to={`/achievements/${s.id}`}>
                      <strong>{s.title}</strong>
                      <span className="muted small"> · {s.org_name}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          {insider ? (
            <section className="card" aria-labelledby="timeline-h">
              <h2 id="timeline-h">{t('ach.timeline')}</h2>
              <p className="muted small">{t('ach.timelineHint')}</p>
              {timeline.length === 0 ? <p className="muted">{t('ach.timelineEmpty')}</p> : null}
              <ol className="timeline">
                {timeline.map((e) => {
                  const key = `ach.event.${e.action.replace(/^achievement\./, '')}`
                  const details = (e.details ?? {}) as { reason?: string }
                  return (
                    <li key={e.id}>
                      <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(locale, e.at)}</time>
                      <span className="timeline-what">
                        {isMessageKey(key) ? t(key) : e.action}
                        {e.actor_name ? <span className="muted"> · {e.actor_name}</span> : null}
                      </span>
                      {details.reason ? <span className="timeline-reason">{t('ach.reason', { reason: details.reason })}</span> : null}
                    </li>
                  )
                })}
              </ol>
            </section>
          ) : null}
        </div>

        <aside className="detail-side">
          <section className="card" aria-labelledby="facts-h">
            <h2 id="facts-h" className="visually-hidden">
              {t('ach.facts')}
            </h2>
            <p className="price-big">
              <span className="muted">{t('ach.price')}</span>
              <strong>
                <Price listing={a} />
              </strong>
            </p>
            <dl className="facts facts-stacked">
              <dt>{t('ach.org')}</dt>
              <dd>
                <Link to={`/o/${a.org_id}`}>{a.org_name}</Link>
              </dd>
              <dt>{t('ach.industry')}</dt>
              <dd>{industry}</dd>
              <dt>{t('ach.trl')}</dt>
              <dd>
                {a.trl === null ? (
                  t('draft.notYet')
                ) : (
                  <>
                    <span className="trl-meter" aria-hidden="true">
                      {Array.from({ length: 9 }, (_, i) => (
                        <span key={i} className={i < a.trl! ? 'on' : ''} />
                      ))}
                    </span>
                    {t(`trl.${a.trl}` as MessageKey)}
                  </>
                )}
              </dd>
              <dt>{t('ach.modes')}</dt>
              <dd>
                <ModeTags modes={a.transaction_modes} />
              </dd>
              {a.published_at ? (
                <>
                  <dt>{t('ach.publishedAt')}</dt>
                  <dd>{formatDate(locale, a.published_at)}</dd>
                </>
              ) : null}
              {a.status === 'published' && a.expires_at ? (
                <>
                  <dt>{status === 'expired' ? t('ach.expiredAt') : t('ach.validUntil')}</dt>
                  <dd>{formatDate(locale, a.expires_at)}</dd>
                </>
              ) : null}
              {insider ? (
                <>
                  <dt>{t('ach.createdBy')}</dt>
                  <dd>{a.created_by_name}</dd>
                </>
              ) : null}
            </dl>
          </section>

          {can.requestDetails || can.registerInterest ? (
            <section className="card cta-card" aria-labelledby="cta-h">
              <h2 id="cta-h">{t('ach.ctaTitle')}</h2>
              <p className="muted small">{t('ach.ctaLead')}</p>
              <div className="stack">
                {can.registerInterest ? (
                  <Link to={`/achievements/${a.id}/interest`} className="btn btn-primary">
                    {t('ach.registerInterest')}
                  </Link>
                ) : null}
                {can.requestDetails && a.hasDetails ? (
                  <Link to={`/achievements/${a.id}/details`} className="btn btn-secondary">
                    {t('ach.requestDetails')}
                  </Link>
                ) : null}
              </div>
            </section>
          ) : !signedIn && live ? (
            <section className="card cta-card" aria-labelledby="cta-h">
              <h2 id="cta-h">{t('ach.ctaTitle')}</h2>
              <p className="muted small">{t('ach.ctaAnonymous')}</p>
              <Link to={`/login?redirectTo=${encodeURIComponent(here)}`} className="btn btn-primary">
                {t('ach.ctaLogin')}
              </Link>
            </section>
          ) : null}

          {notice.openNoticeId || (notice.mayOpen && live) ? (
            <section className="card" aria-labelledby="notice-h">
              <h2 id="notice-h">{t(notice.openNoticeId ? 'notice.ach.inNotice' : 'notice.ach.open')}</h2>
              <Link to={notice.openNoticeId ? `/notices/${notice.openNoticeId}` : `/achievements/${a.id}/notice`} className="btn btn-secondary">
                {t(notice.openNoticeId ? 'notice.ach.view' : 'notice.ach.start')}
              </Link>
              {notice.openNoticeId ? null : (
                <Link to={`/auctions/new?achievement=${a.id}`} className="btn btn-secondary" data-testid="apply-auction">
                  {t('auction.ach.apply')}
                </Link>
              )}
            </section>
          ) : null}

          {can.edit || can.workflow || ownerLinks ? (
            <section className="card" aria-labelledby="manage-h">
              <h2 id="manage-h">{t('ach.manage')}</h2>
              {can.edit || ownerLinks ? (
                <div className="stack">
                  {can.edit ? (
                    <Link to={`/achievements/${a.id}/edit`} className="btn btn-secondary">
                      {t('ach.edit')}
                    </Link>
                  ) : null}
                  {ownerLinks ? (
                    <Link to={`/achievements/${a.id}/access`} className="btn btn-secondary">
                      {t('ach.accessLog')}
                    </Link>
                  ) : null}
                </div>
              ) : null}
              <WorkflowActions can={can} reply={reply} />
            </section>
          ) : null}
        </aside>
      </div>
    </div>
  )
}

function excerptTitle(title: string) {
  return title.length > 24 ? `${title.slice(0, 23)}…` : title
}
