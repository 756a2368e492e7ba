import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Notice, TextField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { invariantResponse, requestMeta, requireUser } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { ProfileSchema } from '../../server/identity/schemas'
import { getProfile, updateProfile } from '../../server/identity/accounts'
import { hoursOf } from '~/components/trainings/training-bits'
import { ownTrainingRecord } from '../../server/trainings/hours'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'profile.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const profile = await getProfile(context.services.db, principal.userId)
  invariantResponse(profile)
  const training = await ownTrainingRecord(context.services.db, principal.userId)
  return { profile, memberships: principal.memberships, manager: principal.manager, training }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const submission = parseWithZod(await request.formData(), { schema: ProfileSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), saved: false }, { status: 400 })
  await updateProfile(context.services.db, principal.userId, submission.value, requestMeta(context))
  return { result: submission.reply(), saved: true }
}

export default function Profile() {
  const t = useT()
  const { profile, memberships, manager, training } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'profile',
    lastResult: actionData?.result,
    defaultValue: { name: profile.name, phone: profile.phone ?? '' },
    constraint: getZodConstraint(ProfileSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProfileSchema }),
  })
  return (
    <div className="container medium">
      <PageHeader title={t('profile.title')} lead={profile.email} />
      <section className="card">
        {actionData?.saved ? <Notice kind="success">{t('profile.saved')}</Notice> : null}
        <Form method="post" className="form" {...getFormProps(form)}>
          <div className="form-grid">
            <TextField meta={fields.name} label={t('auth.name')} autoComplete="name" required />
            <TextField meta={fields.phone} type="tel" label={t('auth.phone')} autoComplete="tel" inputMode="tel" />
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              {t('profile.save')}
            </button>
          </div>
        </Form>
      </section>
      <section className="card">
        <h2>{t('profile.memberships')}</h2>
        {memberships.length ? (
          <ul>
            {memberships.map((m) => (
              <li key={m.orgId}>
                <Link to={`/orgs/${m.orgId}`}>{m.orgName}</Link> · {t(`orgType.${m.orgType}`)} · {t(`memberRole.${m.role}`)}{' '}
                <span className={`badge badge-${m.orgStatus}`}>{t(`orgStatus.${m.orgStatus}`)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('workspace.noOrg')}</p>
        )}
        <div className="form-actions">
          <Link className="btn btn-secondary" to="/orgs/new">
            {t('nav.newOrganisation')}
          </Link>
          {manager ? (
            <span className="badge badge-role">{t('profile.managerCert', { cert: manager.certificateNo })}</span>
          ) : (
            <Link className="btn btn-secondary" to="/manager/register">
              {t('nav.registerManager')}
            </Link>
          )}
        </div>
      </section>
      <section className="card" aria-labelledby="profile-training-h" data-testid="profile-training">
        <h2 id="profile-training-h">{t('training.record.title')}</h2>
        <p>
          <strong>{t('training.record.total', { h: hoursOf(training.minutes) })}</strong>
        </p>
        {training.events.length === 0 ? (
          <p className="muted">{t('training.record.none')}</p>
        ) : (
          <ul>
            {training.events.map((e) => (
              <li key={e.id}>
                <Link to={`/trainings/${e.id}`}>{e.title}</Link> <span className="muted small">{t('training.hours', { h: hoursOf(e.credit_minutes) })}</span>
              </li>
            ))}
          </ul>
        )}
        {training.upcoming.length ? (
          <>
            <h3>{t('training.record.upcoming')}</h3>
            <ul>
              {training.upcoming.map((e) => (
                <li key={e.id}>
                  <Link to={`/trainings/${e.id}`}>{e.title}</Link>
                  {e.waitlisted_at ? <span className="muted small"> · {t('training.list.waitlisted')}</span> : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </div>
  )
}
