import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/layout'
import { NeedForm } from '~/components/need-form'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { useT } from '~/utils/i18n'
import { NeedDraftSchema } from '../../server/listings/schemas'
import { pageTitle } from '~/utils/meta'
import { createNeed, needChoices, needOrgsFor } from '../../server/listings/needs'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'need.newTitle')

/** Only members of a verified enterprise post needs; anyone else signed in is refused. */
async function poster(request: Request, context: LoaderFunctionArgs['context']) {
  const principal = await requireUser(request, context)
  const orgs = needOrgsFor(principal)
  if (!orgs.length) throw new Response('Forbidden', { status: 403 })
  return { principal, orgs }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { orgs } = await poster(request, context)
  return { orgs, ...(await needChoices(context.services.db)) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { principal } = await poster(request, context)
  const submission = parseWithZod(await request.formData(), { schema: NeedDraftSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const r = await attempt(submission, () => createNeed(context.services.db, principal, submission.value, requestMeta(context)))
  if (!r.ok) return r.response
  return redirect(`/needs/${r.value}?saved=created`)
}

export default function NewNeed() {
  const t = useT()
  const { orgs, industries, divisions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="container medium">
      <PageHeader title={t('need.newTitle')} lead={t('need.newLead')} />
      <section className="card">
        <NeedForm
          orgs={orgs}
          industries={industries}
          divisions={divisions}
          defaultValue={{ orgId: orgs[0]!.id, divisionCode: orgs[0]!.divisionCode }}
          lastResult={actionData?.result}
          submitLabel={t('need.saveDraft')}
          cancelTo="/my/needs"
        />
      </section>
    </div>
  )
}
