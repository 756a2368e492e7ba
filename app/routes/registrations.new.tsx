import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { FormErrors, Notice, SelectField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { formatFen } from '../../server/platform/money'
import { SubmitSchema } from '../../server/registrations/schemas'
import { submitOptions, submitRegistration } from '../../server/registrations/service'

// /registrations/new?contract=<id> — the seller submits its signed contract to a
// registrar serving its district (or the whole city). The contract page links here.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'registration.new.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const contractId = new URL(request.url).searchParams.get('contract') ?? ''
  const o = await orErrorPage(() => submitOptions(context.services.db, principal, contractId.slice(0, 64)))
  return {
    contract: { id: o.contract.id, title: o.contract.title, status: o.contract.status, contractAmountFen: Number(o.contract.contract_amount_fen), technologyAmountFen: Number(o.contract.technology_amount_fen) },
    registrars: o.registrars.map((r) => ({ value: r.id, label: r.name })),
    live: o.live ? { id: o.live.id } : null,
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const submission = parseWithZod(await request.formData(), { schema: SubmitSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const r = await attempt(submission, () => submitRegistration(context.services.db, principal, submission.value, requestMeta(context)))
  return r.ok ? redirect(`/registrations/${r.value.id}`) : r.response
}

export default function NewRegistrationPage() {
  const { contract, registrars, live } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined
  const t = useT()
  const locale = useLocale()
  const [form, fields] = useForm({
    id: 'submit-registration',
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SubmitSchema }),
    defaultValue: { contractId: contract.id, registrarId: registrars[0]?.value ?? '' },
  })
  return (
    <div className="container medium">
      <PageHeader title={t('registration.new.title')} lead={t('registration.new.lead')} />
      <section className="card">
        <dl className="facts">
          <dt>{t('registration.new.contract')}</dt>
          <dd>{contract.title}</dd>
          <dt>{t('registration.detail.contractAmount')}</dt>
          <dd>{formatFen(contract.contractAmountFen, locale)}</dd>
          <dt>{t('registration.detail.technologyAmount')}</dt>
          <dd>{formatFen(contract.technologyAmountFen, locale)}</dd>
        </dl>
        {live ? (
          <Notice kind="info">
            {t('registration.new.already')} <Link to={`/registrations/${live.id}`}>{t('registration.new.view')}</Link>
          </Notice>
        ) : contract.status !== 'signed' ? (
          <Notice kind="warning">{t('registration.new.notSigned')}</Notice>
        ) : registrars.length === 0 ? (
          <Notice kind="warning">{t('registration.new.noRegistrar')}</Notice>
        ) : (
          <Form method="post" className="form" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <input type="hidden" name={fields.contractId.name} value={contract.id} />
            <SelectField meta={fields.registrarId} label={t('registration.new.registrar')} options={registrars} required />
            <div className="form-actions">
              <button type="submit" className="btn btn-primary">
                {t('registration.new.submit')}
              </button>
            </div>
          </Form>
        )}
      </section>
    </div>
  )
}
