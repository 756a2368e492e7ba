import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { FilterCard, Pager, SearchFilter, SelectFilter, useDivisionOptions, useSearchLink } from '~/components/filter-card'
import { PageHeader } from '~/components/layout'
import { hoursOf, KindBadge, PhaseBadge, TrainingTime } from '~/components/trainings/training-bits'
import styles from '~/styles/trainings.css?url'
import { getPrincipal } from '~/utils/auth.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '../../server/i18n/catalog'
import { isOrganiser } from '../../server/trainings/access'
import { TRAINING_KINDS } from '../../server/trainings/config'
import { listFilterDivisions, phaseOf, trainingList } from '../../server/trainings/events'
import { TrainingListQuery } from '../../server/trainings/list-query'

// /trainings — 培训活动, public: upcoming and past policy training and science
// lectures, filtered by type, county and keywords, with seats left; officers
// get a button to publish one.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'training.list.pageTitle')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await getPrincipal(request, context)
  const q = TrainingListQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  const db = context.services.db
  const now = new Date()
  const [list, divisions] = await Promise.all([trainingList(db, q, now), listFilterDivisions(db)])
  return {
    q,
    total: list.total,
    pageSize: list.pageSize,
    rows: list.rows.map((r) => ({ ...r, phase: phaseOf(r, now) })),
    divisions,
    mayCreate: isOrganiser(principal),
  }
}

export default function TrainingsPage() {
  const t = useT()
  const locale = useLocale()
  const d = useLoaderData<typeof loader>()
  const link = useSearchLink()
  const divisionOptions = useDivisionOptions(d.divisions)
  return (
    <div className="container">
      <PageHeader title={t('training.list.pageTitle')} lead={t('training.list.lead')}>
        {d.mayCreate ? (
          <Link to="/trainings/new" className="btn btn-primary">
            {t('training.list.new')}
          </Link>
        ) : null}
      </PageHeader>
      <nav className="training-tabs" aria-label={t('training.list.pageTitle')}>
        <Link to={link({ when: 'upcoming', page: '1' })} aria-current={d.q.when === 'upcoming' ? 'page' : undefined} className="btn btn-secondary">
          {t('training.list.upcoming')}
        </Link>
        <Link to={link({ when: 'past', page: '1' })} aria-current={d.q.when === 'past' ? 'page' : undefined} className="btn btn-secondary">
          {t('training.list.past')}
        </Link>
      </nav>
      <FilterCard label={t('training.list.filters')} apply={t('training.list.apply')}>
        <input type="hidden" name="when" value={d.q.when} />
        <SelectFilter
          id="tr-kind"
          name="kind"
          label={t('training.list.kind')}
          any={t('training.list.any')}
          value={d.q.kind}
          options={TRAINING_KINDS.map((k) => ({ value: k, label: t(`training.kind.${k}` as MessageKey) }))}
        />
        <SelectFilter id="tr-county" name="division" label={t('training.list.county')} any={t('training.list.any')} value={d.q.division} options={divisionOptions} />
        <SearchFilter id="tr-q" label={t('training.list.keywords')} value={d.q.q} />
      </FilterCard>
      <p className="muted" data-testid="training-total">
        {t('training.list.total', { count: d.total })}
      </p>
      {d.rows.length === 0 ? (
        <p className="card muted">{t('training.list.empty')}</p>
      ) : (
        <ul className="training-list">
          {d.rows.map((r) => (
            <li key={r.id} className="card training-card" data-testid="training-card">
              <h2>
                <Link to={`/trainings/${r.id}`}>{r.title}</Link>
              </h2>
              <p className="small">
                <KindBadge kind={r.kind} /> <PhaseBadge phase={r.phase} />
              </p>
              <dl className="facts small">
                <dt>{t('training.field.time')}</dt>
                <dd>
                  <TrainingTime startsAt={r.starts_at} endsAt={r.ends_at} />
                </dd>
                <dt>{t('training.field.venue')}</dt>
                <dd>
                  {r.venue} · {locale === 'en' ? r.division_en : r.division_zh}
                </dd>
                <dt>{t('training.field.hours')}</dt>
                <dd>{t('training.hours', { h: hoursOf(r.credit_minutes) })}</dd>
                <dt>{t('training.field.capacity')}</dt>
                <dd>
                  {d.q.when === 'past'
                    ? t('training.list.attended', { n: r.attended })
                    : r.seatsLeft == null
                      ? t('training.list.unlimited')
                      : r.seatsLeft === 0
                        ? t('training.list.full')
                        : t('training.list.seatsLeft', { n: r.seatsLeft })}
                </dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <Pager label={t('training.list.pageTitle')} page={d.q.page} pageSize={d.pageSize} total={d.total} prev={t('training.list.prev')} next={t('training.list.next')} />
    </div>
  )
}
