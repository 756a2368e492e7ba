import type { ReactNode } from 'react'
import { Link } from '@remix-run/react'
import { PageHeader } from '~/components/layout'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import type { MessageKey } from '../../../server/i18n/catalog'
import type { RoadshowPoll, RoadshowQuestion, RoadshowScoreResult } from '../../../server/roadshows/live-events'

// Pieces shared by the replay and the report: their head, a poll's results as
// bars, a question with its votes and answered mark, an item's judged score.

const points = (centi: number) => (centi / 100).toFixed(2)

export function PollResults({ poll }: { poll: RoadshowPoll }) {
  const t = useT()
  const total = Math.max(
    1,
    poll.counts.reduce((a, b) => a + b, 0)
  )
  return (
    <div className="rs-poll">
      <p className="rs-poll-q">
        <strong>{poll.question}</strong>{' '}
        <span className="muted small">
          {t('roadshow.replay.pollVoters', { n: poll.voters })}
          {poll.multiple ? ` · ${t('roadshow.replay.pollMultiple')}` : ''}
          {poll.closedAt ? '' : ` · ${t('roadshow.replay.pollOpen')}`}
        </span>
      </p>
      <ul className="rs-bars">
        {poll.options.map((o, i) => {
          const n = poll.counts[i] ?? 0
          const pct = Math.round((n / total) * 100)
          return (
            <li key={i}>
              <span className="rs-bar-label">{o}</span>
              <span className="rs-bar" aria-hidden="true">
                <span style={{ width: `${pct}%` }} />
              </span>
              <span className="rs-bar-n">
                {n} ({pct}%)
              </span>
            </li>
          )
        })}
      </ul>
    </div>
  )
}

export function QuestionLine({ q }: { q: RoadshowQuestion }) {
  const t = useT()
  return (
    <div className="rs-question">
      <p>{q.body}</p>
      <p className="muted small">
        {q.name}
        {q.orgName ? ` · ${q.orgName}` : ''} · <span className="rs-votes">{t('roadshow.replay.votes', { n: q.votes })}</span>
        {q.advance ? <span className="badge"> {t('roadshow.replay.advance')}</span> : null}
        {q.answeredAt ? <span className="badge badge-verified"> {t('roadshow.replay.answered')}</span> : null}
      </p>
    </div>
  )
}

export function ScoreResult({ result, rubric }: { result: RoadshowScoreResult; rubric: { key: string; label: string; labelEn: string; weight: number }[] }) {
  const t = useT()
  const locale = useLocale()
  return (
    <div className="rs-score">
      <p>
        <strong className="rs-score-final">{t('roadshow.replay.scoreFinal', { score: points(result.finalCenti) })}</strong>{' '}
        <span className="muted small">
          {t('roadshow.replay.scoreJudges', { n: result.judges })}
          {result.dropped ? ` · ${t('roadshow.replay.scoreDropped')}` : ''}
        </span>
      </p>
      <div className="table-wrap">
        <table className="rs-table">
          <thead>
            <tr>
              <th scope="col">{t('roadshow.report.criterion')}</th>
              <th scope="col">{t('roadshow.report.weight')}</th>
              <th scope="col">{t('roadshow.report.mean')}</th>
            </tr>
          </thead>
          <tbody>
            {rubric.map((c) => (
              <tr key={c.key}>
                <td>{locale === 'en' ? c.labelEn : c.label}</td>
                <td>{c.weight}%</td>
                <td>{result.byCriterion[c.key] === undefined ? '—' : points(result.byCriterion[c.key]!)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

export function When({ at }: { at: string }) {
  const locale = useLocale()
  return <time dateTime={at}>{formatDateTime(locale, at)}</time>
}

export const statusKey = (status: string) => `roadshow.status.${status}` as MessageKey

const LOT_STATUSES = ['applied', 'announced', 'sold', 'unsold', 'defaulted']
export const lotStatusKey = (s: string) => `roadshow.lotStatus.${LOT_STATUSES.includes(s) ? s : 'other'}` as MessageKey

/**
 * The head of a page after the session (replay, report): breadcrumbs, title,
 * organiser and start, the status badge, then the page's own buttons.
 */
export function AfterHeader({
  rs,
  startedAt,
  titleKey,
  children,
}: {
  rs: { id: string; title: string; orgName: string; status: string; startsAt: string }
  startedAt: string | null
  titleKey: 'roadshow.replay.title' | 'roadshow.report.title'
  children: ReactNode
}) {
  const t = useT()
  const locale = useLocale()
  return (
    <>
      <nav className="breadcrumbs" aria-label={t('ach.breadcrumbs')}>
        <Link to="/roadshows">{t('roadshow.after.breadcrumb')}</Link>
        <span aria-hidden="true"> / </span>
        <Link to={`/roadshows/${rs.id}`}>{rs.title}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{t(titleKey)}</span>
      </nav>
      <PageHeader title={`${rs.title} · ${t(titleKey)}`} lead={t('roadshow.replay.lead', { org: rs.orgName, start: formatDateTime(locale, startedAt ?? rs.startsAt) })}>
        <div className="rs-toolbar">
          <span className="badge">{t(statusKey(rs.status))}</span>
          {children}
        </div>
      </PageHeader>
    </>
  )
}
