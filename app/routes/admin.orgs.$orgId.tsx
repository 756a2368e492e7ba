import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { FormErrors, TextAreaField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { invariantResponse, requestMeta, requirePermission } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { ReviewSchema } from '../../server/identity/schemas'
import { creditCodeProblem } from '../../server/identity/credit-code'
import { organisationForReview, reviewOrganisation } from '../../server/identity/organisations'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'admin.orgsTitle', undefined, data?.org.name)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, context, { action: 'organisation:review' })
  const page = await organisationForReview(context.services.db, principal, params.orgId ?? '')
  invariantResponse(page)
  return { ...page, creditCodeValid: creditCodeProblem(page.org.credit_code) === null }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requirePermission(request, context, { action: 'organisation:review' })
  const submission = parseWithZod(await request.formData(), { schema: ReviewSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const decision = submission.value.intent === 'verify' ? { verdict: 'verify' as const } : { verdict: 'reject' as const, reason: submission.value.reason }
  const r = await attempt(submission, () => reviewOrganisation(context.services.db, principal, params.orgId ?? '', decision, requestMeta(context)))
  if (!r.ok) return r.response
  return redirect(`/admin/orgs?status=pending&done=${r.value.status}&org=${encodeURIComponent(r.value.name)}`)
}

export default function ReviewOrganisation() {
  const t = useT()
  const locale = useLocale()
  const { org, members, creditCodeValid } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'review',
    lastResult: actionData?.result,
    constraint: getZodConstraint(ReviewSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReviewSchema }),
  })
  return (
    <div className="container medium">
      <PageHeader title={t('admin.reviewTitle', { org: org.name })} lead={org.name_en ?? undefined}>
        <span className={`badge badge-${org.status}`}>{t(`orgStatus.${org.status}`)}</span>
      </PageHeader>
      <section className="card">
        <dl className="facts">
          <dt>{t('org.type')}</dt>
          <dd>{t(`orgType.${org.type}`)}</dd>
          <dt>{t('org.creditCode')}</dt>
          <dd>
            <span className="mono">{org.credit_code}</span>{' '}
            {creditCodeValid ? <span className="badge badge-verified">{t('admin.creditCodeValid')}</span> : null}
          </dd>
          <dt>{t('org.division')}</dt>
          <dd>{locale === 'en' ? org.division_name_en : org.division_name_zh}</dd>
          <dt>{t('org.contactName')}</dt>
          <dd>
            {org.contact_name} · {org.contact_phone} · {org.contact_email}
          </dd>
          <dt>{t('admin.submittedAt')}</dt>
          <dd>{formatDateTime(locale, org.created_at)}</dd>
          <dt>{t('org.members')}</dt>
          <dd>{members.map((m) => `${m.name} <${m.email}>`).join('、')}</dd>
          {org.description ? (
            <>
              <dt>{t('org.description')}</dt>
              <dd>{org.description}</dd>
            </>
          ) : null}
          {org.rejection_reason ? (
            <>
              <dt>{t('admin.rejectReason')}</dt>
              <dd>{org.rejection_reason}</dd>
            </>
          ) : null}
        </dl>
      </section>
      <section className="card">
        <Form method="post" className="form" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <TextAreaField meta={fields.reason} label={t('admin.rejectReason')} hint={t('admin.rejectReasonHint')} rows={3} />
          <div className="form-actions">
            <button type="submit" name="intent" value="verify" className="btn btn-primary">
              {t('admin.verify')}
            </button>
            <button type="submit" name="intent" value="reject" className="btn btn-danger">
              {t('admin.reject')}
            </button>
            <Link to="/admin/orgs">{t('common.back')}</Link>
          </div>
        </Form>
      </section>
    </div>
  )
}
