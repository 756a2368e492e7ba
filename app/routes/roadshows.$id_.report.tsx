import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Notice } from '~/components/forms'
import { AfterHeader, lotStatusKey, PollResults, QuestionLine, ScoreResult, When } from '~/components/roadshows/replay-bits'
import styles from '~/styles/roadshow-after.css?url'
import { requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '../../server/i18n/catalog'
import { formatFen } from '../../server/platform/money'
import { roadshowReport, type ReportItem, type ReportQuestions } from '../../server/roadshows/report'

// /roadshows/:id/report — 路演报告 for the organisers and platform admins:
// audience, registrations, questions, polls, scores, intents with the deal
// rooms opened from them, and the agenda's auction lots; the same as a PDF.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, 'roadshow.report.pageTitle', { title: data?.report.roadshow.title ?? '' })

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const report = await orErrorPage(() => roadshowReport(context.services.db, principal, params.id ?? ''))
  return { report }
}

type Report = Awaited<ReturnType<typeof loader>>['report']

export default function RoadshowReportPage() {
  const t = useT()
  const { report } = useLoaderData<typeof loader>()
  const rs = report.roadshow
  const figures: [MessageKey, number][] = [
    ['roadshow.report.registrations', report.registrations],
    ['roadshow.report.peak', report.peakAudience],
    ['roadshow.report.viewers', report.viewers],
    ['roadshow.report.chat', report.chatLines],
    ['roadshow.report.questions', report.totals.questions],
    ['roadshow.report.polls', report.totals.polls],
    ['roadshow.report.intents', report.totals.intents],
    ['roadshow.report.dealRooms', report.totals.dealRooms],
    ['roadshow.report.bids', report.totals.bids],
  ]
  return (
    <div className="container rs-after">
      <AfterHeader rs={rs} startedAt={report.startedAt} titleKey="roadshow.report.title">
        <a className="btn btn-primary" href={`/roadshows/${rs.id}/report.pdf`} download>
          {t('roadshow.report.pdf')}
        </a>
        <Link className="btn btn-secondary" to={`/roadshows/${rs.id}/replay`}>
          {t('roadshow.report.replay')}
        </Link>
      </AfterHeader>
      {rs.status !== 'ended' ? <Notice kind="info">{t('roadshow.report.notEnded')}</Notice> : null}

      <section className="card" aria-labelledby="summary-h">
        <h2 id="summary-h">{t('roadshow.report.summary')}</h2>
        <dl className="rs-figures" data-testid="report-figures">
          {figures.map(([key, n]) => (
            <div key={key}>
              <dt>{t(key)}</dt>
              <dd>{n}</dd>
            </div>
          ))}
        </dl>
        <p className="muted small">{t('roadshow.report.answeredOf', { answered: report.totals.answered, count: report.totals.questions })}</p>
      </section>

      {report.items.map((i) => (
        <ItemReport key={i.id} item={i} report={report} />
      ))}

      <section className="card rs-item" aria-labelledby="general-h">
        <h2 id="general-h">{t('roadshow.report.general')}</h2>
        <Questions q={report.general.questions} />
        {report.general.polls.length ? (
          report.general.polls.map((p) => <PollResults key={p.id} poll={p} />)
        ) : (
          <p className="muted">{t('roadshow.report.noPolls')}</p>
        )}
      </section>
    </div>
  )
}

function Questions({ q }: { q: ReportQuestions }) {
  const t = useT()
  if (q.count === 0) return <p className="muted">{t('roadshow.report.noQuestions')}</p>
  return (
    <>
      <p>
        {t('roadshow.report.questions')}: {q.count} · {t('roadshow.report.answeredOf', { answered: q.answered, count: q.count })}
      </p>
      <h3>{t('roadshow.report.topQuestions')}</h3>
      <ol>
        {q.top.map((x) => (
          <li key={x.id}>
            <QuestionLine q={x} />
          </li>
        ))}
      </ol>
    </>
  )
}

function ItemReport({ item, report }: { item: ReportItem; report: Report }) {
  const t = useT()
  const locale = useLocale()
  const hid = `item-${item.id}-h`
  return (
    <section className="card rs-item" aria-labelledby={hid}>
      <h2 id={hid}>{t('roadshow.replay.itemHeading', { n: item.position, title: item.title })}</h2>
      <p className="muted small">
        {t('roadshow.replay.presenter', { name: item.presenterName })}
        {item.startedAt ? (
          <>
            {' '}
            · <When at={item.startedAt} />
          </>
        ) : null}
      </p>
      <p data-testid="item-audience">{t('roadshow.report.itemAudience', { viewers: item.viewers, peak: item.peakAudience })}</p>

      <h3>{t('roadshow.report.questions')}</h3>
      <Questions q={item.questions} />

      <h3>{t('roadshow.report.polls')}</h3>
      {item.polls.length ? item.polls.map((p) => <PollResults key={p.id} poll={p} />) : <p className="muted">{t('roadshow.report.noPolls')}</p>}

      <h3>{t('roadshow.report.score')}</h3>
      {item.score ? <ScoreResult result={item.score} rubric={report.roadshow.rubric} /> : <p className="muted">{t('roadshow.report.noScore')}</p>}

      <h3>{t('roadshow.report.intents')}</h3>
      {item.intents.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('roadshow.report.intentOrg')}</th>
                <th scope="col">{t('roadshow.report.intentMode')}</th>
                <th scope="col">{t('roadshow.report.intentNote')}</th>
                <th scope="col">{t('roadshow.report.intentAt')}</th>
                <th scope="col">{t('roadshow.report.intentDeal')}</th>
              </tr>
            </thead>
            <tbody>
              {item.intents.map((x) => (
                <tr key={x.id}>
                  <td>
                    {x.orgName}
                    <div className="muted small">{x.userName}</div>
                  </td>
                  <td>{t(`deals.mode.${x.mode}` as MessageKey)}</td>
                  <td>{x.note}</td>
                  <td>
                    <When at={x.at} />
                  </td>
                  <td>
                    {x.deal ? (
                      <Link to={`/deals/${x.deal.id}`}>{t(`deals.stage.${x.deal.stage}` as MessageKey)}</Link>
                    ) : (
                      <span className="muted">{t('roadshow.report.noDeal')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('roadshow.report.noIntents')}</p>
      )}

      {item.lot ? (
        <>
          <h3>{t('roadshow.report.lot')}</h3>
          <p>
            <Link to={`/auctions/${item.lot.id}`}>
              {t('roadshow.report.lotLine', {
                title: item.lot.title,
                bids: item.lot.bidCount,
                price:
                  item.lot.hammerPriceFen ?? item.lot.priceFen
                    ? formatFen((item.lot.hammerPriceFen ?? item.lot.priceFen)!, locale)
                    : t('roadshow.report.noPrice'),
                status: t(lotStatusKey(item.lot.status)),
              })}
            </Link>
          </p>
        </>
      ) : null}
    </section>
  )
}
