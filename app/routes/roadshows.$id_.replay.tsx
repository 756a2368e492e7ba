import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Notice } from '~/components/forms'
import { AfterHeader, PollResults, QuestionLine, ScoreResult, When } from '~/components/roadshows/replay-bits'
import styles from '~/styles/roadshow-after.css?url'
import { getPrincipal } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '../../server/i18n/catalog'
import type { ReplayEntry } from '../../server/roadshows/replay'
import { replayPage } from '../../server/roadshows/replay-page'

// /roadshows/:id/replay — the record of a session for whoever may view its
// page: the recording link, the agenda, and the timeline grouped by item
// (host actions, chat, questions with votes and answered marks, polls with
// results, judges' results) read from the stored events. Plain HTML with
// anchors: readable without script, printable, keyboard-usable.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, 'roadshow.replay.pageTitle', { title: data?.page.roadshow.title ?? '' })

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await getPrincipal(request, context)
  const page = await orErrorPage(() => replayPage(context.services.db, principal, params.id ?? ''))
  return { page }
}

type Page = Awaited<ReturnType<typeof loader>>['page']

const sectionId = (itemId: string | null) => (itemId ? `item-${itemId}` : 'opening')

export default function RoadshowReplay() {
  const t = useT()
  const { page } = useLoaderData<typeof loader>()
  const rs = page.roadshow
  const titleOf = (id: string | null) => page.items.find((i) => i.id === id)?.title ?? ''
  const heading = (itemId: string | null) => {
    const item = page.items.find((i) => i.id === itemId)
    if (item) return t('roadshow.replay.itemHeading', { n: item.position, title: item.title })
    return itemId === null ? t('roadshow.replay.opening') : t('roadshow.replay.general')
  }
  return (
    <div className="container rs-after">
      <AfterHeader rs={rs} startedAt={page.startedAt} titleKey="roadshow.replay.title">
        <Link className="btn btn-secondary" to={`/roadshows/${rs.id}`}>
          {t('roadshow.replay.backToPage')}
        </Link>
        {page.organiser ? (
          <Link className="btn btn-secondary" to={`/roadshows/${rs.id}/report`}>
            {t('roadshow.replay.report')}
          </Link>
        ) : null}
        <button type="button" className="btn btn-ghost" onClick={() => window.print()}>
          {t('roadshow.replay.print')}
        </button>
      </AfterHeader>
      {rs.status !== 'ended' ? <Notice kind="info">{t(page.startedAt ? 'roadshow.replay.notEnded' : 'roadshow.replay.notStarted')}</Notice> : null}

      <section className="card" aria-labelledby="agenda-h">
        <h2 id="agenda-h">{t('roadshow.replay.agenda')}</h2>
        {rs.recordingUrl ? (
          <p>
            <a className="btn btn-primary" href={rs.recordingUrl} rel="noopener noreferrer" target="_blank">
              {t('roadshow.replay.recording')}
            </a>
          </p>
        ) : (
          <p className="muted">
            {t('roadshow.replay.noRecording')}
            {page.organiser && rs.status === 'ended' ? (
              <>
                {' '}
                <Link to={`/roadshows/${rs.id}/edit#recording`}>{t('roadshow.recording.add')}</Link>
              </>
            ) : null}
          </p>
        )}
        <ol className="rs-agenda">
          {page.items.map((i) => (
            <li key={i.id}>
              <a href={`#${sectionId(i.id)}`}>{i.title}</a>
              <span className="muted small">
                {' '}
                · {t('roadshow.replay.presenter', { name: i.presenterName })} · {t('roadshow.replay.minutes', { pitch: i.pitchMinutes, qa: i.qaMinutes })}
                {i.startedAt ? (
                  <>
                    {' '}
                    · <When at={i.startedAt} />
                  </>
                ) : null}
              </span>
              {i.slidesUrl ? (
                <>
                  {' '}
                  <a className="small" href={i.slidesUrl}>
                    {t('roadshow.replay.slides')}
                  </a>
                </>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      <section className="card" aria-labelledby="timeline-h">
        <h2 id="timeline-h">{t('roadshow.replay.timeline')}</h2>
        <p className="muted small">{t('roadshow.replay.chatCount', { n: page.chatLines })}</p>
        {page.sections.length > 1 ? (
          <nav aria-label={t('roadshow.replay.jumpTo')}>
            <ul className="rs-jump">
              {page.sections.map((s) => (
                <li key={sectionId(s.itemId)}>
                  <a href={`#${sectionId(s.itemId)}`}>{heading(s.itemId)}</a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {page.sections.length === 0 ? <p className="muted">{t('roadshow.replay.empty')}</p> : null}
      </section>

      {page.sections.map((s) => (
        <section key={sectionId(s.itemId)} id={sectionId(s.itemId)} className="card rs-section" aria-labelledby={`${sectionId(s.itemId)}-h`} tabIndex={-1}>
          <h2 id={`${sectionId(s.itemId)}-h`}>{heading(s.itemId)}</h2>
          {s.entries.length === 0 ? (
            <p className="muted">{t('roadshow.replay.empty')}</p>
          ) : (
            <ol className="rs-timeline">
              {s.entries.map((e) => (
                <Entry key={e.seq} e={e} page={page} titleOf={titleOf} />
              ))}
            </ol>
          )}
        </section>
      ))}
    </div>
  )
}

function Entry({ e, page, titleOf }: { e: ReplayEntry; page: Page; titleOf: (id: string | null) => string }) {
  const t = useT()
  return (
    <li className={`rs-entry rs-entry-${e.kind}`}>
      <When at={e.at} />
      <span className="rs-entry-kind">{t(`roadshow.replay.kind.${e.kind}` as MessageKey)}</span>
      <div className="rs-entry-body">
        {e.kind === 'host' ? (
          <p>{t(`roadshow.replay.host.${e.action}` as MessageKey, { title: titleOf(e.itemId), body: e.body ?? '' })}</p>
        ) : e.kind === 'chat' ? (
          <p>
            <span className="rs-chat-name">
              {e.line.name}
              {e.line.orgName ? ` · ${e.line.orgName}` : ''}
            </span>
            {e.line.body}
          </p>
        ) : e.kind === 'question' ? (
          <QuestionLine q={e.question} />
        ) : e.kind === 'poll' ? (
          <PollResults poll={e.poll} />
        ) : (
          <ScoreResult result={e.result} rubric={page.roadshow.rubric} />
        )}
      </div>
    </li>
  )
}
