import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { FormErrors, Notice, TextField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { ApiTokenActionSchema, ApiTokenCreateSchema } from '../../server/listings/api-schemas'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { apiTokensPage, createApiToken, revokeApiToken } from '../../server/identity/api-tokens'
import { DomainError } from '../../server/platform/errors'
import type { Principal } from '../../server/identity/principal'

// /orgs/:orgId/tokens — an organisation's API tokens: its owners and admins
// make them (the token is shown once, in the action's reply) and revoke them.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'api.tokens.title')

// A new token appears in the page that answers the POST: no cache may keep it.
export const headers: HeadersFunction = () => ({ 'cache-control': 'no-store' })

/** The page's data, or the error page: 404 for those who may not see the organisation, 403 for its other members. */
async function page(context: LoaderFunctionArgs['context'], principal: Principal, orgId: string) {
  try {
    return await apiTokensPage(context.services.db, principal, orgId)
  } catch (err) {
    if (err instanceof DomainError) throw new Response(err.kind === 'forbidden' ? 'Forbidden' : 'Not found', { status: err.kind === 'forbidden' ? 403 : 404 })
    throw err
  }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const { org, tokens } = await page(context, principal, params.orgId ?? '')
  return { org, tokens, origin: context.origin }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const { org } = await page(context, principal, params.orgId ?? '')
  const submission = parseWithZod(await request.formData(), { schema: ApiTokenActionSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), created: null, revoked: null }, { status: 400 })
  const { db } = context.services
  if (submission.value.intent === 'create') {
    const name = submission.value.name
    const r = await attempt(submission, () => createApiToken(db, principal, org.id, name, requestMeta(context)))
    if (!r.ok) return r.response
    // The secret travels in this reply only (never cached: see `headers`), and is never stored.
    return { result: submission.reply({ resetForm: true }), created: r.value, revoked: null }
  }
  const tokenId = submission.value.tokenId
  const r = await attempt(submission, () => revokeApiToken(db, principal, org.id, tokenId, requestMeta(context)))
  if (!r.ok) return r.response
  return { result: submission.reply(), created: null, revoked: tokenId }
}

/** What the action answers: the form's result, plus the new token (once) or the revoked token's id. */
type ActionData = { result?: SubmissionResult<string[]>; created?: { id: string; name: string; token: string } | null; revoked?: string | null }

export default function ApiTokens() {
  const t = useT()
  const locale = useLocale()
  const { org, tokens, origin } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const created = actionData?.created ?? null
  const revokedId = actionData?.revoked ?? null
  const revoked = revokedId ? tokens.find((tk) => tk.id === revokedId) : undefined
  const [form, fields] = useForm({
    id: 'create-token',
    lastResult: actionData?.result,
    constraint: getZodConstraint(ApiTokenCreateSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ApiTokenCreateSchema }),
  })
  const example = `curl -X POST ${origin}/api/v1/achievements \\\n  -H 'Authorization: Bearer tmk_…' \\\n  -H 'Content-Type: application/json' \\\n  -d '{"title": "…", "summary": "…", …}'`
  return (
    <div className="container">
      <PageHeader title={t('api.tokens.title')} lead={t('api.tokens.lead', { org: org.name })}>
        <Link to="/api" className="btn btn-secondary">
          {t('api.tokens.docsLink')}
        </Link>
      </PageHeader>

      {created ? <NewToken name={created.name} token={created.token} /> : null}
      {revoked ? <Notice kind="success">{t('api.tokens.revoked', { name: revoked.name })}</Notice> : null}

      <div className="grid grid-2 token-grid">
        <section className="card" aria-labelledby="create-h">
          <h2 id="create-h">{t('api.tokens.createTitle')}</h2>
          <Form method="post" className="form" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="create" />
            <FormErrors id={form.errorId} errors={form.errors} />
            <TextField meta={fields.name} label={t('api.tokens.name')} hint={t('api.tokens.nameHint')} autoComplete="off" required />
            <div className="form-actions">
              <button type="submit" className="btn btn-primary">
                {t('api.tokens.create')}
              </button>
            </div>
          </Form>
        </section>
        <section className="card" aria-labelledby="about-h">
          <h2 id="about-h">{t('api.tokens.aboutTitle')}</h2>
          <ul className="token-about">
            <li>{t('api.tokens.about1')}</li>
            <li>{t('api.tokens.about2')}</li>
            <li>{t('api.tokens.about3')}</li>
          </ul>
          <h3>{t('api.tokens.usageTitle')}</h3>
          <pre className="api-code" tabIndex={0}>
            <code>{example}</code>
          </pre>
        </section>
      </div>

      <section className="card token-list" aria-labelledby="list-h">
        <h2 id="list-h">{t('api.tokens.listTitle')}</h2>
        {tokens.length === 0 ? (
          <p className="muted">{t('api.tokens.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('api.tokens.col.name')}</th>
                  <th scope="col">{t('api.tokens.col.createdBy')}</th>
                  <th scope="col">{t('api.tokens.col.createdAt')}</th>
                  <th scope="col">{t('api.tokens.col.lastUsed')}</th>
                  <th scope="col">{t('api.tokens.col.status')}</th>
                  <th scope="col">{t('api.tokens.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((tk) => (
                  <tr key={tk.id} className={tk.revoked_at ? 'token-revoked' : undefined}>
                    <td>{tk.name}</td>
                    <td>{tk.created_by_name}</td>
                    <td>{formatDateTime(locale, tk.created_at)}</td>
                    <td>{tk.last_used_at ? formatDateTime(locale, tk.last_used_at) : <span className="muted">{t('api.tokens.neverUsed')}</span>}</td>
                    <td>
                      {tk.revoked_at ? (
                        <span className="badge badge-rejected">{t('api.tokens.revokedAt', { date: formatDateTime(locale, tk.revoked_at) })}</span>
                      ) : (
                        <span className="badge badge-verified">{t('api.tokens.active')}</span>
                      )}
                    </td>
                    <td>
                      {tk.revoked_at ? null : (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="tokenId" value={tk.id} />
                          <button type="submit" className="btn btn-revoke" aria-label={t('api.tokens.revokeLabel', { name: tk.name })}>
                            {t('api.tokens.revoke')}
                          </button>
                        </Form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  )
}

/** The new secret, shown once, in a read-only field that selects itself, with a copy button once scripts run. */
function NewToken({ name, token }: { name: string; token: string }) {
  const t = useT()
  const [copied, setCopied] = useState(false)
  return (
    <section className="alert alert-success token-created" role="status" aria-labelledby="created-h">
      <h2 id="created-h">{t('api.tokens.createdTitle', { name })}</h2>
      <p>{t('api.tokens.createdOnce')}</p>
      <div className="token-secret">
        <label htmlFor="new-token">{t('api.tokens.secretLabel')}</label>
        <input id="new-token" className="mono" readOnly value={token} onFocus={(e) => e.currentTarget.select()} spellCheck={false} autoComplete="off" />
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(token).then(() => setCopied(true))
          }}
        >
          {copied ? t('api.tokens.copied') : t('api.tokens.copy')}
        </button>
      </div>
    </section>
  )
}
