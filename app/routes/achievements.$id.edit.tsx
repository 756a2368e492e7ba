import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { AchievementForm, achievementFormValues } from '~/components/achievement-form'
import { Notice } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { useT } from '~/utils/i18n'
import { AchievementSchema, achievementSchemaFor } from '../../server/listings/schemas'
import { pageTitle } from '~/utils/meta'
import type { Principal } from '../../server/identity/principal'
import { achievementForEdit, industryOptions, updateAchievement } from '../../server/listings/achievements'
import { DomainError } from '../../server/platform/errors'
import { transitionListing } from '../../server/listings/workflow'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, 'ach.editTitle', { title: data?.achievement.title ?? '' })

/** The achievement while it may be edited (draft, returned, published or withdrawn; by its author or an admin): 404/403 otherwise. */
async function editable(context: LoaderFunctionArgs['context'], principal: Principal, id: string) {
  try {
    return await achievementForEdit(context.services.db, principal, id)
  } catch (err) {
    if (err instanceof DomainError) throw new Response(err.kind === 'forbidden' ? 'Forbidden' : 'Not found', { status: err.kind === 'forbidden' ? 403 : 404 })
    throw err
  }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const a = await editable(context, principal, params.id ?? '')
  return {
    achievement: { id: a.id, title: a.title, status: a.status, statusReason: a.status_reason, orgId: a.org_id, orgName: a.org_name },
    values: achievementFormValues(a),
    industries: await industryOptions(context.services.db),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const a = await editable(context, principal, params.id ?? '')
  const formData = await request.formData()
  // A draft or returned achievement saved as a draft needs only a title; submitting (or a published one) needs everything.
  const unfinished = a.status === 'draft' || a.status === 'returned'
  const submission = parseWithZod(formData, { schema: unfinished ? achievementSchemaFor(formData.get('then')) : AchievementSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: submission.status === 'error' ? 400 : 200 })
  const db = context.services.db
  const meta = requestMeta(context)
  const r = await attempt(submission, () => updateAchievement(db, principal, a.id, submission.value, meta))
  if (!r.ok) return r.response
  // A published achievement's changes went back to review already (ADR 019).
  if (r.value.resubmitted) return redirect(`/achievements/${a.id}?done=resubmitted`)
  if (formData.get('then') === 'submit') {
    const s = await attempt(submission, () =>
      transitionListing(db, principal, 'achievement', a.id, 'submit', { ttlMonths: context.services.config.LISTING_TTL_MONTHS }, meta),
    )
    if (!s.ok) return s.response
    return redirect(`/achievements/${a.id}?done=submit`)
  }
  return redirect(`/achievements/${a.id}?done=saved`)
}

export default function EditAchievement() {
  const t = useT()
  const { achievement, values, industries } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="container medium">
      <PageHeader title={t('ach.editTitle', { title: achievement.title })} lead={t('ach.editLead')}>
        <span className={`badge badge-listing-${achievement.status}`}>{t(`listing.status.${achievement.status}`)}</span>
      </PageHeader>
      {achievement.status === 'published' ? <Notice kind="warning">{t('listing.editPublishedNotice')}</Notice> : null}
      {achievement.status === 'returned' && achievement.statusReason ? (
        <Notice kind="warning">{t('ach.returnedBecause', { reason: achievement.statusReason })}</Notice>
      ) : null}
      <AchievementForm
        id="achievement"
        lastResult={actionData?.result}
        industries={industries}
        orgs={[{ id: achievement.orgId, name: achievement.orgName }]}
        fixedOrg={{ id: achievement.orgId, name: achievement.orgName }}
        cancelTo={`/achievements/${achievement.id}`}
        submitLabel={t('common.save')}
        draft={achievement.status === 'draft' || achievement.status === 'returned'}
        defaultValue={values}
      />
    </div>
  )
}
