import { useState } from 'react'
import type { MessageKey } from '../../../server/i18n/catalog'
import type { PanelProps } from './panel-types'
import { reasonKey } from './live-format'
import { useT } from '~/utils/i18n'

// 主持人控制台: the organisers' bar over the live panel. Each button sends
// `roadshow:host`; the page changes when the event comes back through the room
// (for everyone at once), the bar only says what was refused.

type Props = Pick<PanelProps, 'roadshow' | 'items' | 'state' | 'send'>

export function HostControls({ roadshow, items, state, send }: Props) {
  const t = useT()
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; key: MessageKey } | null>(null)
  const [pin, setPin] = useState('')
  const [pinError, setPinError] = useState<MessageKey | null>(null)
  const [goto, setGoto] = useState('')
  const [confirmEnd, setConfirmEnd] = useState(false)

  const act = async (action: string, extra: Record<string, unknown> = {}) => {
    setBusy(true)
    setMessage(null)
    const answer = await send('roadshow:host', { roadshowId: roadshow.id, action, ...extra })
    setBusy(false)
    if (!answer.ok && answer.field === 'body') setPinError(reasonKey(answer))
    else setMessage(answer.ok ? { ok: true, key: 'roadshow.live.host.done' } : { ok: false, key: reasonKey(answer) })
    return answer.ok
  }

  const live = state.phase === 'live'
  const current = items.find((i) => i.id === state.currentItemId)
  const qaOpen = !!current && state.qaOpen.includes(current.id)
  const last = !!current && items[items.length - 1]?.id === current.id

  return (
    <section className="roadshow-host" aria-labelledby="roadshow-host-h">
      <h3 id="roadshow-host-h">{t('roadshow.live.host.title')}</h3>
      <div className="roadshow-host-row">
        {state.phase === 'before' ? (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void act('start')}>
            {t('roadshow.live.host.start')}
          </button>
        ) : null}
        {live ? (
          <>
            <button type="button" className="btn btn-primary" disabled={busy || last} onClick={() => void act('next')}>
              {t('roadshow.live.host.next')}
            </button>
            {current ? (
              <button
                type="button"
                className="btn btn-secondary"
                disabled={busy}
                aria-pressed={qaOpen}
                onClick={() => void act(qaOpen ? 'qa_close' : 'qa_open')}
              >
                {t(qaOpen ? 'roadshow.live.host.qaClose' : 'roadshow.live.host.qaOpen')}
              </button>
            ) : null}
            <form
              className="roadshow-host-goto"
              onSubmit={(e) => {
                e.preventDefault()
                if (goto) void act('goto', { itemId: goto })
              }}
            >
              <label className="visually-hidden" htmlFor="roadshow-goto">
                {t('roadshow.live.host.gotoLabel')}
              </label>
              <select id="roadshow-goto" value={goto} onChange={(e) => setGoto(e.target.value)}>
                <option value="">{t('roadshow.live.host.gotoLabel')}</option>
                {items.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.position}. {i.title}
                  </option>
                ))}
              </select>
              <button type="submit" className="btn btn-secondary" disabled={busy || !goto}>
                {t('roadshow.live.host.goto')}
              </button>
            </form>
          </>
        ) : null}
      </div>
      {state.phase !== 'ended' ? (
        <form
          className="roadshow-host-pin"
          onSubmit={(e) => {
            e.preventDefault()
            setPinError(null)
            void act('pin', { body: pin }).then((ok) => ok && setPin(''))
          }}
        >
          <label htmlFor="roadshow-pin">{t('roadshow.live.host.pinLabel')}</label>
          <div className="roadshow-host-pin-row">
            <input
              id="roadshow-pin"
              name="body"
              maxLength={300}
              value={pin}
              onChange={(e) => setPin(e.target.value)}
              aria-invalid={pinError ? true : undefined}
              aria-describedby={pinError ? 'roadshow-pin-error' : undefined}
            />
            <button type="submit" className="btn btn-secondary" disabled={busy}>
              {t('roadshow.live.host.pin')}
            </button>
            {state.pinned ? (
              <button type="button" className="btn btn-ghost" disabled={busy} onClick={() => void act('unpin')}>
                {t('roadshow.live.host.unpin')}
              </button>
            ) : null}
          </div>
          {pinError ? (
            <p id="roadshow-pin-error" className="field-errors">
              {t(pinError)}
            </p>
          ) : null}
        </form>
      ) : null}
      {live ? (
        <div className="roadshow-host-row roadshow-host-end">
          {confirmEnd ? (
            <>
              <span role="alert">{t('roadshow.live.host.endConfirm')}</span>
              <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void act('end').then(() => setConfirmEnd(false))}>
                {t('roadshow.live.host.endYes')}
              </button>
              <button type="button" className="btn btn-ghost" onClick={() => setConfirmEnd(false)}>
                {t('roadshow.live.host.cancel')}
              </button>
            </>
          ) : (
            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => setConfirmEnd(true)}>
              {t('roadshow.live.host.end')}
            </button>
          )}
        </div>
      ) : null}
      <p className={`roadshow-host-status small ${message && !message.ok ? 'is-error' : ''}`} role="status">
        {message ? t(message.key) : null}
      </p>
    </section>
  )
}
