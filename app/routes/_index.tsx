import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { translate } from '../../server/i18n/catalog'
import type { loader as rootLoader } from '~/root'
import { getLocale } from '~/utils/locale.server'
import { useT } from '~/utils/i18n'
import { homeFacts } from '../../server/listings/home'

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const locale = data?.locale ?? 'zh-CN'
  return [
    { title: `${translate(locale, 'app.name')} · ${translate(locale, 'app.tagline')}` },
    { name: 'description', content: translate(locale, 'home.heroLead') },
    { property: 'og:title', content: translate(locale, 'app.name') },
    { property: 'og:description', content: translate(locale, 'home.heroLead') },
  ]
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  return { locale: await getLocale(request, context), ...(await homeFacts(context.services.db)) }
}

const CHAIN = ['supply', 'demand', 'match', 'deal', 'register', 'subsidy'] as const

export default function Home() {
  const { stats, policy } = useLoaderData<typeof loader>()
  const root = useRouteLoaderData<typeof rootLoader>('root')
  const t = useT()
  return (
    <>
      <section className="hero">
        <div className="container">
          <h1>{t('home.heroTitle')}</h1>
          <p className="lead">{t('home.heroLead')}</p>
          <p className="hero-target">{t('home.target', { count: policy.target })}</p>
          <div className="hero-actions">
            {root?.user ? (
              <Link className="btn btn-primary btn-lg" to="/workspace">
                {t('home.ctaWorkspace')}
              </Link>
            ) : (
              <>
                <Link className="btn btn-primary btn-lg" to="/signup">
                  {t('home.ctaSignup')}
                </Link>
                <Link className="btn btn-secondary btn-lg" to="/login">
                  {t('home.ctaLogin')}
                </Link>
              </>
            )}
          </div>
        </div>
      </section>
      <div className="container">
        <section className="stats grid grid-4" aria-label={t('home.statsTitle')}>
          <Link className="stat" to="/achievements">
            <strong>{stats.achievements}</strong>
            <span>{t('home.stat.achievements')}</span>
          </Link>
          <Link className="stat" to="/needs">
            <strong>{stats.needs}</strong>
            <span>{t('home.stat.needs')}</span>
          </Link>
          <div className="stat">
            <strong>{stats.organisations}</strong>
            <span>{t('home.stat.organisations')}</span>
          </div>
          <div className="stat">
            <strong>{stats.divisions}</strong>
            <span>{t('home.stat.divisions')}</span>
          </div>
        </section>

        <section className="section" aria-labelledby="chain-title">
          <h2 id="chain-title">{t('home.chainTitle')}</h2>
          <ol className="chain">
            {CHAIN.map((step) => (
              <li key={step}>
                <h3>{t(`home.chain.${step}`)}</h3>
                <p>{t(`home.chain.${step}Text`)}</p>
              </li>
            ))}
          </ol>
        </section>

        <section className="section" aria-labelledby="roles-title">
          <h2 id="roles-title">{t('home.rolesTitle')}</h2>
          <div className="grid grid-4">
            {(['institution', 'enterprise', 'manager', 'government'] as const).map((r) => (
              <div key={r} className="tile">
                <h3>{t(`home.role.${r}`)}</h3>
                <p>{t(`home.role.${r}Text`)}</p>
              </div>
            ))}
          </div>
        </section>

        <section className="section" aria-labelledby="policy-title">
          <h2 id="policy-title">{t('home.policyTitle')}</h2>
          <div className="policy">
            <div>
              <strong>{policy.enterprise}</strong>
              <span>{t('home.policy.enterprise')}</span>
            </div>
            <div>
              <strong>{policy.registrar}</strong>
              <span>{t('home.policy.registrar')}</span>
            </div>
            <div>
              <strong>{policy.agency}</strong>
              <span>{t('home.policy.agency')}</span>
            </div>
            <div>
              <strong>{policy.reward}</strong>
              <span>{t('home.policy.reward')}</span>
            </div>
          </div>
        </section>
      </div>
    </>
  )
}
