import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { Notice } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { NeedForm } from '~/components/need-form'
import { invariantResponse, requestMeta, requireUser } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { useT } from '~/utils/i18n'
import { NeedDraftSchema, NeedSchema } from '../../server/listings/schemas'
import { pageTitle } from '~/utils/meta'
import { needFormValues } from '../../server/listings/form-values'
import { needChoices, needForViewer, updateNeed } from '../../server/listings/needs'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'need.editTitle')

/** Drafts, returned, published and withdrawn needs are edited by their creator or the organisation's admins; others: 404 or 403. */
async function editable(request: Request, context: LoaderFunctionArgs['context'], id: string) {
  const principal = await requireUser(request, context)
  const view = await needForViewer(context.services.db, principal, id)
  invariantResponse(view)
  if (!view.can.edit) throw new Response('Forbidden', { status: 403 })
  return { principal, view }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { view } = await editable(request, context, params.id ?? '')
  const n = view.need
  return {
    id: n.id,
    title: n.title,
    published: n.status === 'published',
    org: { id: n.org_id, name: n.org_name, divisionCode: n.division_code },
    defaults: needFormValues(n),
    unfinished: n.status === 'draft' || n.status === 'returned',
    ...(await needChoices(context.services.db)),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { principal, view } = await editable(request, context, params.id ?? '')
  // A draft or returned need is saved as a draft (title only is enough); a published one must stay complete.
  const unfinished = view.need.status === 'draft' || view.need.status === 'returned'
  const submission = parseWithZod(await request.formData(), { schema: unfinished ? NeedDraftSchema : NeedSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const r = await attempt(submission, () => updateNeed(context.services.db, principal, view.need.id, submission.value, requestMeta(context)))
  if (!r.ok) return r.response
  // A published need's changes went back to review (ADR 019).
  return redirect(`/needs/${view.need.id}?saved=${r.value.resubmitted ? 'resubmitted' : 'updated'}`)
}

export default function EditNeed() {
  const t = useT()
  const { id, title, published, org, defaults, unfinished, industries, divisions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="container medium">
      <PageHeader title={t('need.editTitle')} lead={title} />
      {published ? <Notice kind="warning">{t('listing.editPublishedNotice')}</Notice> : null}
      <section className="card">
        <NeedForm
          orgs={[org]}
          lockOrg
          draft={unfinished}
          industries={industries}
          divisions={divisions}
          defaultValue={defaults}
          lastResult={actionData?.result}
          submitLabel={t('need.save')}
          cancelTo={`/needs/${id}`}
        />
      </section>
    </div>
  )
}
