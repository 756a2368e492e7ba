import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { FormErrors, Notice, TextAreaField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { MatchAnswers, MatchStatusBadge } from '~/components/match-bits'
import { Explanation, ScoreBadge } from '~/components/recommendations'
import type { MessageKey } from '../../server/i18n/catalog'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { formatDate, translateError, useLocale, useT } from '~/utils/i18n'
import { DECLINE_REASONS } from '../../server/listings/schemas'
import { MatchDeclineSchema, MatchInterestedSchema } from '../../server/engagement/matching/schemas'
import { pageTitle } from '~/utils/meta'
import { matchesForViewer } from '../../server/engagement/matching/board'
import { answerMatch, type MatchAnswerInput } from '../../server/engagement/matching/matches'
import { openedRooms } from '../../server/deals/entry'
import { OpenDealButton } from '~/components/deal-bits'

// 我的匹配: the matches technology managers proposed to the viewer's
// organisations — as the enterprise side for their needs, as the institution
// side for their achievements. The listing's creator or an admin of its
// organisation answers "interested" or declines with a reason; when both sides
// are interested the match is ready to become a deal.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'match.my.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const page = await matchesForViewer(context.services.db, principal)
  const accepted = page.matches.filter((m) => m.status === 'accepted').map((m) => m.id)
  return { ...page, rooms: await openedRooms(context.services.db, 'match', accepted) }
}

type Intent = 'interested' | 'decline'

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '') as Intent
  const key = `${String(formData.get('matchId') ?? '')}:${String(formData.get('side') ?? '')}`
  const db = context.services.db
  const meta = requestMeta(context)
  if (intent !== 'interested' && intent !== 'decline') throw new Response('Bad request', { status: 400 })
  const answered = (matchId: string, r: Awaited<ReturnType<typeof attempt<{ status: string }>>>) => {
    if (!r.ok) return data({ intent, key, result: r.response.data.result }, r.response.init ?? undefined)
    return redirect(`/my/matches?done=${r.value.status === 'accepted' ? 'accepted' : intent}#match-${matchId}`)
  }
  if (intent === 'interested') {
    const parsed = parseWithZod(formData, { schema: MatchInterestedSchema })
    if (parsed.status !== 'success') return data({ intent, key, result: parsed.reply() }, { status: 400 })
    const v = parsed.value
    return answered(v.matchId, await attempt(parsed, () => answerMatch(db, principal, v.matchId, { side: v.side, answer: 'interested' }, meta)))
  }
  const parsed = parseWithZod(formData, { schema: MatchDeclineSchema })
  if (parsed.status !== 'success') return data({ intent, key, result: parsed.reply() }, { status: 400 })
  const v = parsed.value
  const answer: MatchAnswerInput = { side: v.side, answer: 'declined', reason: v.reason, note: v.note }
  return answered(v.matchId, await attempt(parsed, () => answerMatch(db, principal, v.matchId, answer, meta)))
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>
type MatchItem = LoaderData['matches'][number]
type ActionData = ReturnType<typeof useActionData<typeof action>>

function resultFor(actionData: ActionData, intent: Intent, key: string) {
  if (!actionData || !('intent' in actionData)) return undefined
  return actionData.intent === intent && actionData.key === key ? actionData.result : undefined
}

const DONE = new Set(['interested', 'decline', 'accepted'])

export default function MyMatches() {
  const t = useT()
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const location = useLocation()
  const done = new URLSearchParams(location.search).get('done')
  return (
    <div className="container my-matches">
      <PageHeader title={t('match.my.title')} lead={t('match.my.lead')}>
        {d.isManager ? (
          <Link to="/match-board" className="btn btn-secondary">
            {t('match.board.title')}
          </Link>
        ) : null}
      </PageHeader>
      {done && DONE.has(done) ? <Notice kind="success">{t(`match.my.done.${done}` as MessageKey)}</Notice> : null}
      {d.matches.length ? (
        <>
          <ul className="board-stats" aria-label={t('match.board.statsLabel')}>
            <li className={d.counts.waiting ? 'stat-waiting' : undefined}>
              <span>
                <strong>{d.counts.waiting}</strong>
                <span>{t('match.my.statWaiting')}</span>
              </span>
            </li>
            <li className={d.counts.ready ? 'stat-ready' : undefined}>
              <span>
                <strong>{d.counts.ready}</strong>
                <span>{t('match.board.statReady')}</span>
              </span>
            </li>
            <li>
              <span>
                <strong>{d.matches.length}</strong>
                <span>{t('match.my.statAll')}</span>
              </span>
            </li>
          </ul>
          <ul className="my-match-list">
            {d.matches.map((m) => (
              <MatchCard key={m.id} m={m} actionData={actionData} roomId={d.rooms[m.id]} />
            ))}
          </ul>
        </>
      ) : (
        <div className="card empty-state">
          <h2>{t('match.my.empty')}</h2>
          <p className="muted">{t('match.my.emptyHint')}</p>
        </div>
      )}
    </div>
  )
}

function MatchCard({ m, actionData, roomId }: { m: MatchItem; actionData: ActionData; roomId?: string }) {
  const t = useT()
  const locale = useLocale()
  return (
    <li className={`card my-match match-${m.status}`} id={`match-${m.id}`} aria-labelledby={`match-${m.id}-h`} tabIndex={-1}>
      <div className="my-match-head">
        <h2 id={`match-${m.id}-h`} className="my-match-title">
          {m.sides.includes('enterprise') ? t('match.my.forNeed', { title: m.achievement.title }) : t('match.my.forAchievement', { title: m.need.title })}
        </h2>
        <div className="my-match-badges">
          <MatchStatusBadge status={m.status} />
          <ScoreBadge score={m.score} />
        </div>
      </div>
      {m.status === 'accepted' ? (
        <div className="alert alert-success ready-banner" role="status">
          <strong>{t('match.readyForDeal')}</strong> {t('match.my.readyHint', { manager: m.managerName })}{' '}
          <OpenDealButton from="match" id={m.id} roomId={roomId} />
        </div>
      ) : null}
      <div className="match-pair">
        <div className="match-pair-side">
          <p className="muted small">{t('match.side.enterprise')}</p>
          <Link to={`/needs/${m.need.id}`} className="match-pair-title">
            {m.need.title}
          </Link>
          <p className="small">{m.need.orgName}</p>
        </div>
        <span className="pair-arrow" aria-hidden="true">
          ↔
        </span>
        <div className="match-pair-side">
          <p className="muted small">{t('match.side.institution')}</p>
          <Link to={`/achievements/${m.achievement.id}`} className="match-pair-title">
            {m.achievement.title}
          </Link>
          <p className="small">{m.achievement.orgName}</p>
        </div>
      </div>
      <p className="small match-manager">
        {t('match.my.proposedBy', { manager: m.managerName, agency: m.agencyName ?? '—', date: formatDate(locale, m.createdAt) })}
        {m.status === 'accepted' ? (
          <>
            {' · '}
            <a href={`mailto:${m.managerEmail}`}>{m.managerEmail}</a>
          </>
        ) : null}
      </p>
      {m.note ? <blockquote className="match-note">{m.note}</blockquote> : null}
      <Explanation reasons={m.reasons} id={`my-${m.id}`} />
      <MatchAnswers m={m} />
      {m.answerable.map((side) => (
        <AnswerForms key={side} m={m} side={side} actionData={actionData} showSide={m.sides.length > 1} />
      ))}
    </li>
  )
}

function AnswerForms({ m, side, actionData, showSide }: { m: MatchItem; side: 'enterprise' | 'institution'; actionData: ActionData; showSide: boolean }) {
  const t = useT()
  const locale = useLocale()
  const key = `${m.id}:${side}`
  const interestedError = resultFor(actionData, 'interested', key)?.error?.['']
  const org = side === 'enterprise' ? m.need.orgName : m.achievement.orgName
  return (
    <div className="response-actions match-actions">
      {showSide ? <p className="small match-answer-as">{t('match.my.answerAs', { org })}</p> : null}
      {interestedError ? <Notice kind="error">{interestedError.map((e) => translateError(locale, e)).join(' ')}</Notice> : null}
      <Form method="post" className="inline-form">
        <input type="hidden" name="matchId" value={m.id} />
        <input type="hidden" name="side" value={side} />
        <button type="submit" name="intent" value="interested" className="btn btn-primary">
          {t('match.my.interested')}
        </button>
      </Form>
      <DeclineForm matchId={m.id} side={side} org={org} result={resultFor(actionData, 'decline', key)} />
    </div>
  )
}

function DeclineForm({ matchId, side, org, result }: { matchId: string; side: string; org: string; result?: SubmissionResult<string[]> }) {
  const t = useT()
  const locale = useLocale()
  const [form, fields] = useForm({
    id: `decline-${matchId}-${side}`,
    lastResult: result,
    constraint: getZodConstraint(MatchDeclineSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MatchDeclineSchema }),
  })
  const reason = fields.reason
  return (
    <details className="decline" open={result ? true : undefined}>
      <summary className="btn btn-secondary">{t('match.my.decline')}</summary>
      <Form method="post" className="form decline-form" {...getFormProps(form)} aria-label={t('match.my.declineFormLabel', { org })}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="matchId" value={matchId} />
        <input type="hidden" name="side" value={side} />
        <fieldset
          className="field choice-group"
          data-invalid={reason.errors?.length ? '' : undefined}
          aria-describedby={reason.errors?.length ? reason.errorId : undefined}
        >
          <legend>
            {t('need.reason')}
            <span className="req" aria-hidden="true">
              {' '}
              *
            </span>
          </legend>
          <div className="choices">
            {DECLINE_REASONS.map((r) => (
              <label key={r} className="choice" htmlFor={`${reason.id}-${r}`}>
                <input type="radio" id={`${reason.id}-${r}`} name={reason.name} value={r} defaultChecked={reason.initialValue === r} required />
                <span>{t(`decline.${r}`)}</span>
              </label>
            ))}
          </div>
          {reason.errors?.length ? (
            <ul id={reason.errorId} className="field-errors" role="alert">
              {reason.errors.map((e) => (
                <li key={e}>{translateError(locale, e)}</li>
              ))}
            </ul>
          ) : null}
        </fieldset>
        <TextAreaField meta={fields.note} label={t('need.declineNote')} hint={t('match.my.declineNoteHint')} rows={2} />
        <div className="form-actions">
          <button type="submit" name="intent" value="decline" className="btn btn-danger">
            {t('match.my.declineSubmit')}
          </button>
        </div>
      </Form>
    </details>
  )
}
