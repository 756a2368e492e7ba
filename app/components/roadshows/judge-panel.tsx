import { useState } from 'react'
import type { RubricCriterion } from '../../../db/schema'
import type { MessageKey } from '../../../server/i18n/catalog'
import type { AgendaItem } from '../../../server/roadshows/view-types'
import { useLocale, useT } from '~/utils/i18n'
import { currentItemOf, points, reasonKey } from './panel-bits'
import type { PanelProps } from './panel-types'

// 评委打分 (ADR 033): a judge scores the current item on the rubric (0–100 per
// criterion) from their own view, sees their own scores and may revise them
// until the host closes the item's scoring; organisers close it; everyone sees
// the results of closed items. Before a close the room only says how many
// judges have scored.

type Message = { kind: 'ok' | 'error'; key: MessageKey; params?: Record<string, string | number> }

function ScoreForm({ props, item }: { props: PanelProps; item: AgendaItem }) {
  const t = useT()
  const locale = useLocale()
  const { roadshow, viewer, send, markViewer } = props
  const mine = viewer.scores[item.id]
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(roadshow.rubric.map((c) => [c.key, mine ? String(mine.scores[c.key] ?? '') : '']))
  )
  const [comment, setComment] = useState(mine?.comment ?? '')
  const [invalid, setInvalid] = useState<string | null>(null)
  const [message, setMessage] = useState<Message | null>(null)
  const [busy, setBusy] = useState(false)
  const label = (c: RubricCriterion) => (locale === 'en' ? c.labelEn : c.label)

  async function submit(e: React.FormEvent) {
    e.preventDefault()
    // Checked here too so the field at fault is named without a round trip; the server decides.
    const bad = roadshow.rubric.find((c) => !/^\d{1,3}$/.test(values[c.key]?.trim() ?? '') || Number(values[c.key]) > 100)
    if (bad) {
      setInvalid(bad.key)
      setMessage({ kind: 'error', key: 'roadshow.judge.range' })
      return
    }
    const scores = Object.fromEntries(roadshow.rubric.map((c) => [c.key, Number(values[c.key])]))
    setBusy(true)
    const answer = await send<{ totalCenti: number }>('roadshow:score', { roadshowId: roadshow.id, itemId: item.id, scores, comment })
    setBusy(false)
    if (answer.ok) {
      setInvalid(null)
      markViewer({ scores: { ...viewer.scores, [item.id]: { scores, comment, totalCenti: answer.totalCenti } } })
      setMessage({ kind: 'ok', key: 'roadshow.judge.saved', params: { total: points(answer.totalCenti) } })
    } else {
      setInvalid(answer.field?.startsWith('scores.') ? answer.field.slice('scores.'.length) : null)
      setMessage({ kind: 'error', key: reasonKey(answer.reason) })
    }
  }

  const formId = `judge-${item.id}`
  return (
    <form onSubmit={submit} className="roadshow-score-form" aria-describedby={message ? `${formId}-msg` : undefined} noValidate>
      <div className="roadshow-score-grid">
        {roadshow.rubric.map((c) => {
          const id = `${formId}-${c.key}`
          return (
            <div key={c.key} className="field" data-invalid={invalid === c.key ? '' : undefined}>
              <label htmlFor={id}>{t('roadshow.judge.criterion', { label: label(c), weight: c.weight })}</label>
              <input
                id={id}
                name={c.key}
                type="number"
                inputMode="numeric"
                min={0}
                max={100}
                step={1}
                required
                value={values[c.key] ?? ''}
                onChange={(e) => setValues((v) => ({ ...v, [c.key]: e.target.value }))}
                aria-invalid={invalid === c.key || undefined}
                aria-describedby={`${formId}-range`}
              />
            </div>
          )
        })}
      </div>
      <p id={`${formId}-range`} className="hint muted">
        {t('roadshow.judge.range')}
      </p>
      <div className="field">
        <label htmlFor={`${formId}-comment`}>{t('roadshow.judge.comment')}</label>
        <textarea id={`${formId}-comment`} name="comment" rows={2} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      <div className="roadshow-panel-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t(mine ? 'roadshow.judge.revise' : 'roadshow.judge.submit')}
        </button>
        {mine ? <span className="muted">{t('roadshow.judge.mine', { total: points(mine.totalCenti) })}</span> : null}
      </div>
      {message ? (
        <p id={`${formId}-msg`} className={message.kind === 'ok' ? 'roadshow-note-ok' : 'field-errors'} role={message.kind === 'ok' ? 'status' : 'alert'}>
          {t(message.key, message.params)}
        </p>
      ) : null}
    </form>
  )
}

function CloseButton({ props, item }: { props: PanelProps; item: AgendaItem }) {
  const t = useT()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<MessageKey | null>(null)
  async function close() {
    setBusy(true)
    const answer = await props.send('roadshow:scoring_close', { roadshowId: props.roadshow.id, itemId: item.id })
    setBusy(false)
    setError(answer.ok ? null : reasonKey(answer.reason))
  }
  return (
    <div className="roadshow-panel-actions">
      <button type="button" className="btn btn-secondary" onClick={close} disabled={busy}>
        {t(busy ? 'roadshow.judge.closing' : 'roadshow.judge.close')}
      </button>
      {error ? (
        <p className="field-errors" role="alert">
          {t(error)}
        </p>
      ) : null}
    </div>
  )
}

export function JudgePanel(props: PanelProps) {
  const t = useT()
  const locale = useLocale()
  const { roadshow, items, state, viewer } = props
  const current = currentItemOf(props)
  const scoring = current ? state.scoring[current.id] : undefined
  const closed = !!scoring?.result
  const live = state.phase === 'live'
  const results = items.filter((i) => state.scoring[i.id]?.result)
  // After the session the host may still close items left open.
  const leftOpen = state.phase === 'ended' && viewer.roles.organiser ? items.filter((i) => state.scoring[i.id] && !state.scoring[i.id]!.result) : []
  const criterion = new Map(roadshow.rubric.map((c) => [c.key, locale === 'en' ? c.labelEn : c.label]))
  return (
    <section className="roadshow-panel roadshow-judges" aria-labelledby="roadshow-judges-h">
      <h2 id="roadshow-judges-h">{t('roadshow.judge.heading')}</h2>
      {viewer.roles.judge || viewer.roles.organiser ? (
        current && live ? (
          <div className="roadshow-judge-current">
            <p className="roadshow-item-title">{t('roadshow.judge.item', { title: current.title })}</p>
            <p className="muted" aria-live="polite">
              {t('roadshow.judge.count', { n: scoring?.judges ?? 0 })}
            </p>
            {closed ? (
              <p className="muted">{t('roadshow.judge.closedNote')}</p>
            ) : (
              <>
                {viewer.roles.judge ? <ScoreForm key={current.id} props={props} item={current} /> : null}
                {viewer.roles.organiser ? <CloseButton key={`close-${current.id}`} props={props} item={current} /> : null}
              </>
            )}
          </div>
        ) : live ? (
          <p className="muted">{t('roadshow.judge.noItem')}</p>
        ) : null
      ) : null}
      {leftOpen.map((i) => (
        <div key={i.id} className="roadshow-judge-current">
          <p className="roadshow-item-title">{i.title}</p>
          <p className="muted">{t('roadshow.judge.count', { n: state.scoring[i.id]!.judges })}</p>
          <CloseButton props={props} item={i} />
        </div>
      ))}
      <h3>{t('roadshow.judge.results')}</h3>
      {results.length === 0 ? (
        <p className="muted">{t('roadshow.judge.noResults')}</p>
      ) : (
        <ul className="roadshow-results" aria-live="polite">
          {results.map((i) => {
            const r = state.scoring[i.id]!.result!
            return (
              <li key={i.id} data-item={i.id}>
                <span className="roadshow-item-title">{i.title}</span>
                <strong className="roadshow-final">{t('roadshow.judge.final', { score: points(r.finalCenti) })}</strong>
                <span className="muted">{t(r.dropped ? 'roadshow.judge.dropped' : 'roadshow.judge.average', { n: r.judges })}</span>
                <span className="roadshow-criteria">
                  {t('roadshow.judge.byCriterion')}
                  {Object.entries(r.byCriterion)
                    .map(([k, v]) => `${criterion.get(k) ?? k} ${points(v)}`)
                    .join(locale === 'en' ? '; ' : '；')}
                </span>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
