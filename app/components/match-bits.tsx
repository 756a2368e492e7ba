import type { MessageKey } from '../../server/i18n/catalog'
import { useT } from '~/utils/i18n'

// Pieces of a proposed match shown on the match board and on /my/matches:
// its status, and how each side answered.

export function MatchStatusBadge({ status }: { status: string }) {
  const t = useT()
  return <span className={`badge badge-match-${status}`}>{t(`match.status.${status}` as MessageKey)}</span>
}

interface SideAnswer {
  answer: string | null
  reason: string | null
  note: string | null
}

export interface MatchAnswersData {
  status: string
  enterprise: SideAnswer
  institution: SideAnswer
}

function AnswerText({ a, closed }: { a: SideAnswer; closed: boolean }) {
  const t = useT()
  if (a.answer === 'interested') return <span className="answer answer-interested">{t('match.answer.interested')}</span>
  if (a.answer === 'declined') {
    return (
      <span className="answer answer-declined">
        {t('match.answer.declinedBecause', { reason: t(`decline.${a.reason ?? 'other'}` as MessageKey) })}
        {a.note ? <span className="answer-note"> {t('need.noteQuoted', { note: a.note })}</span> : null}
      </span>
    )
  }
  return <span className="answer answer-waiting">{closed ? t('match.answer.none') : t('match.answer.waiting')}</span>
}

/** Each side's answer: the enterprise for its need, the institution for its achievement (compact: stacked, for the board's side column). */
export function MatchAnswers({ m, compact = false }: { m: MatchAnswersData; compact?: boolean }) {
  const t = useT()
  const closed = m.status !== 'proposed'
  return (
    <dl className={`match-answers${compact ? ' match-answers-compact' : ''}`}>
      <div>
        <dt>{t('match.side.enterprise')}</dt>
        <dd>
          <AnswerText a={m.enterprise} closed={closed} />
        </dd>
      </div>
      <div>
        <dt>{t('match.side.institution')}</dt>
        <dd>
          <AnswerText a={m.institution} closed={closed} />
        </dd>
      </div>
    </dl>
  )
}
