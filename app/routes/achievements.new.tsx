import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { AchievementForm } from '~/components/achievement-form'
import { PageHeader } from '~/components/layout'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { useT } from '~/utils/i18n'
import { achievementSchemaFor } from '../../server/listings/schemas'
import { pageTitle } from '~/utils/meta'
import { achievementCreateOrgs, createAchievement, industryOptions } from '../../server/listings/achievements'
import { transitionListing } from '../../server/listings/workflow'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'ach.newTitle')

/** Only members of a verified university or institute may draft; everyone else signed in gets 403. */
async function requireDrafter(request: Request, context: LoaderFunctionArgs['context']) {
  const principal = await requireUser(request, context)
  const orgs = achievementCreateOrgs(principal)
  if (!orgs.length) throw new Response('Forbidden', { status: 403 })
  return { principal, orgs }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { principal, orgs } = await requireDrafter(request, context)
  return {
    industries: await industryOptions(context.services.db),
    orgs: orgs.map((m) => ({ id: m.orgId, name: m.orgName })),
    userName: principal.name,
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { principal } = await requireDrafter(request, context)
  const formData = await request.formData()
  // 保存草稿 needs only a title; 保存并提交 needs everything.
  const submission = parseWithZod(formData, { schema: achievementSchemaFor(formData.get('then')) })
  // An add/remove-row intent (no JavaScript) or invalid input: show the form again with what was typed.
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: submission.status === 'error' ? 400 : 200 })
  const db = context.services.db
  const meta = requestMeta(context)
  const r = await attempt(submission, () => createAchievement(db, principal, submission.value, meta))
  if (!r.ok) return r.response
  const id = r.value!
  if (formData.get('then') === 'submit') {
    await transitionListing(db, principal, 'achievement', id, 'submit', { ttlMonths: context.services.config.LISTING_TTL_MONTHS }, meta)
    return redirect(`/achievements/${id}?done=submit`)
  }
  return redirect(`/achievements/${id}?done=created`)
}

export default function NewAchievement() {
  const t = useT()
  const { industries, orgs, userName } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="container medium">
      <PageHeader title={t('ach.newTitle')} lead={t('ach.newLead')} />
      <AchievementForm
        id="achievement"
        lastResult={actionData?.result}
        industries={industries}
        orgs={orgs}
        cancelTo="/my/achievements"
        submitLabel={t('ach.form.saveDraft')}
        defaultValue={{
          orgId: orgs.length === 1 ? orgs[0]!.id : '',
          priceKind: 'negotiable',
          transactionModes: [],
          ipRights: [],
          contributors: [
            // With several institutions the owner is whichever one is chosen: leave it to the user.
            { kind: 'organisation', name: orgs.length === 1 ? orgs[0]!.name : '', share: '' },
            { kind: 'researcher', name: userName, share: '' },
          ],
        }}
      />
    </div>
  )
}
