import { Link, useLocation } from '@remix-run/react'
import { useState } from 'react'
import { useRoom } from '~/utils/realtime'
import { useT } from '~/utils/i18n'

/**
 * The header's bell (ADR 024): the unread count from the root loader, raised
 * live by each `notification` event of the user's own room. A new loader count
 * (after a navigation or marking read) replaces the live one; events already
 * counted by the loader are not delivered again (afterSeq).
 */
export function NotificationBell({ room, unread, seq }: { room: string; unread: number; seq: number }) {
  const t = useT()
  const location = useLocation()
  const [live, setLive] = useState({ base: unread, baseSeq: seq, extra: 0, lastSeq: seq })
  // The loader moved on: start again from its figures (render-time reset, no effect needed).
  if (live.base !== unread || live.baseSeq !== seq) setLive({ base: unread, baseSeq: seq, extra: 0, lastSeq: seq })
  useRoom<{ id: number }>(
    room,
    (e) => {
      if (e.kind !== 'notification') return
      setLive((s) => (e.seq <= s.lastSeq ? s : { ...s, extra: s.extra + 1, lastSeq: e.seq }))
    },
    { afterSeq: seq },
  )
  const n = live.base + live.extra
  const here = location.pathname === '/notifications'
  return (
    <Link
      to="/notifications"
      className={`bell${n > 0 ? ' has-unread' : ''}`}
      aria-label={n > 0 ? t('notify.bell.unread', { n }) : t('notify.bell.none')}
      aria-current={here ? 'page' : undefined}
      data-testid="bell"
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {n > 0 ? (
        <span className="bell-count" aria-hidden="true">
          {n > 99 ? '99+' : n}
        </span>
      ) : null}
    </Link>
  )
}
