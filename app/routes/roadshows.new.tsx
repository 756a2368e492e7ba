import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { withListsOnly } from '~/components/achievement-form'
import { PageHeader } from '~/components/layout'
import { ScheduleForm } from '~/components/roadshows/schedule-form'
import styles from '~/styles/roadshows.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { industryOptions } from '../../server/listings/achievements'
import { roadshowRulesOn } from '../../server/roadshows/policy'
import { organiserOrgs, scheduleRoadshow } from '../../server/roadshows/schedule'
import { newScheduleValues } from '../../server/roadshows/schedule-form-values'
import { ScheduleSchema } from '../../server/roadshows/schedule-schemas'

// /roadshows/new — 安排路演: technology managers (for their agency), admins of
// verified universities, institutes and agencies, and platform admins.
// `?achievement=<id>` starts the agenda with that achievement.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'roadshow.schedule.pageTitle')

async function requireOrganiser(request: Request, context: LoaderFunctionArgs['context']) {
  const principal = await requireUser(request, context)
  const orgs = await organiserOrgs(context.services.db, principal)
  if (orgs.length === 0) throw new Response('Forbidden', { status: 403 })
  return { principal, orgs }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { orgs } = await requireOrganiser(request, context)
  const now = new Date()
  const rules = roadshowRulesOn(now)
  return {
    orgs,
    industries: await industryOptions(context.services.db),
    defaults: newScheduleValues(now, new URL(request.url).searchParams.get('achievement')?.slice(0, 300)),
    limits: { maxJudges: rules.maxJudges, maxItems: rules.maxItems },
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { principal } = await requireOrganiser(request, context)
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: ScheduleSchema })
  // A row added or removed without JavaScript, or invalid input: the form again with what was typed.
  if (submission.status !== 'success')
    return data({ result: withListsOnly(submission.reply(), ['rubric', 'items']) }, { status: submission.status === 'error' ? 400 : 200 })
  const r = await attempt(submission, () => scheduleRoadshow(context.services.db, principal, submission.value, requestMeta(context)))
  if (!r.ok) return r.response
  return redirect(`/roadshows/${r.value.id}?done=scheduled`)
}

export default function NewRoadshowPage() {
  const t = useT()
  const { orgs, industries, defaults, limits } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined
  return (
    <div className="container medium">
      <nav className="breadcrumbs" aria-label={t('ach.breadcrumbs')}>
        <Link to="/roadshows">{t('roadshow.list.pageTitle')}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{t('roadshow.schedule.pageTitle')}</span>
      </nav>
      <PageHeader title={t('roadshow.schedule.pageTitle')} lead={t('roadshow.schedule.lead')} />
      <ScheduleForm
        id="schedule-roadshow"
        lastResult={actionData?.result}
        defaultValue={{ ...defaults, orgId: orgs.length === 1 ? orgs[0]!.id : '' }}
        industries={industries}
        orgs={orgs}
        limits={limits}
        submitLabel={t('roadshow.schedule.submit')}
      />
    </div>
  )
}
