import { useId, useRef, useState, type FormEvent } from 'react'
import type { MessageKey } from '../../../server/i18n/catalog'
import type { RoadshowLiveState } from '../../../server/roadshows/live-events'
import { roadshowRulesOn } from '../../../server/roadshows/policy'
import { QUESTION_MAX } from '../../../server/roadshows/qa-schemas'
import type { AgendaItem } from '../../../server/roadshows/view-types'
import type { RoadshowSend } from './panel-types'
import { reasonKey } from './qa-text'
import { useT } from '~/utils/i18n'
import { newCommandKey } from '~/utils/send-command'

// The ask form of the Q&A panel. Before the start a question may be about any
// item or the session (an advance question); while live, about an item whose
// Q&A the host opened, or the session. The key is made once per question:
// sending again after no answer came re-sends the same key, so the server
// answers with the stored question instead of storing a second one. A refusal
// is shown at its field and the text stays.

type Status = { kind: 'idle' } | { kind: 'sending' } | { kind: 'sent' } | { kind: 'error'; key: MessageKey; field: 'body' | 'itemId' | null }

export function AskForm({ roadshowId, items, state, send }: { roadshowId: string; items: AgendaItem[]; state: RoadshowLiveState; send: RoadshowSend }) {
  const t = useT()
  const uid = useId()
  const live = state.phase === 'live'
  const choices = live ? items.filter((i) => state.qaOpen.includes(i.id)) : items
  const preferred =
    live && state.currentItemId && state.qaOpen.includes(state.currentItemId) ? state.currentItemId : live ? choices[0]?.id ?? '' : state.currentItemId ?? ''
  const [body, setBody] = useState('')
  const [about, setAbout] = useState<string | null>(null)
  const [status, setStatus] = useState<Status>({ kind: 'idle' })
  const key = useRef<string | null>(null)
  const limit = roadshowRulesOn().questionsPerItem
  const bodyRef = useRef<HTMLTextAreaElement>(null)
  // The choice follows the host (Q&A opened or closed) until the viewer picks one that is still offered.
  const chosen = about !== null && (about === '' || choices.some((i) => i.id === about)) ? about : preferred

  function edit(change: () => void) {
    change()
    key.current = null
    if (status.kind !== 'sending') setStatus({ kind: 'idle' })
  }

  async function submit(e: FormEvent) {
    e.preventDefault()
    const text = body.trim()
    if (!text || text.length > QUESTION_MAX) {
      setStatus({ kind: 'error', key: 'roadshow.qa.error.body', field: 'body' })
      bodyRef.current?.focus()
      return
    }
    key.current ??= newCommandKey()
    setStatus({ kind: 'sending' })
    const answer = await send('roadshow:ask', { roadshowId, itemId: chosen || null, body: text, key: key.current })
    if (answer.ok) {
      key.current = null
      setBody('')
      setStatus({ kind: 'sent' })
      return
    }
    const field = answer.field === 'body' || answer.field === 'itemId' ? answer.field : null
    // The per-item limit comes back as 'rate_limited', whose general text says to wait: here waiting does not help.
    const message: MessageKey =
      answer.reason === 'rate_limited'
        ? 'roadshow.qa.error.limit'
        : answer.reason === 'invalid' && field === 'body'
        ? 'roadshow.qa.error.body'
        : reasonKey(answer)
    setStatus({ kind: 'error', key: message, field })
    if (field === 'body') bodyRef.current?.focus()
  }

  const bodyError = status.kind === 'error' && status.field === 'body'
  const aboutError = status.kind === 'error' && status.field === 'itemId'
  const formError = status.kind === 'error' && status.field === null
  const closedHint = live && state.currentItemId !== null && !state.qaOpen.includes(state.currentItemId)
  return (
    <form className="form roadshow-qa-ask" onSubmit={submit} noValidate aria-labelledby={`${uid}-t`}>
      <h3 id={`${uid}-t`} className="visually-hidden">
        {t('roadshow.qa.ask.title')}
      </h3>
      <div className="field" data-invalid={bodyError || undefined}>
        <label htmlFor={`${uid}-body`}>{t('roadshow.qa.ask.body')}</label>
        <textarea
          id={`${uid}-body`}
          ref={bodyRef}
          rows={2}
          maxLength={QUESTION_MAX}
          value={body}
          aria-invalid={bodyError || undefined}
          aria-describedby={`${uid}-hint${bodyError ? ` ${uid}-err` : ''}`}
          onChange={(e) => edit(() => setBody(e.target.value))}
        />
        <p className="hint" id={`${uid}-hint`}>
          {t('roadshow.qa.ask.hint', { max: QUESTION_MAX, limit })}
        </p>
        {bodyError ? (
          <p className="field-errors" id={`${uid}-err`} role="alert">
            {t(status.key, { max: QUESTION_MAX, limit })}
          </p>
        ) : null}
      </div>
      <div className="roadshow-qa-ask-row">
        <div className="field" data-invalid={aboutError || undefined}>
          <label htmlFor={`${uid}-about`}>{t('roadshow.qa.ask.about')}</label>
          <select
            id={`${uid}-about`}
            value={chosen}
            aria-invalid={aboutError || undefined}
            aria-describedby={aboutError ? `${uid}-about-err` : undefined}
            onChange={(e) => edit(() => setAbout(e.target.value))}
          >
            {choices.map((i) => (
              <option key={i.id} value={i.id}>
                {i.position}. {i.title}
              </option>
            ))}
            <option value="">{t('roadshow.qa.ask.general')}</option>
          </select>
          {aboutError ? (
            <p className="field-errors" id={`${uid}-about-err`} role="alert">
              {t(status.key)}
            </p>
          ) : null}
        </div>
        <button type="submit" className="btn btn-primary" disabled={status.kind === 'sending'}>
          {t(status.kind === 'sending' ? 'roadshow.qa.ask.sending' : 'roadshow.qa.ask.submit')}
        </button>
      </div>
      {closedHint ? <p className="small muted">{t('roadshow.qa.ask.closedHint')}</p> : null}
      {formError ? (
        <p className="field-errors" role="alert">
          {t(status.key)}
        </p>
      ) : null}
      {status.kind === 'sent' ? (
        <p className="small roadshow-qa-sent" role="status">
          {t('roadshow.qa.ask.sent')}
        </p>
      ) : null}
    </form>
  )
}
