import { useId, useState, type FormEvent } from 'react'
import type { MessageKey } from '../../../server/i18n/catalog'
import type { RoadshowPoll } from '../../../server/roadshows/live-events'
import type { PanelProps } from './panel-types'
import { PollLaunchForm } from './poll-launch-form'
import { barStep, reasonKey } from './qa-text'
import { useT } from '~/utils/i18n'

// 现场投票 (issue 10): the session's polls, newest first. A participant answers
// an open poll once (one option, or several when the host allowed it) and then
// sees the live results as bars; everyone sees the results once a poll is
// closed; organisers see them all along, launch polls while live and close
// them. The counts are the room's absolute tallies (poll_tally, poll_closed).

export function PollPanel(props: PanelProps) {
  const { state, viewer } = props
  const t = useT()
  const uid = useId()
  const polls = [...state.polls].reverse().sort((a, b) => Number(a.closedAt !== null) - Number(b.closedAt !== null))
  return (
    <section className="card roadshow-polls" aria-labelledby={`${uid}-h`}>
      <h2 id={`${uid}-h`}>{t('roadshow.poll.title')}</h2>
      {viewer.roles.organiser && state.phase === 'live' ? <PollLaunchForm {...props} /> : null}
      {viewer.roles.organiser && state.phase === 'before' ? <p className="small muted">{t('roadshow.poll.launch.notLive')}</p> : null}
      {polls.length === 0 ? <p className="muted">{t('roadshow.poll.none')}</p> : polls.map((p) => <PollCard key={p.id} poll={p} {...props} />)}
    </section>
  )
}

function PollCard({ poll, roadshow, state, viewer, send, markViewer }: PanelProps & { poll: RoadshowPoll }) {
  const t = useT()
  const uid = useId()
  const [picked, setPicked] = useState<number[]>([])
  const [error, setError] = useState<MessageKey | null>(null)
  const [sending, setSending] = useState(false)
  const [closing, setClosing] = useState(false)
  const mine = viewer.pollAnswers[poll.id]
  const closed = poll.closedAt !== null || state.phase === 'ended'
  const canAnswer = !!viewer.userId && viewer.roles.participate && !mine && !closed
  const showResults = !!mine || closed || viewer.roles.organiser
  const max = Math.max(...poll.counts, 0)

  function toggle(i: number, on: boolean) {
    setError(null)
    setPicked((p) => (poll.multiple ? (on ? [...p, i] : p.filter((x) => x !== i)) : [i]))
  }

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (picked.length === 0) {
      setError(poll.multiple ? 'roadshow.poll.pickSome' : 'roadshow.poll.pickOne')
      return
    }
    setSending(true)
    const answer = await send<{ choices: number[] }>('roadshow:poll_answer', { roadshowId: roadshow.id, pollId: poll.id, choices: picked })
    setSending(false)
    if (answer.ok) markViewer({ pollAnswers: { ...viewer.pollAnswers, [poll.id]: answer.choices } })
    else setError(reasonKey(answer))
  }

  async function closePoll() {
    setClosing(true)
    setError(null)
    const answer = await send('roadshow:poll_close', { roadshowId: roadshow.id, pollId: poll.id })
    setClosing(false)
    if (!answer.ok) setError(reasonKey(answer))
  }

  return (
    <article className="roadshow-poll" aria-labelledby={`${uid}-q`} data-poll-id={poll.id}>
      <header className="roadshow-poll-head">
        <h3 id={`${uid}-q`}>{poll.question}</h3>
        <span className={`badge ${closed ? '' : 'badge-verified'}`}>{t(closed ? 'roadshow.poll.closed' : 'roadshow.poll.open')}</span>
        <span className="small muted">
          {t(poll.multiple ? 'roadshow.poll.multiple' : 'roadshow.poll.single')} · {t('roadshow.poll.voters', { n: poll.voters })}
        </span>
      </header>
      {canAnswer ? (
        <form className="form roadshow-poll-form" onSubmit={submit} noValidate>
          <fieldset className="choice-group" data-invalid={error ? true : undefined} aria-describedby={error ? `${uid}-err` : undefined}>
            <legend className="visually-hidden">{poll.question}</legend>
            <div className="choices">
              {poll.options.map((o, i) => (
                <label key={i} className="choice">
                  <input
                    type={poll.multiple ? 'checkbox' : 'radio'}
                    name={`${uid}-choice`}
                    value={i}
                    checked={picked.includes(i)}
                    onChange={(e) => toggle(i, e.target.checked)}
                  />
                  {o}
                </label>
              ))}
            </div>
          </fieldset>
          <button type="submit" className="btn btn-primary" disabled={sending}>
            {t(sending ? 'roadshow.poll.sending' : 'roadshow.poll.submit')}
          </button>
        </form>
      ) : null}
      {error ? (
        <p className="field-errors" id={`${uid}-err`} role="alert">
          {t(error)}
        </p>
      ) : null}
      {showResults ? (
        <ul className="bar-chart roadshow-poll-results" aria-label={t('roadshow.poll.results')}>
          {poll.options.map((o, i) => (
            <li key={i} className={mine?.includes(i) ? 'is-mine' : undefined}>
              <span className="bar-label">
                {o}
                {mine?.includes(i) ? <span className="visually-hidden">{t('roadshow.poll.yourChoice')}</span> : null}
              </span>
              <span className="bar-track" aria-hidden="true">
                <span className="bar-fill" data-pct={barStep(poll.counts[i] ?? 0, max)} />
              </span>
              <span className="bar-value">{t('roadshow.poll.count', { n: poll.counts[i] ?? 0 })}</span>
            </li>
          ))}
        </ul>
      ) : canAnswer ? (
        <p className="small muted">{t('roadshow.poll.resultsAfter')}</p>
      ) : null}
      {mine && !closed ? (
        <p className="small muted" role="status">
          {t('roadshow.poll.answered')}
        </p>
      ) : null}
      {viewer.roles.organiser && poll.closedAt === null ? (
        <button type="button" className="btn btn-sm btn-secondary" disabled={closing} onClick={closePoll}>
          {t('roadshow.poll.close')}
        </button>
      ) : null}
    </article>
  )
}
