import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import { FormErrors, Notice, TextAreaField } from '~/components/forms'
import { Pagination } from '~/components/achievement-bits'
import { PageHeader } from '~/components/layout'
import { IndustryOptions } from '~/components/need-form'
import { budgetText, deadlineText } from '~/components/need-card'
import { Explanation, ScoreBadge } from '~/components/recommendations'
import { MatchAnswers, MatchStatusBadge } from '~/components/match-bits'
import type { MessageKey } from '../../server/i18n/catalog'
import { requestMeta, requirePermission, requireUser } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { formatDate, translateError, useLocale, useT } from '~/utils/i18n'
import { ClaimSchema, ProposeMatchSchema } from '../../server/engagement/matching/schemas'
import { pageTitle } from '~/utils/meta'
import { matchBoard } from '../../server/engagement/matching/board'
import { claimNeed, proposeMatch, releaseNeed } from '../../server/engagement/matching/matches'
import { cleanParam } from '../../server/platform/input'
import { claimLimits } from '../../server/engagement/matching/claims'
import { openedRooms } from '../../server/deals/entry'
import { OpenDealButton } from '~/components/deal-bits'

// The technology managers' match board (匹配看板): the needs they claimed first,
// then live needs nobody has claimed, each with its three best candidate
// achievements and why; claim a need, let it go, or propose a match. Beside it
// the matches they proposed and how each side answered.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'match.board.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, context, { action: 'match:board' })
  const url = new URL(request.url)
  const page = Number.parseInt(url.searchParams.get('page') ?? '1', 10)
  const board = await matchBoard(context.services.db, context.services.search, principal, {
    industry: cleanParam(url.searchParams, 'industry') ?? undefined,
    county: cleanParam(url.searchParams, 'county') ?? undefined,
    need: cleanParam(url.searchParams, 'need') ?? undefined,
    page: Number.isFinite(page) ? page : 1,
  }, claimLimits(context.services.config))
  const accepted = board.matches.filter((m) => m.ready).map((m) => m.id)
  return { ...board, rooms: await openedRooms(context.services.db, 'match', accepted) }
}

type Intent = 'claim' | 'release' | 'propose'

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const db = context.services.db
  const limits = claimLimits(context.services.config)
  const meta = requestMeta(context)
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '') as Intent
  const url = new URL(request.url)
  const back = (done: Intent, anchor: string) => {
    const q = new URLSearchParams(url.search)
    q.set('done', done)
    return redirect(`/match-board?${q.toString()}#${anchor}`)
  }
  const reply = (key: string, response: { data: { result: SubmissionResult<string[]> }; init: ResponseInit | null }) =>
    data({ intent, key, result: response.data.result }, response.init ?? undefined)

  switch (intent) {
    case 'claim':
    case 'release': {
      const submission = parseWithZod(formData, { schema: ClaimSchema })
      const key = String(formData.get('needId') ?? '')
      if (submission.status !== 'success') return data({ intent, key, result: submission.reply() }, { status: 400 })
      const needId = submission.value.needId
      const r = await attempt(submission, () => (intent === 'claim' ? claimNeed(db, principal, needId, meta, limits) : releaseNeed(db, principal, needId, meta)))
      return r.ok ? back(intent, `need-${submission.value.needId}`) : reply(key, r.response)
    }
    case 'propose': {
      const submission = parseWithZod(formData, { schema: ProposeMatchSchema })
      const key = `${String(formData.get('needId') ?? '')}:${String(formData.get('achievementId') ?? '')}`
      if (submission.status !== 'success') return data({ intent, key, result: submission.reply() }, { status: 400 })
      const r = await attempt(submission, () => proposeMatch(db, principal, submission.value, meta, limits))
      return r.ok ? back(intent, `need-${submission.value.needId}`) : reply(key, r.response)
    }
    default:
      throw new Response('Bad request', { status: 400 })
  }
}

type Board = ReturnType<typeof useLoaderData<typeof loader>>
type BoardNeed = Board['mine'][number]
type ActionData = ReturnType<typeof useActionData<typeof action>>

function resultFor(actionData: ActionData, intent: Intent | Intent[], key: string) {
  if (!actionData || !('intent' in actionData)) return undefined
  const intents = Array.isArray(intent) ? intent : [intent]
  return intents.includes(actionData.intent) && actionData.key === key ? actionData.result : undefined
}

const DONE = new Set(['claim', 'release', 'propose'])

export default function MatchBoard() {
  const t = useT()
  const locale = useLocale()
  const b = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const location = useLocation()
  const params = new URLSearchParams(location.search)
  const done = params.get('done')
  const filtered = !!(b.filter.industry || b.filter.county || b.filter.need)
  const clearHref = '/match-board'
  const division = (code: string) => b.divisions.find((d) => d.code === code)

  return (
    <div className="container match-board">
      <PageHeader title={t('match.board.title')} lead={t('match.board.lead')} />
      {done && DONE.has(done) ? <Notice kind="success">{t(`match.board.done.${done}` as MessageKey)}</Notice> : null}

      <ul className="board-stats" aria-label={t('match.board.statsLabel')}>
        <li>
          <a href="#mine">
            <strong>{b.work.claimed}</strong>
            <span>{t('match.board.statClaimed')}</span>
          </a>
        </li>
        <li>
          <a href="#matches">
            <strong>{b.work.proposed}</strong>
            <span>{t('match.board.statWaiting')}</span>
          </a>
        </li>
        <li className={b.work.accepted ? 'stat-ready' : undefined}>
          <a href="#matches">
            <strong>{b.work.accepted}</strong>
            <span>{t('match.board.statReady')}</span>
          </a>
        </li>
        <li>
          <a href="#matches">
            <strong>{b.work.declined}</strong>
            <span>{t('match.board.statDeclined')}</span>
          </a>
        </li>
      </ul>
      <p className="muted board-claim-limit">{t('match.board.claimLimit', { max: b.limits.maxOpenClaims, days: b.limits.lapseDays })}</p>

      <Form method="get" className="filters card filters-card" aria-label={t('match.board.filters')}>
        <div className="field">
          <label htmlFor="f-industry">{t('need.industry')}</label>
          <select id="f-industry" name="industry" defaultValue={b.filter.industry}>
            <option value="">{t('need.allIndustries')}</option>
            <IndustryOptions industries={b.industries} topLabel={(n) => t('need.industryAll', { name: n })} />
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-county">{t('need.county')}</label>
          <select id="f-county" name="county" defaultValue={b.filter.county}>
            <option value="">{t('need.allCounties')}</option>
            {b.divisions.map((d) => (
              <option key={d.code} value={d.code}>
                {locale === 'en' ? d.nameEn : d.nameZh}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-buttons">
          <button type="submit" className="btn btn-primary">
            {t('need.filter')}
          </button>
          {filtered ? (
            <Link to={clearHref} className="btn btn-ghost">
              {t('need.clearFilters')}
            </Link>
          ) : null}
        </div>
      </Form>
      {b.filter.need ? <Notice>{t('match.board.oneNeed')}</Notice> : null}

      <div className="detail-layout board-layout">
        <div className="detail-main">
          <section id="mine" aria-labelledby="mine-h" className="board-section">
            <h2 id="mine-h">
              {t('match.board.mineTitle')}
              <span className="count-pill">{b.mine.length}</span>
            </h2>
            {b.mine.length ? (
              <ul className="board-needs">
                {b.mine.map((n) => (
                  <BoardNeedCard key={n.id} n={n} claimed actionData={actionData} division={division(n.division_code)} />
                ))}
              </ul>
            ) : (
              <p className="muted board-empty">{filtered ? t('match.board.mineEmptyFiltered') : t('match.board.mineEmpty')}</p>
            )}
          </section>

          <section id="open" aria-labelledby="open-h" className="board-section">
            <h2 id="open-h">
              {t('match.board.openTitle')}
              <span className="count-pill">{b.openTotal}</span>
            </h2>
            {b.open.length ? (
              <ul className="board-needs">
                {b.open.map((n) => (
                  <BoardNeedCard key={n.id} n={n} claimed={false} actionData={actionData} division={division(n.division_code)} />
                ))}
              </ul>
            ) : (
              <div className="card empty-state">
                <h3>{filtered ? t('match.board.openEmptyFiltered') : t('match.board.openEmpty')}</h3>
                <p className="muted">{t('match.board.openEmptyHint')}</p>
              </div>
            )}
            <Pagination page={b.page} pages={b.pages} search={location.search} label={t('match.board.pagination')} />
          </section>
        </div>

        <aside className="detail-side">
          <section className="card board-matches" id="matches" aria-labelledby="matches-h" tabIndex={-1}>
            <h2 id="matches-h">{t('match.board.matchesTitle')}</h2>
            {b.matches.length === 0 ? (
              <p className="muted">{t('match.board.matchesEmpty')}</p>
            ) : (
              <ul className="board-match-list">
                {b.matches.map((m) => (
                  <li key={m.id} id={`match-${m.id}`} className={`board-match match-${m.status}`}>
                    <div className="board-match-head">
                      <MatchStatusBadge status={m.status} />
                      <ScoreBadge score={m.score} />
                    </div>
                    <p className="board-match-pair">
                      <Link to={`/needs/${m.need.id}`}>{m.need.title}</Link>
                      <span className="pair-arrow" aria-label={t('match.pairWith')}>
                        ↔
                      </span>
                      <Link to={`/achievements/${m.achievement.id}`}>{m.achievement.title}</Link>
                    </p>
                    {m.ready ? (
                      <p className="ready-line">
                        {t('match.readyForDeal')} <OpenDealButton from="match" id={m.id} roomId={b.rooms[m.id]} />
                      </p>
                    ) : null}
                    <MatchAnswers m={m} compact />
                    <p className="muted small">{t('match.proposedOn', { date: formatDate(locale, m.createdAt) })}</p>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </aside>
      </div>
    </div>
  )
}

function BoardNeedCard({
  n,
  claimed,
  actionData,
  division,
}: {
  n: BoardNeed
  claimed: boolean
  actionData: ActionData
  division?: { nameZh: string; nameEn: string }
}) {
  const t = useT()
  const locale = useLocale()
  const navigation = useNavigation()
  const claimResult = resultFor(actionData, ['claim', 'release'], n.id)
  const claimError = claimResult?.error?.['']
  const busy = navigation.state !== 'idle' && navigation.formData?.get('needId') === n.id && !navigation.formData?.get('achievementId')
  return (
    <li className={`card board-need${claimed ? ' board-need-mine' : ''}`} id={`need-${n.id}`} aria-labelledby={`need-${n.id}-h`}>
      <div className="board-need-head">
        <div>
          <p className="listing-industry">
            {locale === 'en' ? n.industry_name_en : n.industry_name_zh}
            {division ? ` · ${locale === 'en' ? division.nameEn : division.nameZh}` : ''}
          </p>
          <h3 id={`need-${n.id}-h`}>
            <Link to={`/needs/${n.id}`}>{n.title}</Link>
          </h3>
          <p className="listing-org">{n.org_name}</p>
        </div>
        <Form method="post" className="inline-form board-claim">
          <input type="hidden" name="needId" value={n.id} />
          {claimed ? (
            <>
              <span className="badge badge-claimed">{t('match.board.claimedOn', { date: formatDate(locale, n.claimed_at!) })}</span>
              <button type="submit" name="intent" value="release" className="btn btn-ghost" disabled={busy} aria-label={t('match.board.releaseNamed', { title: n.title })}>
                {t('match.board.release')}
              </button>
            </>
          ) : (
            <button type="submit" name="intent" value="claim" className="btn btn-secondary" disabled={busy} aria-label={t('match.board.claimNamed', { title: n.title })}>
              {t('match.board.claim')}
            </button>
          )}
        </Form>
      </div>
      {claimError ? <Notice kind="error">{claimError.map((e) => translateError(locale, e)).join(' ')}</Notice> : null}
      <p className="board-need-problem">{n.problem}</p>
      <dl className="board-need-facts">
        <div>
          <dt>{t('need.budget')}</dt>
          <dd className="listing-price">{budgetText(t, locale, n)}</dd>
        </div>
        <div>
          <dt>{t('need.deadline')}</dt>
          <dd>{deadlineText(t, locale, n.deadline)}</dd>
        </div>
        <div>
          <dt>{t('need.preferredModes')}</dt>
          <dd>{n.preferred_modes.length ? n.preferred_modes.map((m) => t(`mode.${m}` as MessageKey)).join(t('match.listSep')) : t('need.anyMode')}</dd>
        </div>
      </dl>
      <h4 className="candidates-h">{t('match.board.candidates')}</h4>
      {n.candidatesUnavailable ? (
        <p className="muted small">{t('match.recs.unavailable')}</p>
      ) : n.candidates.length === 0 ? (
        <p className="muted small">{t('match.board.noCandidates')}</p>
      ) : (
        <ol className="candidates">
          {n.candidates.map((c) => (
            <li key={c.id} className="candidate">
              <ScoreBadge score={c.score} />
              <div className="candidate-body">
                <p className="candidate-title">
                  <Link to={`/achievements/${c.id}`}>{c.title}</Link>
                  <span className="muted small"> · {c.orgName}</span>
                </p>
                <Explanation reasons={c.reasons} id={`cand-${n.id}-${c.id}`} />
                {c.match ? (
                  <p className="candidate-proposed">
                    <MatchStatusBadge status={c.match.status} />
                    <span className="muted small"> {c.match.mine ? t('match.board.proposedByYou') : t('match.board.proposedByOther')}</span>
                  </p>
                ) : (
                  <>
                    <ProposeForm needId={n.id} achievementId={c.id} title={c.title} result={resultFor(actionData, 'propose', `${n.id}:${c.id}`)} />
                    {/* Or skip the proposal: open a deal room with both sides at once. */}
                    <OpenDealButton from="direct" achievementId={c.id} needId={n.id} label={t('deals.open.direct')} />
                  </>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </li>
  )
}

function ProposeForm({ needId, achievementId, title, result }: { needId: string; achievementId: string; title: string; result?: SubmissionResult<string[]> }) {
  const t = useT()
  const [form, fields] = useForm({
    id: `propose-${needId}-${achievementId}`,
    lastResult: result,
    constraint: getZodConstraint(ProposeMatchSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProposeMatchSchema }),
  })
  return (
    <details className="propose" open={result ? true : undefined}>
      <summary className="btn btn-secondary btn-sm">{t('match.board.propose')}</summary>
      <Form method="post" className="form propose-form" {...getFormProps(form)} aria-label={t('match.board.proposeFormLabel', { title })}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="needId" value={needId} />
        <input type="hidden" name="achievementId" value={achievementId} />
        <TextAreaField meta={fields.note} label={t('match.board.note')} hint={t('match.board.noteHint')} rows={3} />
        <div className="form-actions">
          <button type="submit" name="intent" value="propose" className="btn btn-primary">
            {t('match.board.proposeSubmit')}
          </button>
        </div>
      </Form>
    </details>
  )
}
