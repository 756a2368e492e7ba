import { Link } from '@remix-run/react'
import { useState } from 'react'
import { isMessageKey, type MessageKey } from '../../../server/i18n/catalog'
import { TRANSACTION_MODES } from '../../../server/listings/schemas'
import { useT } from '~/utils/i18n'
import { currentItemOf, reasonKey } from './panel-bits'
import type { PanelProps } from './panel-types'

// 意向登记 (ADR 033): a member of a verified enterprise states interest in the
// current item — for which of their enterprises, the preferred mode and a
// note. Once per organisation and item; the room shows only how many did, and
// the owner's side and the organisers find who and what in the inbox.

export interface IntentOrg {
  id: string
  name: string
}

const NOTE_MAX = 1000

export function IntentPanel(
  props: PanelProps & {
    /** The viewer's verified enterprises (server/roadshows/intents.ts intentOrgsOf); without it the server picks the only one. */ intentOrgs?: IntentOrg[]
  }
) {
  const t = useT()
  const { roadshow, state, viewer, send, markViewer } = props
  const item = currentItemOf(props)
  const orgs = props.intentOrgs
  const [orgId, setOrgId] = useState(orgs?.[0]?.id ?? '')
  const [mode, setMode] = useState<string>(TRANSACTION_MODES[0])
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<{ key: MessageKey; field?: string } | null>(null)
  const inbox = viewer.roles.organiser || viewer.roles.presenter
  if (!item || state.phase === 'before') return null
  const count = state.intents[item.id] ?? 0
  const registered = viewer.intents.includes(item.id)
  const canRegister = !!viewer.userId && viewer.roles.participate && (orgs === undefined || orgs.length > 0) && !!item.achievementId
  const modeLabel = (m: string) => {
    const key = `mode.${m}`
    return isMessageKey(key) ? t(key) : m
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault()
    if (!item) return
    if (note.length > NOTE_MAX) {
      setError({ key: 'roadshow.reason.invalid', field: 'note' })
      return
    }
    setBusy(true)
    const answer = await send<{ count: number }>('roadshow:intent', {
      roadshowId: roadshow.id,
      itemId: item.id,
      mode,
      note,
      ...(orgs && orgs.length > 1 ? { orgId } : {}),
    })
    setBusy(false)
    if (answer.ok) {
      setError(null)
      markViewer({ intents: [...viewer.intents, item.id] })
    } else setError({ key: reasonKey(answer.reason), field: answer.field })
  }

  const id = `intent-${item.id}`
  return (
    <section className="roadshow-panel roadshow-intents" aria-labelledby="roadshow-intents-h">
      <h2 id="roadshow-intents-h">{t('roadshow.intent.heading')}</h2>
      <p className="muted" aria-live="polite">
        {t('roadshow.intent.count', { n: count })}
      </p>
      {registered ? (
        <p className="roadshow-note-ok" role="status">
          {t('roadshow.intent.registered')}
        </p>
      ) : !viewer.userId ? (
        <p className="muted">{t('roadshow.intent.signIn')}</p>
      ) : canRegister ? (
        <form onSubmit={submit} key={item.id} noValidate>
          <p className="roadshow-item-title">{t('roadshow.intent.item', { title: item.title })}</p>
          {orgs && orgs.length > 1 ? (
            <div className="field" data-invalid={error?.field === 'orgId' ? '' : undefined}>
              <label htmlFor={`${id}-org`}>{t('roadshow.intent.org')}</label>
              <select id={`${id}-org`} name="orgId" value={orgId} onChange={(e) => setOrgId(e.target.value)}>
                {orgs.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="field" data-invalid={error?.field === 'mode' ? '' : undefined}>
            <label htmlFor={`${id}-mode`}>{t('roadshow.intent.mode')}</label>
            <select id={`${id}-mode`} name="mode" value={mode} onChange={(e) => setMode(e.target.value)}>
              {TRANSACTION_MODES.map((m) => (
                <option key={m} value={m}>
                  {modeLabel(m)}
                </option>
              ))}
            </select>
          </div>
          <div className="field" data-invalid={error?.field === 'note' ? '' : undefined}>
            <label htmlFor={`${id}-note`}>{t('roadshow.intent.note')}</label>
            <textarea
              id={`${id}-note`}
              name="note"
              rows={3}
              maxLength={NOTE_MAX}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              aria-invalid={error?.field === 'note' || undefined}
            />
          </div>
          <div className="roadshow-panel-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t(busy ? 'roadshow.intent.sending' : 'roadshow.intent.submit')}
            </button>
          </div>
          {error ? (
            <p className="field-errors" role="alert">
              {t(error.key)}
            </p>
          ) : null}
        </form>
      ) : !inbox ? (
        <p className="muted">{t('roadshow.intent.onlyEnterprises')}</p>
      ) : null}
      {inbox ? (
        <p>
          <Link to={`/roadshows/${roadshow.id}/intents`}>{t('roadshow.intent.inbox')}</Link>
        </p>
      ) : null}
    </section>
  )
}
