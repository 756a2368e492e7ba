import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/layout'
import { TrainingForm } from '~/components/trainings/training-form'
import styles from '~/styles/trainings.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { isOrganiser } from '../../server/trainings/access'
import { createTraining, formDivisions } from '../../server/trainings/events'
import { newTrainingValues } from '../../server/trainings/form-values'
import { TrainingSchema } from '../../server/trainings/schemas'

// /trainings/new — 发布培训: city officers (any county) and county officers (their own).

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'training.form.newTitle')

async function requireOrganiser(request: Request, context: LoaderFunctionArgs['context']) {
  const principal = await requireUser(request, context)
  if (!isOrganiser(principal)) throw new Response('Forbidden', { status: 403 })
  return principal
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireOrganiser(request, context)
  const divisions = await formDivisions(context.services.db, principal)
  return { divisions, defaults: newTrainingValues(new Date(), divisions) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requireOrganiser(request, context)
  const submission = parseWithZod(await request.formData(), { schema: TrainingSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const r = await attempt(submission, () => createTraining(context.services.db, principal, submission.value, requestMeta(context)))
  return r.ok ? redirect(`/trainings/${r.value.id}?done=created`) : r.response
}

export default function NewTrainingPage() {
  const t = useT()
  const { divisions, defaults } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined
  return (
    <div className="container medium">
      <nav className="breadcrumbs" aria-label={t('ach.breadcrumbs')}>
        <Link to="/trainings">{t('training.list.pageTitle')}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{t('training.form.newTitle')}</span>
      </nav>
      <PageHeader title={t('training.form.newTitle')} lead={t('training.form.lead')} />
      <TrainingForm id="training-new" lastResult={actionData?.result} defaultValue={defaults} divisions={divisions} submitLabel={t('training.form.create')} />
    </div>
  )
}
