import { useState } from 'react'
import type { MessageKey } from '../../../server/i18n/catalog'
import type { RoadshowLiveState } from '../../../server/roadshows/live-events'
import type { AgendaItem, RoadshowLiveProps } from '../../../server/roadshows/view-types'
import { RoadshowAuctionPanel } from './auction-panel'
import { HostControls } from './host-controls'
import { IntentPanel } from './intent-panel'
import { JudgePanel } from './judge-panel'
import { Danmaku, LiveChat } from './live-chat'
import { durationText, formatClockTime, stageAt } from './live-format'
import type { PanelProps } from './panel-types'
import { PollPanel } from './poll-panel'
import { QaPanel } from './qa-panel'
import { StreamPlayer } from './stream-player'
import liveStyles from '~/styles/roadshow-live.css?url'
import { useLocale, useT } from '~/utils/i18n'
import { useRoadshowLive } from '~/utils/use-roadshow-live'
import { useServerClock } from '~/utils/use-server-clock'

// The live panel of a roadshow page (ADR 033), for every phase and every
// viewer: before the start a waiting room (countdown on the server's clock,
// advance questions), while live the stream beside the live panel — current
// item with its pitch / Q&A countdown, pinned message, host controls for
// organisers, chat with bullet comments over the stream, the parts (Q&A,
// polls, judging, intents, the lot's bidding) — and the agenda with presence;
// after the end a link to the replay. It follows room `roadshow:<id>` from the
// snapshot's seq (app/utils/use-roadshow-live.ts). The parts are laid out side
// by side rather than in tabs, so every one is on screen and reachable.

/** The panel's stylesheet, for the page's `links` (the page must spread it in). */
export const liveRoadshowLinks = () => [{ rel: 'stylesheet', href: liveStyles }]

export function LiveRoadshow(props: RoadshowLiveProps) {
  const { roadshow, items, serverNow } = props
  const t = useT()
  const locale = useLocale()
  const { state, viewer, send, markViewer, connection, socketed } = useRoadshowLive(roadshow.id, props.live)
  const clock = useServerClock(serverNow, connection.connections, socketed && state.phase !== 'ended')
  const [danmaku, setDanmaku] = useState(true)
  const panel: PanelProps = { roadshow, items, state, viewer, send, markViewer }
  const current = items.find((i) => i.id === state.currentItemId) ?? null
  const signedIn = viewer.userId !== null
  const canChat = signedIn && viewer.roles.participate

  return (
    <section className="card roadshow-live" data-phase={state.phase} aria-labelledby="roadshow-live-h" data-testid="roadshow-live">
      <header className="roadshow-live-head">
        <h2 id="roadshow-live-h">{t('roadshow.live.title')}</h2>
        <span className={`badge roadshow-phase roadshow-phase-${state.phase}`} data-testid="roadshow-phase">
          {t(`roadshow.live.phase.${state.phase}` as MessageKey)}
        </span>
        {state.phase === 'live' ? <Presence state={state} /> : null}
        {socketed && state.phase !== 'ended' ? (
          <span className={`roadshow-conn ${connection.connected ? 'is-up' : 'is-down'}`} role="status" data-testid="roadshow-connection">
            {connection.connected ? t('roadshow.live.connected') : connection.connections ? t('roadshow.live.reconnecting') : t('roadshow.live.connecting')}
          </span>
        ) : null}
      </header>

      {!signedIn && state.phase !== 'ended' ? (
        <p className="roadshow-notice">
          {t('roadshow.live.signIn')} <a href={`/login?redirectTo=${encodeURIComponent(`/roadshows/${roadshow.id}`)}`}>{t('roadshow.live.signInLink')}</a>
        </p>
      ) : signedIn && !viewer.roles.participate && state.phase !== 'ended' ? (
        <p className="roadshow-notice">
          {viewer.userId && state.sanctions[viewer.userId]?.sanction === 'remove' ? t('roadshow.live.removedNotice') : t('roadshow.live.watchOnly')}
        </p>
      ) : null}

      {state.pinned ? (
        <aside className="roadshow-pinned" aria-label={t('roadshow.live.pinned')} data-testid="roadshow-pinned">
          <span className="badge">{t('roadshow.live.pinned')}</span> <span className="roadshow-pinned-body">{state.pinned.body}</span>
          <span className="muted small"> — {state.pinned.name}</span>
        </aside>
      ) : null}

      {viewer.roles.organiser && state.phase !== 'ended' ? <HostControls roadshow={roadshow} items={items} state={state} send={send} /> : null}

      {state.phase === 'before' ? (
        <div className="roadshow-waiting">
          <h3>{t('roadshow.live.waiting.title')}</h3>
          <p>{t('roadshow.live.waiting.startsAt', { time: formatClockTime(locale, roadshow.startsAt, true) })}</p>
          <p className="roadshow-countdown" role="timer" aria-live="off" data-testid="roadshow-countdown">
            {Date.parse(roadshow.startsAt) > clock.serverMs
              ? t('roadshow.live.waiting.countdown', { clock: durationText(Date.parse(roadshow.startsAt) - clock.serverMs) })
              : t('roadshow.live.waiting.due')}
          </p>
          <p className="muted">{t('roadshow.live.waiting.advance')}</p>
          {/* H3: advance questions are asked and listed in the Q&A panel before the start as well. */}
          <QaPanel {...panel} />
        </div>
      ) : null}

      {state.phase === 'ended' ? (
        <div className="roadshow-ended">
          <h3>{t('roadshow.live.ended.title')}</h3>
          <p>
            <a className="btn btn-primary" href={`/roadshows/${roadshow.id}/replay`}>
              {t('roadshow.live.ended.replay')}
            </a>
          </p>
          {/* H4: judged results of closed items stay visible after the end. */}
          <JudgePanel {...panel} />
        </div>
      ) : null}

      {state.phase === 'live' ? (
        <div className="roadshow-live-grid">
          <div className="roadshow-live-main">
            <div className="roadshow-stage">
              <StreamPlayer roadshow={roadshow} overlay={danmaku ? <Danmaku lines={state.chat} /> : null} />
              <label className="roadshow-danmaku-toggle small">
                <input type="checkbox" checked={danmaku} onChange={(e) => setDanmaku(e.target.checked)} /> {t('roadshow.live.danmaku.on')}
              </label>
            </div>
            <CurrentItem item={current} total={items.length} state={state} serverMs={clock.serverMs} />
            <RoadshowAuctionPanel {...panel} auctions={props.auctions} />
            <div className="roadshow-parts">
              <PollPanel {...panel} />
              <JudgePanel {...panel} />
              <IntentPanel {...panel} intentOrgs={props.intentOrgs} />
            </div>
          </div>
          <div className="roadshow-live-side">
            <LiveChat roadshow={roadshow} state={state} viewer={viewer} send={send} canChat={canChat} />
            <QaPanel {...panel} />
          </div>
        </div>
      ) : null}

      <Agenda items={items} state={state} />
    </section>
  )
}

function Presence({ state }: { state: RoadshowLiveState }) {
  const t = useT()
  return (
    <span className="roadshow-presence small" data-testid="roadshow-presence">
      <span>{t('roadshow.live.presence.current', { n: state.presence.current })}</span>
      <span className="muted"> · {t('roadshow.live.presence.peak', { n: state.presence.peak })}</span>
    </span>
  )
}

function CurrentItem({ item, total, state, serverMs }: { item: AgendaItem | null; total: number; state: RoadshowLiveState; serverMs: number }) {
  const t = useT()
  if (!item) return <p className="roadshow-current muted">{t('roadshow.live.noCurrent')}</p>
  const stage = state.itemStartedAt ? stageAt(state.itemStartedAt, item.pitchMinutes, item.qaMinutes, serverMs) : null
  const qaOpen = state.qaOpen.includes(item.id)
  return (
    <section className="roadshow-current" aria-labelledby="roadshow-current-h" data-testid="roadshow-current">
      <p className="roadshow-current-label small muted">
        {t('roadshow.live.current')} · {item.position}/{total}
      </p>
      <h3 id="roadshow-current-h">{item.title}</h3>
      <p className="small">{t('roadshow.live.presenter', { name: item.presenterName })}</p>
      {stage ? (
        <p className={`roadshow-stage-clock is-${stage.stage}`} role="timer" aria-live="off" data-testid="roadshow-stage-clock">
          <strong>{t(`roadshow.live.stage.${stage.stage}` as MessageKey)}</strong>{' '}
          {t(stage.stage === 'over' ? 'roadshow.live.stage.overBy' : 'roadshow.live.stage.remaining', { clock: durationText(stage.ms) })}
        </p>
      ) : null}
      <p className="small">
        <span className={`badge ${qaOpen ? 'roadshow-qa-open' : ''}`}>{t(qaOpen ? 'roadshow.live.qaOpen' : 'roadshow.live.qaClosed')}</span>
        {item.slidesUrl ? (
          <>
            {' '}
            <a href={item.slidesUrl} target="_blank" rel="noopener noreferrer">
              {t('roadshow.live.slides')}
            </a>
          </>
        ) : null}
        {item.achievementId ? (
          <>
            {' '}
            <a href={`/achievements/${item.achievementId}`}>{t('roadshow.live.achievement')}</a>
          </>
        ) : null}
      </p>
    </section>
  )
}

function Agenda({ items, state }: { items: AgendaItem[]; state: RoadshowLiveState }) {
  const t = useT()
  const current = items.find((i) => i.id === state.currentItemId)
  return (
    <section className="roadshow-agenda" aria-labelledby="roadshow-agenda-h">
      <h3 id="roadshow-agenda-h">{t('roadshow.live.agenda')}</h3>
      <ol data-testid="roadshow-agenda">
        {items.map((i) => {
          const now = i.id === current?.id && state.phase === 'live'
          const done = !!current && (i.position < current.position || (state.phase === 'ended' && i.position === current.position))
          const peak = state.presence.byItem[i.id]
          return (
            <li key={i.id} className={`roadshow-agenda-item ${now ? 'is-current' : ''} ${done ? 'is-done' : ''}`} aria-current={now ? 'step' : undefined}>
              <span className="roadshow-agenda-no">{i.position}</span>
              <span className="roadshow-agenda-text">
                <strong>{i.title}</strong>
                <span className="small muted">
                  {i.presenterName} · {t('roadshow.live.agenda.minutes', { pitch: i.pitchMinutes, qa: i.qaMinutes })}
                  {peak ? ` · ${t('roadshow.live.agenda.peak', { n: peak })}` : ''}
                </span>
              </span>
              {now ? (
                <span className="badge roadshow-badge-now">{t('roadshow.live.agenda.now')}</span>
              ) : done ? (
                <span className="badge">{t('roadshow.live.agenda.done')}</span>
              ) : null}
            </li>
          )
        })}
      </ol>
    </section>
  )
}
