import { requireDealAccess } from '~/utils/deals.server'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { Notice } from '~/components/forms'
import { requestMeta } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { formatDate, translateError, useLocale, useT } from '~/utils/i18n'
import { addDealMember, membersPage, removeDealMemberAs } from '../../server/deals/members'
import { AddMemberSchema, RemoveMemberSchema } from '../../server/deals/schemas'

// /deals/:id/members — who is in the room, by side; a party's admins add
// members of their own organisation and remove them (server/deals/members.ts).

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { access } = await requireDealAccess(request, params, context)
  const db = context.services.db
  return { isPartyAdmin: access.isPartyAdmin && access.side !== 'manager', ...(await membersPage(db, access)) }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { principal, access } = await requireDealAccess(request, params, context)
  const db = context.services.db
  const form = await request.formData()
  const intent = form.get('intent')
  const meta = requestMeta(context)
  if (intent === 'add') {
    const s = parseWithZod(form, { schema: AddMemberSchema })
    if (s.status !== 'success') return data({ intent, result: s.reply() }, { status: 400 })
    const r = await attempt(s, () => addDealMember(db, principal, access.deal.id, s.value.userId, meta))
    if (!r.ok) return data({ intent, result: (r.response.data as { result: unknown }).result }, r.response.init ?? undefined)
    return redirect(`/deals/${access.deal.id}/members?added=${encodeURIComponent(r.value.name)}`)
  }
  if (intent === 'remove') {
    const s = parseWithZod(form, { schema: RemoveMemberSchema })
    if (s.status !== 'success') return data({ intent, result: s.reply() }, { status: 400 })
    const r = await attempt(s, () => removeDealMemberAs(db, principal, access.deal.id, s.value.userId, meta))
    if (!r.ok) return data({ intent, result: (r.response.data as { result: unknown }).result }, r.response.init ?? undefined)
    return redirect(`/deals/${access.deal.id}/members?removed=${encodeURIComponent(r.value.name)}`)
  }
  throw new Response('Bad request', { status: 400 })
}

export default function DealMembers() {
  const t = useT()
  const locale = useLocale()
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { intent: string; result?: { error?: Record<string, string[] | null> } } | undefined
  const [params] = useSearchParams()
  const errors = Object.values(actionData?.result?.error ?? {}).flatMap((e) => e ?? [])
  const sides = [
    { key: 'seller', label: t('deals.side.seller'), list: d.members.filter((m) => m.role === 'party') },
    { key: 'manager', label: t('deals.side.manager'), list: d.members.filter((m) => m.role === 'manager') },
  ]
  // The seller's people first, then each buyer's.
  const byOrg = new Map<string, typeof d.members>()
  for (const m of [...sides[0]!.list].sort((a, b) => Number(a.side !== 'seller') - Number(b.side !== 'seller'))) byOrg.set(m.orgName ?? '', [...(byOrg.get(m.orgName ?? '') ?? []), m])
  return (
    <section className="card deal-members" aria-labelledby="members-h">
      <h2 id="members-h">{t('deals.members.title')}</h2>
      <p className="muted small">{t('deals.members.lead')}</p>
      {params.get('added') ? <Notice kind="success">{t('deals.members.added', { name: params.get('added')! })}</Notice> : null}
      {params.get('removed') ? <Notice kind="success">{t('deals.members.removed', { name: params.get('removed')! })}</Notice> : null}
      {errors.length ? <Notice kind="error">{errors.map((e) => translateError(locale, e)).join(' ')}</Notice> : null}
      {[...byOrg.entries()].map(([org, list]) => (
        <div key={org} className="member-group">
          <h3>
            <span className="muted small">{t(`deals.side.${list[0]!.side}`)}</span> {org}
          </h3>
          <ul className="member-list">
            {list.map((m) => (
              <li key={m.userId}>
                <span className="avatar" aria-hidden="true">
                  {m.name.slice(0, 1)}
                </span>
                <span className="member-name">{m.name}</span>
                <span className="muted small">{t('deals.members.since', { date: formatDate(locale, m.since) })}</span>
                {m.removable ? (
                  <Form method="post" className="inline-form member-remove">
                    <input type="hidden" name="userId" value={m.userId} />
                    <button type="submit" name="intent" value="remove" className="btn btn-ghost btn-sm" aria-label={t('deals.members.removeConfirm', { name: m.name })}>
                      {t('deals.members.remove')}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <div className="member-group">
        <h3>{t('deals.side.manager')}</h3>
        <ul className="member-list">
          {sides[1]!.list.length ? (
            sides[1]!.list.map((m) => (
              <li key={m.userId}>
                <span className="avatar" aria-hidden="true">
                  {m.name.slice(0, 1)}
                </span>
                <span className="member-name">{m.name}</span>
                <span className="muted small">{m.orgName}</span>
              </li>
            ))
          ) : (
            <li className="muted">{t('deals.room.noManager')}</li>
          )}
        </ul>
      </div>
      {d.isPartyAdmin ? (
        <div className="member-add">
          <h3>{t('deals.members.add')}</h3>
          {d.candidates.length ? (
            <Form method="post" className="inline-fields">
              <label htmlFor="add-member" className="visually-hidden">
                {t('deals.members.pick')}
              </label>
              <select id="add-member" name="userId" required defaultValue="">
                <option value="" disabled>
                  {t('deals.members.pick')}
                </option>
                {d.candidates.map((c) => (
                  <option key={c.userId} value={c.userId}>
                    {c.name}（{c.email}）
                  </option>
                ))}
              </select>
              <button type="submit" name="intent" value="add" className="btn btn-primary">
                {t('deals.members.addSubmit')}
              </button>
            </Form>
          ) : (
            <p className="muted small">{t('deals.members.noCandidates')}</p>
          )}
        </div>
      ) : null}
    </section>
  )
}
