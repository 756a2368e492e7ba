import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { BackToAchievement } from '~/components/engagement-bits'
import { FormErrors, Notice, SelectField, TextAreaField, TextField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '../../server/i18n/catalog'
import { LICENCE_KINDS } from '../../server/deals/terms'
import { TRANSACTION_MODES } from '../../server/listings/schemas'
import { noticeLimits, openNotice, openNoticeForm } from '../../server/notices/notices'
import { OpenNoticeSchema } from '../../server/notices/schemas'

// /achievements/:id/notice — an admin of the owning university or institute
// lists the published achievement with public notice (挂牌公示): listed price,
// terms and the notice period in working days (ADR 025).

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'notice.open.pageTitle', { title: data?.form.achievement.title ?? '' })

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const form = await orErrorPage(() => openNoticeForm(context.services.db, principal, params.id ?? ''))
  return { form, minWorkingDays: context.services.config.NOTICE_WORKING_DAYS }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: OpenNoticeSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const limits = noticeLimits(context.services.config)
  const r = await attempt(submission, () => openNotice(context.services.db, principal, params.id ?? '', submission.value, limits, requestMeta(context)))
  if (!r.ok) return r.response
  return redirect(`/notices/${r.value.id}?done=opened`)
}

type ActionData = { result: SubmissionResult<string[]> } | undefined

export default function OpenNoticePage() {
  const t = useT()
  const { form: page, minWorkingDays } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const a = page.achievement
  const firstMode = TRANSACTION_MODES.find((m) => a.modes.includes(m)) ?? 'transfer'
  const [form, fields] = useForm({
    id: 'open-notice',
    lastResult: actionData?.result,
    constraint: getZodConstraint(OpenNoticeSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OpenNoticeSchema }),
    defaultValue: { mode: firstMode, workingDays: String(minWorkingDays), warrantyMonths: '0' },
  })
  return (
    <div className="container engagement">
      <BackToAchievement id={a.id} />
      <PageHeader title={t('notice.open.title')} lead={t('notice.open.lead', { title: a.title })} />
      {page.openNoticeId ? (
        <Notice kind="info">
          {t('notice.open.existing')} <Link to={`/notices/${page.openNoticeId}`}>{t('notice.open.toExisting')}</Link>
        </Notice>
      ) : !page.live ? (
        <Notice kind="warning">{t('notice.open.notLive')}</Notice>
      ) : (
        <section className="card">
          <Form method="post" className="form" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <TextField meta={fields.price} label={t('notice.open.price')} hint={t('notice.open.priceHint')} inputMode="text" required />
            <SelectField meta={fields.mode} label={t('notice.open.mode')} options={TRANSACTION_MODES.map((m) => ({ value: m, label: t(`deals.mode.${m}` as MessageKey) }))} required />
            <TextField meta={fields.workingDays} label={t('notice.open.workingDays')} hint={t('notice.open.workingDaysHint', { min: minWorkingDays })} required />
            <fieldset className="fieldset">
              <legend>{t('notice.page.licence')}</legend>
              <p className="hint">{t('notice.open.licenceHint')}</p>
              <SelectField
                meta={fields.licenceKind}
                label={t('notice.open.licenceKind')}
                placeholder="—"
                options={LICENCE_KINDS.map((k) => ({ value: k, label: t(`deals.licence.${k}` as MessageKey) }))}
              />
              <TextField meta={fields.licenceField} label={t('notice.open.licenceField')} />
              <TextField meta={fields.licenceTerritory} label={t('notice.open.licenceTerritory')} />
              <TextField meta={fields.licenceMonths} label={t('notice.open.licenceMonths')} />
            </fieldset>
            <TextAreaField meta={fields.deliverables} label={t('notice.open.deliverables')} rows={3} />
            <TextField meta={fields.warrantyMonths} label={t('notice.open.warrantyMonths')} />
            <TextAreaField meta={fields.note} label={t('notice.open.note')} rows={3} />
            <div className="form-actions">
              <button type="submit" className="btn btn-primary">
                {t('notice.open.submit')}
              </button>
            </div>
          </Form>
        </section>
      )}
    </div>
  )
}
