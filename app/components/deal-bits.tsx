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
        const state = i < reached ? 'done' : i === reached ? (stage === 'closed_lost' ? 'done' : 'current') : 'todo'
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
