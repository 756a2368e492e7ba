import { Form, Link } from '@remix-run/react'
import type { DealStage } from '../../db/schema'
import type { MessageKey } from '../../server/i18n/catalog'
import { DEAL_PATH } from '../../server/deals/stage-rules'
import { useT } from '~/utils/i18n'

// Small pieces of the deal-room pages: the stage badge and the stage bar.

export function StageBadge({ stage }: { stage: DealStage }) {
  const t = useT()
  return <span className={`badge badge-stage badge-stage-${stage}`}>{t(`deals.stage.${stage}` as MessageKey)}</span>
}

/** 意向 → 洽谈 → 条款确认 → 签约 → 合同登记 → 实施, or the same bar with 成交失败 at the end. */
export function StageBar({ stage, lostAt }: { stage: DealStage; lostAt?: DealStage | null }) {
  const t = useT()
  const reached = stage === 'closed_lost' ? (lostAt ? DEAL_PATH.indexOf(lostAt as (typeof DEAL_PATH)[number]) : -1) : DEAL_PATH.indexOf(stage as (typeof DEAL_PATH)[number])
  return (
    <ol className={`stage-bar${stage === 'closed_lost' ? ' stage-bar-lost' : ''}`} aria-label={t('deals.room.stages')}>
      {DEAL_PATH.map((s, i) => {
        const state = i < reached || (i === reached && stage === 'closed_lost') ? 'done' : i === reached ? 'current' : 'todo'
        return (
          <li key={s} className={`stage-step stage-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="stage-dot" aria-hidden="true">
              {state === 'done' ? '✓' : i + 1}
            </span>
            <span className="stage-name">{t(`deals.stage.${s}` as MessageKey)}</span>
          </li>
        )
      })}
      {stage === 'closed_lost' ? (
        <li className="stage-step stage-lost" aria-current="step">
          <span className="stage-dot" aria-hidden="true">
            ×
          </span>
          <span className="stage-name">{t('deals.stage.closed_lost')}</span>
        </li>
      ) : null}
    </ol>
  )
}

/** "开启洽谈室" — or, when the room is open already, a link into it. */
export function OpenDealButton({ from, id, roomId, achievementId, needId, label }: { from: 'match' | 'interest' | 'need_response' | 'direct'; id?: string; roomId?: string | null; achievementId?: string; needId?: string; label?: string }) {
  const t = useT()
  if (roomId)
    return (
      <Link to={`/deals/${roomId}`} className="btn btn-secondary btn-deal">
        {t('deals.open.go')}
      </Link>
    )
  return (
    <Form method="post" action="/deals/open" className="inline-form open-deal">
      <input type="hidden" name="from" value={from} />
      {id ? <input type="hidden" name="id" value={id} /> : null}
      {achievementId ? <input type="hidden" name="achievementId" value={achievementId} /> : null}
      {needId ? <input type="hidden" name="needId" value={needId} /> : null}
      <button type="submit" className="btn btn-primary btn-deal">
        {label ?? t('deals.open.button')}
      </button>
    </Form>
  )
}
