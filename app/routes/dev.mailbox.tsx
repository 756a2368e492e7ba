import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/layout'
import { invariantResponse, requirePermission } from '~/utils/auth.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { mailboxOpen, readMailbox } from '../../server/platform/mailbox'
import { cleanParam } from '../../server/platform/input'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'mailbox.title')

// While SMTP is not configured (a demo or a developer's machine) the platform's
// mail lands here; 404 once SMTP is set. Only a signed-in platform admin reads
// it, in every mode: it holds everyone's reset links. Anonymous visitors go to
// the login page, everyone else gets 403. See docs/decisions/013-*.md.
export async function loader({ request, context }: LoaderFunctionArgs) {
  invariantResponse(mailboxOpen(context.services.config.SMTP_URL))
  const principal = await requirePermission(request, context, { action: 'admin:area' })
  const to = cleanParam(new URL(request.url).searchParams, 'to')?.trim() || undefined
  return { to: to ?? '', mail: await readMailbox(context.services.db, principal, to) }
}

export default function Mailbox() {
  const t = useT()
  const locale = useLocale()
  const { to, mail } = useLoaderData<typeof loader>()
  return (
    <div className="container medium">
      <PageHeader title={t('mailbox.title')} lead={t('mailbox.lead')} />
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="to">{t('mailbox.filter')}</label>
          <input id="to" name="to" type="email" defaultValue={to} />
        </div>
        <button type="submit" className="btn btn-secondary">
          {t('common.search')}
        </button>
      </Form>
      {mail.length === 0 ? <p className="card muted">{t('mailbox.empty')}</p> : null}
      {mail.map((m) => (
        <article key={m.id} className="card" data-testid="mail">
          <h2>{m.subject}</h2>
          <p className="muted">
            {t('mailbox.to')}: {m.to_address} · {formatDateTime(locale, m.created_at)}
          </p>
          <pre className="mail">
            {m.text_body.split(/(https?:\/\/\S+)/).map((part, i) =>
              i % 2 ? (
                <a key={i} href={part}>
                  {part}
                </a>
              ) : (
                part
              ),
            )}
          </pre>
        </article>
      ))}
    </div>
  )
}
