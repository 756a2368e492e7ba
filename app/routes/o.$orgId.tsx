import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ModeTags, Price } from '~/components/achievement-bits'
import { PageHeader } from '~/components/layout'
import { NeedCard } from '~/components/need-card'
import type { MessageKey } from '../../server/i18n/catalog'
import { invariantResponse } from '~/utils/auth.server'
import { formatDate, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { excerpt, metaText, shareMeta } from '~/utils/share-meta'
import { organisationProfile } from '../../server/identity/profiles'
import { creditLevels } from '../../server/credit/levels'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (!data) return pageTitle(matches, 'orgProfile.notFound')
  const type = metaText(matches, `orgType.${data.org.type}` as MessageKey)
  return [
    ...pageTitle(matches, 'orgProfile.title', undefined, data.org.name),
    ...shareMeta(matches, {
      title: data.org.name,
      description: excerpt(data.org.description || metaText(matches, 'orgProfile.defaultDescription', { name: data.org.name, type })),
      url: data.url,
      type: 'profile',
    }),
  ]
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const profile = await organisationProfile(context.services.db, params.orgId ?? '')
  invariantResponse(profile)
  const creditLevel = (await creditLevels(context.services.db, [{ kind: 'org', id: profile.org.id }])).get(`org:${profile.org.id}`) ?? null
  return { ...profile, creditLevel, url: `${context.origin}/o/${profile.org.id}` }
}

/** Only http(s) links are shown as links; anything else stays text. */
function safeWebsite(url: string | null) {
  if (!url) return null
  try {
    const u = new URL(url)
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null
  } catch {
    return null
  }
}

export default function OrganisationProfile() {
  const t = useT()
  const locale = useLocale()
  const p = useLoaderData<typeof loader>()
  const { org } = p
  const website = safeWebsite(org.website)
  return (
    <div className="container">
      <PageHeader title={org.name} lead={org.name_en ?? undefined}>
        <span className="badge badge-verified">{t('orgProfile.verified')}</span>
        {p.creditLevel ? (
          <span className="badge badge-role" data-testid="credit-level-badge">
            {t('credit.badge.label', { level: p.creditLevel })}
          </span>
        ) : null}
      </PageHeader>
      <div className="profile-layout">
        <section className="card" aria-labelledby="about-h">
          <h2 id="about-h">{t('orgProfile.about')}</h2>
          {org.description ? <p className="prose">{org.description}</p> : <p className="muted">{t('orgProfile.noDescription')}</p>}
          <dl className="facts">
            <dt>{t('org.type')}</dt>
            <dd>{t(`orgType.${org.type}`)}</dd>
            <dt>{t('org.division')}</dt>
            <dd>{locale === 'en' ? org.division_name_en : org.division_name_zh}</dd>
            <dt>{t('org.creditCode')}</dt>
            <dd className="mono">{org.credit_code}</dd>
            {org.address ? (
              <>
                <dt>{t('org.address')}</dt>
                <dd>{org.address}</dd>
              </>
            ) : null}
            {org.website ? (
              <>
                <dt>{t('org.website')}</dt>
                <dd>
                  {website ? (
                    <a href={website} rel="noopener noreferrer nofollow" target="_blank">
                      {org.website}
                    </a>
                  ) : (
                    org.website
                  )}
                </dd>
              </>
            ) : null}
            {org.reviewed_at ? (
              <>
                <dt>{t('orgProfile.verifiedOn')}</dt>
                <dd>{formatDate(locale, org.reviewed_at)}</dd>
              </>
            ) : null}
          </dl>
        </section>
        <section className="card profile-stats" aria-label={t('orgProfile.onMarket')}>
          {p.offersAchievements ? (
            <div className="stat-inline">
              <strong>{p.achievementCount}</strong>
              <span>{t('orgProfile.liveAchievements')}</span>
            </div>
          ) : null}
          {p.postsNeeds ? (
            <div className="stat-inline">
              <strong>{p.needCount}</strong>
              <span>{t('orgProfile.liveNeeds')}</span>
            </div>
          ) : null}
          {!p.offersAchievements && !p.postsNeeds ? <p className="muted">{t(`orgProfile.role.${org.type}` as MessageKey)}</p> : null}
        </section>
      </div>

      {p.offersAchievements ? (
        <section className="section-sm" aria-labelledby="ach-h">
          <h2 id="ach-h">{t('orgProfile.achievements')}</h2>
          {p.achievements.length ? (
            <ul className="listing-grid">
              {p.achievements.map((a) => (
                <li key={a.id} className="listing-card">
                  <p className="listing-industry">{locale === 'en' ? a.industry_name_en : a.industry_name_zh}</p>
                  <h3>
                    <Link to={`/achievements/${a.id}`}>{a.title}</Link>
                  </h3>
                  <p className="listing-summary">{a.summary}</p>
                  <ModeTags modes={a.transaction_modes} />
                  <dl className="listing-meta">
                    <div>
                      <dt>{t('orgProfile.trl')}</dt>
                      <dd title={t(`trl.${a.trl}` as MessageKey)}>
                        <span className="trl-chip">TRL {a.trl}</span>
                      </dd>
                    </div>
                    <div>
                      <dt>{t('orgProfile.price')}</dt>
                      <dd className="listing-price">
                        <Price listing={a} />
                      </dd>
                    </div>
                    <div>
                      <dt>{t('orgProfile.publishedAt')}</dt>
                      <dd>{a.published_at ? formatDate(locale, a.published_at) : '—'}</dd>
                    </div>
                  </dl>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('orgProfile.noAchievements')}</p>
          )}
          {p.achievementCount > p.achievements.length ? <p className="muted">{t('orgProfile.showingLatest', { count: p.achievements.length })}</p> : null}
        </section>
      ) : null}

      {p.postsNeeds ? (
        <section className="section-sm" aria-labelledby="needs-h">
          <h2 id="needs-h">{t('orgProfile.needs')}</h2>
          {p.needs.length ? (
            <ul className="listing-grid">
              {p.needs.map((n) => (
                <NeedCard key={n.id} need={n} headingLevel={3} showOrg={false} />
              ))}
            </ul>
          ) : (
            <p className="muted">{t('orgProfile.noNeeds')}</p>
          )}
          {p.needCount > p.needs.length ? <p className="muted">{t('orgProfile.showingLatest', { count: p.needs.length })}</p> : null}
        </section>
      ) : null}
    </div>
  )
}
