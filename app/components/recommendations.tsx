import { Link } from '@remix-run/react'
import type { MessageKey } from '../../server/i18n/catalog'
import { useT, type T } from '~/utils/i18n'
import type { Reason } from '../../server/engagement/matching/score'

// Explainable recommendations: the score (0–100) and, for each reason the
// scorer weighed (shared terms, industry, maturity, budget vs price, county,
// transaction modes), a sentence a person can read and the points it earned.
// Used on a need's and an achievement's page, the match board and /my/matches.

type ReasonLike = Pick<Reason, 'key' | 'fit' | 'weight'> & { detail: Record<string, unknown> }

const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : [])

/** One reason as a readable phrase, e.g. "共同关键词：压铸、气孔" or "报价在预算之内". */
export function reasonText(t: T, r: ReasonLike): string {
  const d = r.detail
  switch (r.key) {
    case 'terms': {
      const terms = list(d.terms)
      return terms.length ? t('match.reason.terms', { terms: terms.join(t('match.listSep')) }) : t('match.reason.termsNone')
    }
    case 'industry':
      return d.same === 'code' ? t('match.reason.industryCode') : d.same === 'top' ? t('match.reason.industryTop') : t('match.reason.industryNone')
    case 'maturity': {
      const trl = Number(d.trl)
      const stage = t(`trl.${trl}` as MessageKey)
      return t(trl >= 7 ? 'match.reason.maturityReady' : trl === 6 ? 'match.reason.maturityNear' : 'match.reason.maturityEarly', { stage })
    }
    case 'money':
      return d.case === 'within' ? t('match.reason.moneyWithin') : d.case === 'above' ? t('match.reason.moneyAbove') : t('match.reason.moneyNegotiable')
    case 'county':
      return d.same === 'yes' ? t('match.reason.countySame') : t('match.reason.countyOther')
    case 'modes': {
      const modes = list(d.modes)
      if (modes.length) return t('match.reason.modes', { modes: modes.map((m) => t(`mode.${m}` as MessageKey)).join(t('match.listSep')) })
      return r.fit > 0 ? t('match.reason.modesAny') : t('match.reason.modesNone')
    }
  }
}

/** The reasons that speak for the match, in one sentence (the ones with no fit are left to the details). */
export function explanationSentence(t: T, reasons: ReasonLike[]) {
  const speaksFor = (r: ReasonLike) => (r.key === 'terms' ? list(r.detail.terms).length > 0 : r.key === 'money' ? r.detail.case === 'within' : r.fit >= 0.5)
  const good = reasons.filter(speaksFor).sort((a, b) => b.fit * b.weight - a.fit * a.weight)
  return good.length ? good.map((r) => reasonText(t, r)).join(t('match.sentenceSep')) : t('match.reason.weak')
}

const fitClass = (fit: number) => (fit >= 0.75 ? 'fit-good' : fit > 0 ? 'fit-partial' : 'fit-none')

/** Every reason with its label, phrase and the points it earned out of its weight. */
export function ReasonList({ reasons }: { reasons: ReasonLike[] }) {
  const t = useT()
  return (
    <ul className="reason-list">
      {reasons.map((r) => (
        <li key={r.key} className={fitClass(r.fit)}>
          <span className="reason-label">{t(`match.reasonLabel.${r.key}` as MessageKey)}</span>
          <span className="reason-text">{reasonText(t, r)}</span>
          <span className="reason-points" aria-label={t('match.pointsLabel', { points: Math.round(r.fit * r.weight), weight: r.weight })}>
            {Math.round(r.fit * r.weight)}/{r.weight}
          </span>
        </li>
      ))}
    </ul>
  )
}

export function ScoreBadge({ score }: { score: number }) {
  const t = useT()
  const band = score >= 70 ? 'high' : score >= 45 ? 'mid' : 'low'
  return (
    <span className={`match-score match-score-${band}`} title={t('match.scoreTitle')} aria-label={t('match.scoreLabel', { score })}>
      <strong aria-hidden="true">{score}</strong>
      <small aria-hidden="true">{t('match.points')}</small>
    </span>
  )
}

/** The explanation of one recommendation or match: the sentence, and every reason behind a disclosure. */
export function Explanation({ reasons, id }: { reasons: ReasonLike[]; id: string }) {
  const t = useT()
  return (
    <div className="match-why">
      <p className="match-sentence">{explanationSentence(t, reasons)}</p>
      <details className="match-details">
        <summary id={`${id}-why`}>{t('match.why')}</summary>
        <ReasonList reasons={reasons} />
      </details>
    </div>
  )
}

export interface RecommendationItem {
  id: string
  title: string
  orgName: string
  score: number
  reasons: ReasonLike[]
}

/**
 * The "推荐成果" section of a need's page (kind 'achievement') or the "匹配需求"
 * section of an achievement's page (kind 'need'). Technology managers get a link
 * to work the need on the match board.
 */
export function Recommendations({
  kind,
  data,
  boardNeedId,
}: {
  kind: 'achievement' | 'need'
  data: { items: RecommendationItem[]; unavailable: boolean; forManager: boolean }
  /** On a need's page: the need itself, for the manager's link to the board. */
  boardNeedId?: string
}) {
  const t = useT()
  const title = kind === 'achievement' ? t('match.recs.achievementsTitle') : t('match.recs.needsTitle')
  const href = (id: string) => (kind === 'achievement' ? `/achievements/${id}` : `/needs/${id}`)
  return (
    <section className="card recommendations" id="recommendations" aria-labelledby="recs-h">
      <div className="recs-head">
        <h2 id="recs-h">{title}</h2>
        {data.forManager && boardNeedId ? (
          <Link to={`/match-board?need=${boardNeedId}`} className="btn btn-secondary">
            {t('match.recs.onBoard')}
          </Link>
        ) : null}
      </div>
      <p className="muted small">{kind === 'achievement' ? t('match.recs.achievementsLead') : t('match.recs.needsLead')}</p>
      {data.unavailable ? (
        <p className="muted">{t('match.recs.unavailable')}</p>
      ) : data.items.length === 0 ? (
        <p className="muted">{t('match.recs.empty')}</p>
      ) : (
        <ol className="rec-list">
          {data.items.map((r) => (
            <li key={r.id} className="rec-item">
              <ScoreBadge score={r.score} />
              <div className="rec-body">
                <h3>
                  <Link to={href(r.id)}>{r.title}</Link>
                </h3>
                <p className="rec-org muted small">{r.orgName}</p>
                <Explanation reasons={r.reasons} id={`rec-${r.id}`} />
                {data.forManager && kind === 'need' ? (
                  <Link to={`/match-board?need=${r.id}`} className="small">
                    {t('match.recs.onBoard')}
                  </Link>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
