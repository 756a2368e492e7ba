import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { FormErrors, Notice, SelectField, TextField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { invariantResponse, requestMeta, requireUser } from '~/utils/auth.server'
import { attempt, DOMAIN_ERROR_STATUS } from '~/utils/forms.server'
import { formatDate, translateError, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { InviteSchema } from '../../server/identity/schemas'
import { inviteMember } from '../../server/identity/invitations'
import { organisationPage } from '../../server/identity/organisations'
import { can } from '../../server/identity/permissions'
import { decideManager, ManagerDecisionSchema, managerRequests } from '../../server/identity/managers'
import { DomainError } from '../../server/platform/errors'
import { fourEyesStatus, setFourEyes } from '../../server/identity/four-eyes'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'org.details', undefined, data?.org.name)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const page = await organisationPage(context.services.db, principal, params.orgId ?? '')
  invariantResponse(page)
  return {
    ...page,
    canManageTokens: can(principal, { action: 'apitoken:manage', orgId: page.org.id }),
    // Technology manager applications to this agency, for its admins (null for everyone else).
    managerRequests: await managerRequests(context.services.db, principal, page.org),
    fourEyes: hasListings(page.org.type) ? await fourEyesStatus(context.services.db, page.org.id) : null,
  }
}

/** Four eyes concerns organisations that publish achievements or needs. */
const hasListings = (type: string) => type === 'university' || type === 'institute' || type === 'enterprise'

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const page = await organisationPage(context.services.db, principal, params.orgId ?? '')
  invariantResponse(page)
  invariantResponse(page.canManage, 403, 'Forbidden')
  const formData = await request.formData()
  const intent = formData.get('intent')
  if (intent === 'four-eyes') {
    invariantResponse(hasListings(page.org.type), 404)
    // A checkbox: present means on.
    await setFourEyes(context.services.db, principal, page.org.id, formData.get('fourEyes') === 'on', requestMeta(context))
    return redirect(`/orgs/${page.org.id}?fourEyes=saved#four-eyes`)
  }
  if (intent === 'manager-approve' || intent === 'manager-reject') {
    const decision = ManagerDecisionSchema.safeParse(Object.fromEntries(formData))
    if (!decision.success) return data({ decisionError: 'errors.managerRequestGone' }, { status: 400 })
    const approve = decision.data.intent === 'manager-approve'
    try {
      const r = await decideManager(context.services.db, principal, page.org.id, decision.data.userId, approve ? 'approve' : 'reject', requestMeta(context))
      return redirect(`/orgs/${page.org.id}?manager=${approve ? 'approved' : 'rejected'}&name=${encodeURIComponent(r.name)}#manager-requests`)
    } catch (err) {
      if (!(err instanceof DomainError)) throw err
      return data({ decisionError: err.messageKey }, { status: DOMAIN_ERROR_STATUS[err.kind] })
    }
  }
  const submission = parseWithZod(formData, { schema: InviteSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), invited: null }, { status: 400 })
  const r = await attempt(submission, () =>
    inviteMember(context.services.db, principal, page.org.id, submission.value, context.origin, requestMeta(context)),
  )
  if (!r.ok) return r.response
  return { result: submission.reply({ resetForm: true }), invited: submission.value.email }
}

export default function OrganisationPage() {
  const t = useT()
  const locale = useLocale()
  const [params] = useSearchParams()
  const { org, members, invitations, canManage, canManageTokens, managerRequests, fourEyes } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const decided = params.get('manager')
  const [form, fields] = useForm({
    id: 'invite',
    lastResult: actionData && 'result' in actionData ? actionData.result : undefined,
    constraint: getZodConstraint(InviteSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
    defaultValue: { role: 'member' },
  })
  return (
    <div className="container">
      <PageHeader title={org.name} lead={org.name_en ?? undefined}>
        <span className={`badge badge-${org.status}`}>{t(`orgStatus.${org.status}`)}</span>
        {canManageTokens ? (
          <Link to={`/orgs/${org.id}/tokens`} className="btn btn-secondary org-token-link">
            {t('api.tokens.title')}
          </Link>
        ) : null}
      </PageHeader>
      {params.get('created') ? <Notice kind="success">{t('org.created')}</Notice> : null}
      {org.status === 'rejected' && org.rejection_reason ? (
        <Notice kind="error">{t('org.rejectionReason', { reason: org.rejection_reason })}</Notice>
      ) : null}
      <div className="grid grid-2">
        <section className="card">
          <h2>{t('org.details')}</h2>
          <dl className="facts">
            <dt>{t('org.type')}</dt>
            <dd>{t(`orgType.${org.type}`)}</dd>
            <dt>{t('org.creditCode')}</dt>
            <dd className="mono">{org.credit_code}</dd>
            <dt>{t('org.division')}</dt>
            <dd>{locale === 'en' ? org.division_name_en : org.division_name_zh}</dd>
            {org.address ? (
              <>
                <dt>{t('org.address')}</dt>
                <dd>{org.address}</dd>
              </>
            ) : null}
            <dt>{t('org.contactName')}</dt>
            <dd>
              {org.contact_name} · {org.contact_phone} · {org.contact_email}
            </dd>
            {org.description ? (
              <>
                <dt>{t('org.description')}</dt>
                <dd>{org.description}</dd>
              </>
            ) : null}
          </dl>
        </section>
        <section className="card">
          <h2>{t('org.members')}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('auth.name')}</th>
                  <th scope="col">{t('auth.email')}</th>
                  <th scope="col">{t('org.inviteRole')}</th>
                  <th scope="col">{t('org.joined')}</th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr key={m.id}>
                    <td>{m.name}</td>
                    <td>{m.email}</td>
                    <td>{t(`memberRole.${m.role}`)}</td>
                    <td>{formatDate(locale, m.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {canManage ? (
            <>
              {invitations.length ? (
                <>
                  <h3 className="section-sub">{t('org.pendingInvitations')}</h3>
                  <ul>
                    {invitations.map((i) => (
                      <li key={i.id}>
                        {i.email} · {t(`memberRole.${i.role}`)} · {t('org.expires', { date: formatDate(locale, i.expires_at) })}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              <h3>{t('org.invite')}</h3>
              {actionData && 'invited' in actionData && actionData.invited ? (
                <Notice kind="success">{t('org.invited', { email: actionData.invited })}</Notice>
              ) : null}
              <Form method="post" className="form" {...getFormProps(form)}>
                <FormErrors id={form.errorId} errors={form.errors} />
                <TextField meta={fields.email} type="email" label={t('org.inviteEmail')} required />
                <SelectField
                  meta={fields.role}
                  label={t('org.inviteRole')}
                  options={[
                    { value: 'member', label: t('memberRole.member') },
                    { value: 'admin', label: t('memberRole.admin') },
                  ]}
                  required
                />
                <div className="form-actions">
                  <button type="submit" className="btn btn-primary">
                    {t('org.inviteSubmit')}
                  </button>
                </div>
              </Form>
            </>
          ) : null}
        </section>
        {fourEyes ? (
          <section className="card" id="four-eyes" aria-labelledby="four-eyes-h">
            <h2 id="four-eyes-h">{t('org.fourEyes.title')}</h2>
            <p className="muted">{t('org.fourEyes.lead')}</p>
            {params.get('fourEyes') === 'saved' ? <Notice kind="success">{t('org.fourEyes.saved')}</Notice> : null}
            {fourEyes.needsSecondAdmin ? <Notice kind="warning">{t('org.fourEyes.onlyAdmin')}</Notice> : null}
            {canManage ? (
              <Form method="post" className="form">
                <input type="hidden" name="intent" value="four-eyes" />
                <label className="choice four-eyes-choice">
                  <input type="checkbox" name="fourEyes" defaultChecked={fourEyes.on} /> {t('org.fourEyes.label')}
                </label>
                <div className="form-actions">
                  <button type="submit" className="btn btn-secondary">
                    {t('org.fourEyes.save')}
                  </button>
                </div>
              </Form>
            ) : (
              <p>
                <strong>{fourEyes.on ? t('org.fourEyes.isOn') : t('org.fourEyes.isOff')}</strong>
              </p>
            )}
          </section>
        ) : null}
      </div>
      {managerRequests ? (
        <section className="card" id="manager-requests" aria-labelledby="manager-requests-h">
          <h2 id="manager-requests-h">{t('manager.requests.title')}</h2>
          <p className="muted">{t('manager.requests.lead')}</p>
          {decided === 'approved' || decided === 'rejected' ? (
            <Notice kind="success">{t(`manager.requests.${decided}`, { name: params.get('name') ?? '' })}</Notice>
          ) : null}
          {actionData && 'decisionError' in actionData ? <Notice kind="error">{translateError(locale, actionData.decisionError)}</Notice> : null}
          {managerRequests.length === 0 ? (
            <p>{t('manager.requests.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('manager.requests.applicant')}</th>
                    <th scope="col">{t('manager.requests.certificate')}</th>
                    <th scope="col">{t('manager.requests.at')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('manager.requests.approve')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {managerRequests.map((r) => (
                    <tr key={r.user_id}>
                      <td>
                        {r.name} · {r.email}
                      </td>
                      <td className="mono">{r.certificate_no}</td>
                      <td>{formatDate(locale, r.created_at)}</td>
                      <td>
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="userId" value={r.user_id} />
                          <button type="submit" name="intent" value="manager-approve" className="btn btn-primary" aria-label={t('manager.requests.approveNamed', { name: r.name })}>
                            {t('manager.requests.approve')}
                          </button>{' '}
                          <button type="submit" name="intent" value="manager-reject" className="btn btn-secondary" aria-label={t('manager.requests.rejectNamed', { name: r.name })}>
                            {t('manager.requests.reject')}
                          </button>
                        </Form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </div>
  )
}
