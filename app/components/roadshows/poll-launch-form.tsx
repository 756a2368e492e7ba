import { useId, useRef, useState, type FormEvent } from 'react'
import type { MessageKey } from '../../../server/i18n/catalog'
import { POLL_OPTION_MAX, POLL_OPTIONS, POLL_QUESTION_MAX } from '../../../server/roadshows/qa-schemas'
import type { PanelProps } from './panel-types'
import { reasonKey } from './qa-text'
import { useT } from '~/utils/i18n'

// The organisers' form to launch a poll while the session is live: a question,
// 2–6 distinct options (rows added and removed), single or multiple choice,
// about the current item or the session. Checked here for quick messages at
// the field; the server checks the same (qa-schemas.ts). Kept on a refusal.

type Errors = { question?: MessageKey; options?: MessageKey; form?: MessageKey }

export function PollLaunchForm({ roadshow, items, state, send }: PanelProps) {
  const t = useT()
  const uid = useId()
  const [question, setQuestion] = useState('')
  const [options, setOptions] = useState(['', ''])
  const [multiple, setMultiple] = useState(false)
  const [general, setGeneral] = useState(false)
  const [errors, setErrors] = useState<Errors>({})
  const [sending, setSending] = useState(false)
  const [sent, setSent] = useState(false)
  const questionRef = useRef<HTMLInputElement>(null)
  const firstOption = useRef<HTMLInputElement>(null)
  const current = items.find((i) => i.id === state.currentItemId)

  function check(): Errors {
    const e: Errors = {}
    const q = question.trim()
    if (!q || q.length > POLL_QUESTION_MAX) e.question = 'roadshow.poll.error.question'
    const o = options.map((x) => x.trim())
    if (o.some((x) => !x || x.length > POLL_OPTION_MAX) || new Set(o).size !== o.length || o.length < POLL_OPTIONS.min)
      e.options = 'roadshow.poll.error.options'
    return e
  }

  async function submit(ev: FormEvent) {
    ev.preventDefault()
    setSent(false)
    const e = check()
    setErrors(e)
    if (e.question) return questionRef.current?.focus()
    if (e.options) return firstOption.current?.focus()
    setSending(true)
    const answer = await send('roadshow:poll_open', {
      roadshowId: roadshow.id,
      itemId: general || !current ? null : current.id,
      question: question.trim(),
      options: options.map((x) => x.trim()),
      multiple,
    })
    setSending(false)
    if (answer.ok) {
      setQuestion('')
      setOptions(['', ''])
      setMultiple(false)
      setSent(true)
      return
    }
    const field = answer.field
    setErrors(
      field === 'question'
        ? { question: 'roadshow.poll.error.question' }
        : field === 'options'
        ? { options: 'roadshow.poll.error.options' }
        : { form: reasonKey(answer) }
    )
  }

  const limits = { min: POLL_OPTIONS.min, max: POLL_OPTIONS.max, len: POLL_OPTION_MAX }
  return (
    <details className="roadshow-poll-launch">
      <summary>{t('roadshow.poll.launch.title')}</summary>
      <form className="form" onSubmit={submit} noValidate>
        <div className="field" data-invalid={errors.question ? true : undefined}>
          <label htmlFor={`${uid}-q`}>{t('roadshow.poll.launch.question')}</label>
          <input
            id={`${uid}-q`}
            ref={questionRef}
            value={question}
            maxLength={POLL_QUESTION_MAX}
            aria-invalid={errors.question ? true : undefined}
            aria-describedby={errors.question ? `${uid}-q-err` : undefined}
            onChange={(e) => setQuestion(e.target.value)}
          />
          {errors.question ? (
            <p className="field-errors" id={`${uid}-q-err`} role="alert">
              {t(errors.question, { max: POLL_QUESTION_MAX })}
            </p>
          ) : null}
        </div>
        <fieldset
          className="choice-group roadshow-poll-options"
          data-invalid={errors.options ? true : undefined}
          aria-describedby={`${uid}-o-hint${errors.options ? ` ${uid}-o-err` : ''}`}
        >
          <legend>{t('roadshow.poll.launch.options')}</legend>
          <p className="hint" id={`${uid}-o-hint`}>
            {t('roadshow.poll.launch.hint', limits)}
          </p>
          {options.map((o, i) => (
            <div className="field roadshow-poll-option" key={i}>
              <label htmlFor={`${uid}-o${i}`}>{t('roadshow.poll.launch.option', { n: i + 1 })}</label>
              <div className="roadshow-poll-option-row">
                <input
                  id={`${uid}-o${i}`}
                  ref={i === 0 ? firstOption : undefined}
                  value={o}
                  maxLength={POLL_OPTION_MAX}
                  aria-invalid={errors.options ? true : undefined}
                  onChange={(e) => setOptions((list) => list.map((x, j) => (j === i ? e.target.value : x)))}
                />
                {options.length > POLL_OPTIONS.min ? (
                  <button
                    type="button"
                    className="btn btn-sm btn-ghost"
                    aria-label={t('roadshow.poll.launch.removeOption', { n: i + 1 })}
                    onClick={() => setOptions((list) => list.filter((_, j) => j !== i))}
                  >
                    ×
                  </button>
                ) : null}
              </div>
            </div>
          ))}
          {options.length < POLL_OPTIONS.max ? (
            <button type="button" className="btn btn-sm btn-secondary" onClick={() => setOptions((list) => [...list, ''])}>
              {t('roadshow.poll.launch.addOption')}
            </button>
          ) : null}
          {errors.options ? (
            <p className="field-errors" id={`${uid}-o-err`} role="alert">
              {t(errors.options, limits)}
            </p>
          ) : null}
        </fieldset>
        <div className="field field-check">
          <input id={`${uid}-m`} type="checkbox" checked={multiple} onChange={(e) => setMultiple(e.target.checked)} />
          <label htmlFor={`${uid}-m`}>{t('roadshow.poll.launch.multiple')}</label>
        </div>
        {current ? (
          <div className="field">
            <label htmlFor={`${uid}-a`}>{t('roadshow.poll.launch.about')}</label>
            <select id={`${uid}-a`} value={general ? '' : current.id} onChange={(e) => setGeneral(e.target.value === '')}>
              <option value={current.id}>
                {current.position}. {current.title}
              </option>
              <option value="">{t('roadshow.qa.ask.general')}</option>
            </select>
          </div>
        ) : null}
        {errors.form ? (
          <p className="field-errors" role="alert">
            {t(errors.form)}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={sending}>
            {t('roadshow.poll.launch.submit')}
          </button>
          {sent ? (
            <span className="small" role="status">
              {t('roadshow.poll.launch.sent')}
            </span>
          ) : null}
        </div>
      </form>
    </details>
  )
}
