import { useEffect, useRef, useState } from 'react'
import type { MessageKey } from '../../../server/i18n/catalog'
import { isSilenced, type RoadshowChatLine } from '../../../server/roadshows/live-events'
import type { PanelProps } from './panel-types'
import { formatClockTime, reasonKey } from './live-format'
import { useLocale, useT } from '~/utils/i18n'

// 互动聊天: the session's lines (newest at the bottom), a line to send, and for
// organisers a moderation menu on each line (hide, mute, remove). A refused
// line stays in the box with the reason under it; a line that got no answer
// keeps its key, so sending it again cannot post it twice.

const newKey = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`)

export function LiveChat({ roadshow, state, viewer, send, canChat }: Pick<PanelProps, 'roadshow' | 'state' | 'viewer' | 'send'> & { canChat: boolean }) {
  const t = useT()
  const locale = useLocale()
  const [body, setBody] = useState('')
  const [key, setKey] = useState(newKey)
  const [error, setError] = useState<MessageKey | null>(null)
  const [sending, setSending] = useState(false)
  const list = useRef<HTMLOListElement>(null)
  const organiser = viewer.roles.organiser
  const me = viewer.userId
  const silenced = !!me && !organiser && isSilenced(state, me, new Date())
  const mySanction = me ? state.sanctions[me] : undefined

  // Follow the newest line unless the reader scrolled up to read.
  const last = state.chat[state.chat.length - 1]?.id
  useEffect(() => {
    const el = list.current
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 120) el.scrollTop = el.scrollHeight
  }, [last])

  const submit = async () => {
    if (sending) return
    setSending(true)
    setError(null)
    const answer = await send('roadshow:chat', { roadshowId: roadshow.id, body, key })
    setSending(false)
    if (answer.ok) {
      setBody('')
      setKey(newKey())
    } else {
      setError(reasonKey(answer))
      // A refusal that is final for this text (not a lost answer) gets a new key for the next try.
      if (answer.reason !== 'unavailable') setKey(newKey())
    }
  }

  return (
    <section className="roadshow-chat" aria-labelledby="roadshow-chat-h">
      <h3 id="roadshow-chat-h">{t('roadshow.live.chat.title')}</h3>
      <ol className="roadshow-chat-lines" ref={list} role="log" aria-live="polite" aria-labelledby="roadshow-chat-h" tabIndex={0} data-testid="chat-lines">
        {state.chat.length === 0 ? <li className="muted small">{t('roadshow.live.chat.empty')}</li> : null}
        {state.chat.map((line) => (
          <ChatLine
            key={line.id}
            line={line}
            locale={locale}
            organiser={organiser}
            self={line.userId === me}
            roadshowId={roadshow.id}
            state={state}
            send={send}
          />
        ))}
      </ol>
      {canChat && state.phase === 'live' ? (
        mySanction ? (
          <p className="roadshow-notice is-warning" role="status">
            {mySanction.sanction === 'remove'
              ? t('roadshow.live.removedNotice')
              : mySanction.until
              ? t('roadshow.live.mutedUntil', { time: formatClockTime(locale, mySanction.until) })
              : t('roadshow.live.mutedNotice')}
          </p>
        ) : null
      ) : null}
      {canChat && state.phase === 'live' && !(silenced && mySanction?.sanction === 'remove') ? (
        <form
          className="roadshow-chat-form"
          onSubmit={(e) => {
            e.preventDefault()
            void submit()
          }}
        >
          <label htmlFor="roadshow-chat-body" className="visually-hidden">
            {t('roadshow.live.chat.label')}
          </label>
          <input
            id="roadshow-chat-body"
            name="body"
            autoComplete="off"
            maxLength={300}
            placeholder={t('roadshow.live.chat.placeholder')}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'roadshow-chat-error' : undefined}
          />
          <button type="submit" className="btn btn-primary" disabled={sending || !body.trim()}>
            {sending ? t('roadshow.live.chat.sending') : t('roadshow.live.chat.send')}
          </button>
          {error ? (
            <p id="roadshow-chat-error" className="field-errors roadshow-chat-error" role="alert">
              {t(error)}
            </p>
          ) : null}
        </form>
      ) : canChat && state.phase === 'before' ? (
        <p className="muted small">{t('roadshow.live.chat.notLive')}</p>
      ) : null}
    </section>
  )
}

function ChatLine({
  line,
  locale,
  organiser,
  self,
  roadshowId,
  state,
  send,
}: {
  line: RoadshowChatLine
  locale: ReturnType<typeof useLocale>
  organiser: boolean
  self: boolean
  roadshowId: string
  state: PanelProps['state']
  send: PanelProps['send']
}) {
  const t = useT()
  const sanction = state.sanctions[line.userId]
  return (
    <li className={`roadshow-chat-line ${self ? 'is-self' : ''}`}>
      <span className="roadshow-chat-who">
        <strong>{line.name}</strong>
        {line.orgName ? <span className="muted"> · {line.orgName}</span> : null}
        {sanction ? (
          <span className="badge roadshow-badge-sanction">
            {t(sanction.sanction === 'remove' ? 'roadshow.live.mod.removedBadge' : 'roadshow.live.mod.mutedBadge')}
          </span>
        ) : null}
        <time className="muted small" dateTime={line.at}>
          {formatClockTime(locale, line.at)}
        </time>
      </span>
      <span className="roadshow-chat-body">{line.body}</span>
      {organiser && !self ? <ModerationMenu line={line} roadshowId={roadshowId} sanctioned={!!sanction} send={send} /> : null}
    </li>
  )
}

function ModerationMenu({ line, roadshowId, sanctioned, send }: { line: RoadshowChatLine; roadshowId: string; sanctioned: boolean; send: PanelProps['send'] }) {
  const t = useT()
  const [error, setError] = useState<MessageKey | null>(null)
  const details = useRef<HTMLDetailsElement>(null)
  const act = async (msg: Record<string, unknown>) => {
    setError(null)
    const answer = await send('roadshow:moderate', { roadshowId, ...msg })
    if (answer.ok) details.current?.removeAttribute('open')
    else setError(reasonKey(answer))
  }
  return (
    <details className="roadshow-mod" ref={details}>
      <summary aria-label={t('roadshow.live.mod.menuFor', { name: line.name })}>{t('roadshow.live.mod.menu')}</summary>
      <div className="roadshow-mod-actions">
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => void act({ action: 'hide', chatId: line.id })}>
          {t('roadshow.live.mod.hide')}
        </button>
        {sanctioned ? (
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => void act({ action: 'unmute', userId: line.userId })}>
            {t('roadshow.live.mod.unmute')}
          </button>
        ) : (
          <>
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => void act({ action: 'mute', userId: line.userId, minutes: 10 })}>
              {t('roadshow.live.mod.mute10')}
            </button>
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => void act({ action: 'mute', userId: line.userId })}>
              {t('roadshow.live.mod.muteSession')}
            </button>
            <button type="button" className="btn btn-sm btn-danger" onClick={() => void act({ action: 'remove', userId: line.userId })}>
              {t('roadshow.live.mod.remove')}
            </button>
          </>
        )}
        {error ? (
          <p className="field-errors" role="alert">
            {t(error)}
          </p>
        ) : null}
      </div>
    </details>
  )
}

/** 弹幕: the newest lines drift across the stream (or, for reduced motion, stand still at its foot — app/styles/roadshow-live.css). */
export function Danmaku({ lines }: { lines: RoadshowChatLine[] }) {
  // Keyed by line id: a line flies once, later renders do not restart it.
  const shown = lines.slice(-6)
  return (
    <div className="roadshow-danmaku" aria-hidden="true">
      {shown.map((l) => (
        <span key={l.id} className={`roadshow-danmaku-line lane-${laneOf(l.id)}`}>
          {l.body}
        </span>
      ))}
    </div>
  )
}

/** A line keeps its lane while newer lines arrive (from its id, not its place in the list). */
const laneOf = (id: string) => [...id].reduce((n, c) => n + c.charCodeAt(0), 0) % 4
