import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { FormErrors } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { isMessageKey } from '../../server/i18n/catalog'
import { openDealFromIntent } from '../../server/roadshows/intents'
import { intentsInbox } from '../../server/roadshows/intents-inbox'

// /roadshows/:id/intents — 意向登记 received at a roadshow: for the organisers
// (every item) and the items' owners (their own), who registered, for which
// organisation, in what mode and with what note; one button opens the deal
// room with the enterprise (or leads to the one already opened).

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, 'roadshow.intents.title', { title: data?.inbox.roadshow.title ?? '' })

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const inbox = await orErrorPage(() => intentsInbox(context.services.db, principal, params.id ?? ''))
  return { inbox }
}

const OpenSchema = z.object({ intent: z.literal('open'), intentId: z.string({ required_error: 'errors.required' }).max(80) })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const submission = parseWithZod(await request.formData(), { schema: OpenSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  // The inbox's own rule first: a roadshow the viewer may not see answers 404 whatever the intent id.
  await orErrorPage(() => intentsInbox(context.services.db, principal, params.id ?? ''))
  const r = await attempt(submission, () => openDealFromIntent(context.services.db, principal, submission.value.intentId, requestMeta(context)))
  return r.ok ? redirect(`/deals/${r.value.id}`) : r.response
}

export default function RoadshowIntents() {
  const { inbox } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const locale = useLocale()
  const busy = navigation.state !== 'idle' ? navigation.formData?.get('intentId') : null
  const modeLabel = (mode: string) => {
    const key = `mode.${mode}`
    return isMessageKey(key) ? t(key) : mode
  }
  return (
    <div className="container">
      <PageHeader title={t('roadshow.intents.title', { title: inbox.roadshow.title })} lead={t('roadshow.intents.lead')}>
        <Link to={`/roadshows/${inbox.roadshow.id}`} className="btn btn-secondary">
          {t('roadshow.intents.back')}
        </Link>
      </PageHeader>
      <FormErrors id="intents-errors" errors={Object.values(actionData?.result?.error ?? {}).flatMap((e) => e ?? [])} />
      {inbox.rows.length === 0 ? (
        <p className="muted">{t('roadshow.intents.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('roadshow.intents.org')}</th>
                <th scope="col">{t('roadshow.intents.item')}</th>
                <th scope="col">{t('roadshow.intents.who')}</th>
                <th scope="col">{t('roadshow.intents.mode')}</th>
                <th scope="col">{t('roadshow.intents.note')}</th>
                <th scope="col">{t('roadshow.intents.at')}</th>
                <th scope="col">{t('roadshow.intents.action')}</th>
              </tr>
            </thead>
            <tbody>
              {inbox.rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.orgName}</td>
                  <td data-label={t('roadshow.intents.item')}>{r.itemTitle}</td>
                  <td data-label={t('roadshow.intents.who')}>{r.userName}</td>
                  <td data-label={t('roadshow.intents.mode')}>{modeLabel(r.mode)}</td>
                  <td data-label={t('roadshow.intents.note')} className="prose-pre">
                    {r.note}
                  </td>
                  <td className="nowrap" data-label={t('roadshow.intents.at')}>
                    {formatDateTime(locale, r.at)}
                  </td>
                  <td>
                    {r.dealId ? (
                      <Link to={`/deals/${r.dealId}`}>{t('roadshow.intents.goDeal')}</Link>
                    ) : r.mayOpen ? (
                      <Form method="post">
                        <input type="hidden" name="intentId" value={r.id} />
                        <button type="submit" name="intent" value="open" className="btn btn-primary btn-sm" disabled={busy === r.id}>
                          {t('roadshow.intents.openDeal')}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
