import { parseWithZod } from '@conform-to/zod'
import type { SubmissionResult } from '@conform-to/react'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type LinksFunction, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Notice } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/credit.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '../../server/i18n/catalog'
import { OpenSchema } from '../../server/evaluations/schemas'
import { evaluationList, openEvaluation } from '../../server/evaluations/service'

// /evaluations — 项目评价: confirmed projects registered two years ago or more
// (configured), in three groups: due and not yet opened (an officer opens
// one), in progress and done. City officers see all, a county officer their
// county, the enterprise its own projects, an expert the evaluations they score.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'evaluation.list.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  return orErrorPage(() => evaluationList(context.services.db, principal))
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const submission = parseWithZod(await request.formData(), { schema: OpenSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const r = await attempt(submission, () => openEvaluation(context.services.db, principal, submission.value.projectId, requestMeta(context)))
  return r.ok ? redirect(`/evaluations/${r.value.id}?done=open`) : r.response
}

type Row = Awaited<ReturnType<typeof evaluationList>>['due'][number]

export default function Evaluations() {
  const t = useT()
  const locale = useLocale()
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined
  const errors = [...(actionData?.result.error?.[''] ?? []), ...(actionData?.result.error?.projectId ?? [])]
  const table = (rows: Row[], kind: 'due' | 'inProgress' | 'done') =>
    rows.length === 0 ? (
      <p className="muted">{t(`evaluation.list.empty.${kind}` as MessageKey)}</p>
    ) : (
      <div className="table-wrap">
        <table className="table" data-testid={`evaluations-${kind}`}>
          <thead>
            <tr>
              <th scope="col">{t('evaluation.field.project')}</th>
              <th scope="col">{t('evaluation.field.enterprise')}</th>
              <th scope="col">{t('evaluation.field.county')}</th>
              <th scope="col">{t('evaluation.field.registeredOn')}</th>
              <th scope="col">{t('evaluation.field.status')}</th>
              <th scope="col">{kind === 'due' ? t('evaluation.list.action') : t('evaluation.field.result')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.projectId} data-testid="evaluation-row">
                <td>
                  {r.evaluationId ? <Link to={`/evaluations/${r.evaluationId}`}>{r.title}</Link> : <Link to={`/projects/${r.projectId}`}>{r.title}</Link>}
                  {r.number ? <div className="muted small mono">{r.number}</div> : null}
                </td>
                <td data-label={t('evaluation.field.enterprise')}>{r.enterprise}</td>
                <td data-label={t('evaluation.field.county')}>{locale === 'en' ? r.division.en : r.division.zh}</td>
                <td data-label={t('evaluation.field.registeredOn')}>{r.registeredOn}</td>
                <td data-label={t('evaluation.field.status')}>
                  <span className={`badge badge-evaluation-${r.status}`}>{t(`evaluation.status.${r.status}` as MessageKey)}</span>
                </td>
                <td data-label={kind === 'due' ? t('evaluation.list.action') : t('evaluation.field.result')}>
                  {kind === 'due' ? (
                    r.mayOpen ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="open" />
                        <input type="hidden" name="projectId" value={r.projectId} />
                        <button type="submit" className="btn btn-small" aria-label={t('evaluation.list.openFor', { title: r.title })}>
                          {t('evaluation.list.open')}
                        </button>
                      </Form>
                    ) : null
                  ) : r.result ? (
                    <span className={`badge badge-result-${r.result}`}>
                      {t(`evaluation.result.${r.result}` as MessageKey)} · {r.score?.toFixed(2)}
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )
  return (
    <div className="container">
      <PageHeader title={t('evaluation.list.title')} lead={t('evaluation.list.lead', { years: d.dueAfterYears })} />
      {errors.length ? <Notice kind="error">{errors.map((e) => t(e as MessageKey)).join(' ')}</Notice> : null}
      <section className="card" aria-labelledby="ev-due-h">
        <h2 id="ev-due-h">
          {t('evaluation.list.due')} <span className="muted small">({d.due.length})</span>
        </h2>
        {table(d.due, 'due')}
      </section>
      <section className="card" aria-labelledby="ev-progress-h">
        <h2 id="ev-progress-h">
          {t('evaluation.list.inProgress')} <span className="muted small">({d.inProgress.length})</span>
        </h2>
        {table(d.inProgress, 'inProgress')}
      </section>
      <section className="card" aria-labelledby="ev-done-h">
        <h2 id="ev-done-h">
          {t('evaluation.list.done')} <span className="muted small">({d.done.length})</span>
        </h2>
        {table(d.done, 'done')}
      </section>
    </div>
  )
}
