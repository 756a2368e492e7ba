import { useId, useState } from 'react'
import type { MessageKey } from '../../../server/i18n/catalog'
import type { RoadshowQuestion } from '../../../server/roadshows/live-events'
import type { PanelProps } from './panel-types'
import { AskForm } from './qa-ask-form'
import { reasonKey } from './qa-text'
import qaStyles from '~/styles/roadshow-qa.css?url'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'

// 现场问答 (issue 10): the questions of the current item and of the session,
// most votes first as the room's events re-sort them (applyRoadshowEvent); an
// ask form; one vote per person, own vote marked; organisers and the item's
// presenters mark answered, organisers hide. Every action is a socket
// command; the list changes only by the room's events, so every page shows
// the same order.

/** The stylesheet of the Q&A and poll panels, for the roadshow page's `links`. */
export const roadshowQaLinks = () => [{ rel: 'stylesheet', href: qaStyles }]

export function QaPanel(props: PanelProps) {
  const { roadshow, items, state, viewer, send, markViewer } = props
  const t = useT()
  const locale = useLocale()
  const uid = useId()
  const phase = state.phase
  const current = phase === 'live' ? state.currentItemId : null
  const [show, setShow] = useState<'current' | 'all'>('current')
  const titles = new Map(items.map((i) => [i.id, i.title]))
  const canTakePart = !!viewer.userId && viewer.roles.participate
  const questions = current !== null && show === 'current' ? state.questions.filter((q) => q.itemId === null || q.itemId === current) : state.questions
  const voted = new Set(viewer.votes)
  const [failed, setFailed] = useState<{ id: string; key: MessageKey } | null>(null)
  const [busy, setBusy] = useState<string | null>(null)

  async function act(q: RoadshowQuestion, event: string, after?: () => void) {
    setBusy(`${event}:${q.id}`)
    setFailed(null)
    const answer = await send(event, { roadshowId: roadshow.id, questionId: q.id })
    setBusy(null)
    if (answer.ok) after?.()
    else setFailed({ id: q.id, key: reasonKey(answer) })
  }

  const mayAnswer = (q: RoadshowQuestion) => phase !== 'ended' && (viewer.roles.organiser || (viewer.roles.presenter && q.itemId !== null))
  const lead: MessageKey = phase === 'before' ? 'roadshow.qa.lead.before' : phase === 'live' ? 'roadshow.qa.lead.live' : 'roadshow.qa.lead.ended'

  return (
    <section className="card roadshow-qa" aria-labelledby={`${uid}-h`}>
      <header className="roadshow-qa-head">
        <h2 id={`${uid}-h`}>{t('roadshow.qa.title')}</h2>
        {current !== null ? (
          <div className="roadshow-qa-show" role="group" aria-label={t('roadshow.qa.show')}>
            {(['current', 'all'] as const).map((v) => (
              <button key={v} type="button" className="btn btn-sm btn-ghost" aria-pressed={show === v} onClick={() => setShow(v)}>
                {t(v === 'current' ? 'roadshow.qa.show.current' : 'roadshow.qa.show.all')}
              </button>
            ))}
          </div>
        ) : null}
      </header>
      <p className="muted small">{t(lead)}</p>

      {canTakePart && phase !== 'ended' ? (
        <AskForm roadshowId={roadshow.id} items={items} state={state} send={send} />
      ) : phase !== 'ended' ? (
        <p className="small muted">{t(viewer.userId ? 'roadshow.qa.ask.cannot' : 'roadshow.qa.ask.signIn')}</p>
      ) : null}

      {questions.length === 0 ? (
        <p className="muted roadshow-qa-empty">{t('roadshow.qa.none')}</p>
      ) : (
        <ol className="roadshow-qa-list" aria-label={t('roadshow.qa.list')}>
          {questions.map((q) => {
            const own = q.userId === viewer.userId
            const mine = voted.has(q.id)
            return (
              <li key={q.id} className={`roadshow-qa-item${q.answeredAt ? ' is-answered' : ''}`} data-question-id={q.id}>
                <div className="roadshow-qa-vote">
                  <button
                    type="button"
                    className={`btn btn-sm ${mine ? 'btn-primary' : 'btn-secondary'}`}
                    aria-pressed={mine}
                    disabled={!canTakePart || own || mine || phase === 'ended' || busy === `roadshow:vote:${q.id}`}
                    onClick={() => act(q, 'roadshow:vote', () => markViewer({ votes: [...viewer.votes, q.id] }))}
                  >
                    <span aria-hidden="true">▲</span> {t(mine ? 'roadshow.qa.voted' : 'roadshow.qa.vote')}
                    <span className="roadshow-qa-count">{q.votes}</span>
                  </button>
                </div>
                <div className="roadshow-qa-body">
                  <p className="roadshow-qa-text">{q.body}</p>
                  <p className="small muted roadshow-qa-meta">
                    {t(q.orgName ? 'roadshow.qa.byOrg' : 'roadshow.qa.by', { name: q.name, org: q.orgName ?? '' })}
                    {' · '}
                    <time dateTime={q.at}>{formatDateTime(locale, q.at)}</time>
                    {' · '}
                    {q.itemId ? titles.get(q.itemId) ?? '' : t('roadshow.qa.about.general')}
                  </p>
                  <p className="roadshow-qa-badges">
                    {q.answeredAt ? <span className="badge badge-verified">{t('roadshow.qa.answered')}</span> : null}
                    {q.advance ? <span className="badge">{t('roadshow.qa.advance')}</span> : null}
                    {own ? <span className="badge badge-role">{t('roadshow.qa.own')}</span> : null}
                  </p>
                  {(mayAnswer(q) && !q.answeredAt) || viewer.roles.organiser ? (
                    <p className="roadshow-qa-actions">
                      {mayAnswer(q) && !q.answeredAt ? (
                        <button type="button" className="btn btn-sm btn-secondary" disabled={busy !== null} onClick={() => act(q, 'roadshow:answered')}>
                          {t('roadshow.qa.markAnswered')}
                        </button>
                      ) : null}
                      {viewer.roles.organiser ? (
                        <button
                          type="button"
                          className="btn btn-sm btn-ghost"
                          disabled={busy !== null}
                          onClick={() => {
                            if (window.confirm(t('roadshow.qa.hideConfirm'))) void act(q, 'roadshow:question_hide')
                          }}
                        >
                          {t('roadshow.qa.hide')}
                        </button>
                      ) : null}
                    </p>
                  ) : null}
                  {failed?.id === q.id ? (
                    <p className="field-errors" role="alert">
                      {t(failed.key)}
                    </p>
                  ) : null}
                </div>
              </li>
            )
          })}
        </ol>
      )}
    </section>
  )
}
