import { requireDealAccess } from '~/utils/deals.server'
import { getFormProps, useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useRevalidator, useSearchParams } from '@remix-run/react'
import type { ButtonHTMLAttributes } from 'react'
import { FormErrors, Notice, SelectField, TextAreaField, TextField } from '~/components/forms'
import { requestMeta } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { useRoom } from '~/utils/realtime'
import { roomLastSeq } from '../../db/repos/realtime'
import { acceptManagerTerms, managerTermsView, stateManagerTerms } from '../../server/deals/manager-terms'
import { ManagerTermsFormSchema, OfferFormSchema, termsToForm, type OfferForm } from '../../server/deals/offer-form'
import { acceptOffer, dealOffersView, makeOffer, offerAbilities, RejectSchema, rejectOffer, withdrawOffer, type OfferView } from '../../server/deals/offers'
import { LICENCE_KINDS, PRICE_STRUCTURES, type DealTerms } from '../../server/deals/terms'
import { formatBp, termsFields } from '../../server/deals/terms-diff'
import { TRANSACTION_MODES } from '../../server/listings/schemas'
import { formatFen } from '../../server/platform/money'
import { roomName } from '../../server/realtime/publish'
import { isLocale } from '../../server/i18n/catalog'

// /deals/:id/offers — 报价: the offer on the table, every version with what
// changed since the one before, the form to offer or counter (万元 and %),
// accept/reject/withdraw for whoever may, the frozen terms once agreed, and the
// technology manager's service terms. A tab of the deal room (its layout is
// deals.$id.tsx); renders on its own as well. Not a member → 404.

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'offers.page.title', { title: data?.deal.title ?? '' })

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { principal, access } = await requireDealAccess(request, params, context)
  const db = context.services.db
  const dealId = access.deal.id
  const locale = isLocale(principal.locale) ? principal.locale : 'zh-CN'
  const [offers, managerTerms, lastSeq] = await Promise.all([dealOffersView(db, dealId, locale), managerTermsView(db, dealId), roomLastSeq(db, roomName('deal', dealId))])
  return {
    deal: { id: dealId, title: access.deal.title, stage: access.deal.stage },
    side: access.side,
    userId: principal.userId,
    offers,
    may: offerAbilities(access, offers.open, !!offers.agreed),
    managerTerms,
    lastSeq,
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { principal, access } = await requireDealAccess(request, params, context)
  const db = context.services.db
  const dealId = access.deal.id
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '')
  const meta = requestMeta(context)
  const actor = { principal }
  const version = Number(formData.get('version'))
  const done = (what: string) => redirect(`/deals/${dealId}/offers?done=${what}`)
  const run = async (schema: Parameters<typeof parseWithZod>[1]['schema'], fn: (value: any) => Promise<unknown>, what: string) => {
    const submission = parseWithZod(formData, { schema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const r = await attempt(submission, () => fn(submission.value))
    return r.ok ? done(what) : r.response
  }
  switch (intent) {
    case 'offer':
      return run(OfferFormSchema, (terms) => makeOffer(db, actor, dealId, terms, meta), 'made')
    case 'withdraw':
      return run(RejectSchema, () => withdrawOffer(db, actor, dealId, version, meta), 'withdrawn')
    case 'accept':
      return run(RejectSchema, () => acceptOffer(db, actor, dealId, version, meta), 'accepted')
    case 'reject':
      return run(RejectSchema, (v) => rejectOffer(db, actor, dealId, version, v.reason ?? null, meta), 'rejected')
    case 'managerTerms':
      return run(ManagerTermsFormSchema, (v) => stateManagerTerms(db, principal, dealId, v, meta), 'managerTerms')
    case 'acceptManagerTerms':
      return run(
        RejectSchema,
        () => acceptManagerTerms(db, principal, dealId, String(formData.get('managerId') ?? ''), String(formData.get('statedAt') ?? '') || null, meta),
        'managerTermsAccepted',
      )
    default:
      throw new Response('Bad intent', { status: 400 })
  }
}

type ActionData = { result: SubmissionResult<string[]> } | undefined

export default function OffersPage() {
  const t = useT()
  const locale = useLocale()
  const { deal, side, offers, may, managerTerms, lastSeq } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const [params] = useSearchParams()
  const revalidator = useRevalidator()
  useRoom(roomName('deal', deal.id), (e) => ['offer', 'terms', 'stage'].includes(e.kind) && revalidator.revalidate(), { afterSeq: lastSeq })
  const DONE = ['made', 'withdrawn', 'accepted', 'rejected', 'managerTerms', 'managerTermsAccepted'] as const
  const done = DONE.find((d) => d === params.get('done'))
  const intent = actionData?.result.initialValue?.intent
  const history = [...offers.versions].reverse()
  return (
    // A tab of the deal room: the room's layout (deals.$id.tsx) shows the title, stage and tabs above.
    <div className="deal-offers">
      <h2 className="visually-hidden">{t('offers.page.heading')}</h2>
      <p className="muted small">{t('offers.page.lead')}</p>
      {done ? <Notice kind="success">{t(`offers.page.done.${done}`)}</Notice> : null}
      {actionData && intent !== 'offer' && intent !== 'managerTerms' ? <FormErrors id="offer-action-errors" errors={actionData.result.error?.[''] ?? undefined} /> : null}

      {offers.agreed ? (
        <section className="card offer-agreed" aria-labelledby="agreed-h">
          <h2 id="agreed-h">{t('offers.page.agreed')}</h2>
          <p className="muted">
            {t('offers.page.agreedLead', { version: offers.agreed.version, name: offers.agreed.agreedByName ?? t(`offers.page.via.${offers.agreed.via}`), date: formatDateTime(locale, offers.agreed.agreedAt) })}
          </p>
          <TermsTable terms={offers.agreed.terms} />
        </section>
      ) : null}

      <section className="card" aria-labelledby="open-h">
        <h2 id="open-h">{t('offers.page.open')}</h2>
        {offers.open ? <OfferCard offer={offers.open} may={may} open /> : <p className="muted">{t('offers.page.noOpen')}</p>}
      </section>

      {may.offer ? <OfferFormCard counter={!!offers.open && offers.open.side !== side} start={offers.open ?? offers.versions.at(-1) ?? null} actionData={intent === 'offer' ? actionData : undefined} /> : null}

      <section className="card" aria-labelledby="history-h">
        <h2 id="history-h">{t('offers.page.history')}</h2>
        {history.length ? (
          <ol className="offer-history">
            {history.map((o) => (
              <li key={o.version}>
                <OfferCard offer={o} may={may} />
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">{t('offers.page.noHistory')}</p>
        )}
      </section>

      <ManagerTermsSection terms={managerTerms} side={side} actionData={intent === 'managerTerms' ? actionData : undefined} />
    </div>
  )
}

function TermsTable({ terms }: { terms: OfferView['terms'] }) {
  const locale = useLocale()
  return (
    <dl className="terms-table">
      {termsFields(terms, locale).map((f) => (
        <div key={f.path}>
          <dt>{f.label}</dt>
          <dd>{f.value}</dd>
        </div>
      ))}
    </dl>
  )
}

function OfferCard({ offer, may, open = false }: { offer: OfferView; may: { accept: boolean; withdraw: boolean }; open?: boolean }) {
  const t = useT()
  const locale = useLocale()
  const by = offer.side
    ? t('offers.page.by', { side: t(`offers.page.side.${offer.side}`), org: offer.orgName ?? '', name: offer.createdByName ?? '' })
    : t('offers.page.byPlatform', { via: t(`offers.page.via.${offer.via}`) })
  return (
    <article className="offer" aria-label={t('offers.page.version', { version: offer.version })}>
      <h3>
        {t('offers.page.version', { version: offer.version })} · <span className={`status status-${offer.status}`}>{t(`offers.page.status.${offer.status}`)}</span>
      </h3>
      <p className="muted small">
        {by} · {formatDateTime(locale, offer.createdAt)}
        {offer.basisVersion ? ` · ${t('offers.page.basis', { version: offer.basisVersion })}` : ''}
      </p>
      {offer.rejectReason ? <p>{t('offers.page.rejectReason', { reason: offer.rejectReason })}</p> : null}
      {offer.version > 1 ? (
        <>
          <h4>{t('offers.page.changes')}</h4>
          {offer.changes.length ? (
            <div className="table-wrap">
              <table className="terms-diff">
                <thead>
                  <tr>
                    <th scope="col"></th>
                    <th scope="col">{t('offers.page.before')}</th>
                    <th scope="col">{t('offers.page.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {offer.changes.map((c) => (
                    <tr key={c.path}>
                      <th scope="row">{c.label}</th>
                      <td>{c.before === null ? t('offers.value.empty') : <del>{c.before}</del>}</td>
                      <td>{c.after === null ? t('offers.value.empty') : <ins>{c.after}</ins>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted">{t('offers.page.noChanges')}</p>
          )}
        </>
      ) : null}
      <details open={open || offer.version === 1}>
        <summary>{t('offers.page.allTerms')}</summary>
        <TermsTable terms={offer.terms} />
      </details>
      {open && offer.status === 'open' ? (
        <div className="form-actions">
          {may.accept ? (
            <>
              <Form method="post">
                <input type="hidden" name="intent" value="accept" />
                <input type="hidden" name="version" value={offer.version} />
                <button type="submit" className="btn btn-primary">
                  {t('offers.page.accept')}
                </button>
              </Form>
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="reject" />
                <input type="hidden" name="version" value={offer.version} />
                <label htmlFor="reject-reason">{t('offers.field.reason')}</label>
                <input id="reject-reason" name="reason" maxLength={1000} />
                <button type="submit" className="btn btn-secondary">
                  {t('offers.page.reject')}
                </button>
              </Form>
            </>
          ) : null}
          {may.withdraw ? (
            <Form method="post">
              <input type="hidden" name="intent" value="withdraw" />
              <input type="hidden" name="version" value={offer.version} />
              <button type="submit" className="btn btn-secondary">
                {t('offers.page.withdraw')}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
    </article>
  )
}

function OfferFormCard({ counter, start, actionData }: { counter: boolean; start: OfferView | null; actionData: ActionData }) {
  const t = useT()
  const [form, fields] = useForm<OfferForm, DealTerms>({
    id: 'offer',
    lastResult: actionData?.result,
    constraint: getZodConstraint(OfferFormSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OfferFormSchema }),
    defaultValue: (start ? termsToForm(start.terms) : { mode: 'transfer', structure: 'lump_sum', instalments: [{}] }) as Partial<OfferForm>,
  })
  const mode = fields.mode.value ?? 'transfer'
  const structure = fields.structure.value ?? 'lump_sum'
  const rows = fields.instalments.getFieldList()
  return (
    <section className="card" aria-labelledby="offer-form-h">
      <h2 id="offer-form-h">{counter ? t('offers.page.counterTitle') : t('offers.page.makeTitle')}</h2>
      <p className="muted small">{t('offers.page.formLead')}</p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="offer" />
        <SelectField meta={fields.mode} label={t('offers.field.mode')} options={TRANSACTION_MODES.map((m) => ({ value: m, label: t(`deals.mode.${m}`) }))} required />
        {mode === 'licence' ? (
          <fieldset>
            <legend>{t('offers.page.licenceScope')}</legend>
            <SelectField meta={fields.licenceKind} label={t('offers.field.licenceKind')} options={LICENCE_KINDS.map((k) => ({ value: k, label: t(`deals.licence.${k}`) }))} required />
            <TextField meta={fields.licenceField} label={t('offers.field.licenceField')} />
            <TextField meta={fields.licenceTerritory} label={t('offers.field.licenceTerritory')} />
            <TextField meta={fields.licenceTermMonths} label={t('offers.field.licenceTermMonths')} inputMode="text" required />
          </fieldset>
        ) : null}
        <fieldset>
          <legend>{t('offers.page.price')}</legend>
          <SelectField meta={fields.structure} label={t('offers.field.structure')} options={PRICE_STRUCTURES.map((s) => ({ value: s, label: t(`deals.price.${s}`) }))} required />
          {structure === 'lump_sum' ? <TextField meta={fields.amountWan} label={t('offers.field.amountWan')} required /> : null}
          {structure === 'instalments' ? (
            <div className="instalments">
              {rows.map((row, i) => (
                <InstalmentRow key={row.key} n={i + 1} meta={row} remove={rows.length > 1 ? form.remove.getButtonProps({ name: fields.instalments.name, index: i }) : null} />
              ))}
              <button className="btn btn-secondary" {...form.insert.getButtonProps({ name: fields.instalments.name, defaultValue: {} })}>
                {t('offers.page.addInstalment')}
              </button>
              <FormErrorsFor meta={fields.instalments} />
            </div>
          ) : null}
          {structure === 'royalty' ? (
            <>
              <TextField meta={fields.royaltyPct} label={t('offers.field.royaltyPct')} required />
              <TextField meta={fields.upfrontWan} label={t('offers.field.upfrontWan')} />
              <TextField meta={fields.minimumWan} label={t('offers.field.minimumWan')} />
            </>
          ) : null}
          {structure === 'equity' ? (
            <>
              <TextField meta={fields.valuationWan} label={t('offers.field.valuationWan')} required />
              <TextField meta={fields.equityPct} label={t('offers.field.equityPct')} required />
            </>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>{t('offers.page.other')}</legend>
          <TextAreaField meta={fields.deliverables} label={t('offers.field.deliverables')} rows={3} />
          <TextAreaField meta={fields.training} label={t('offers.field.training')} rows={2} />
          <TextField meta={fields.warrantyMonths} label={t('offers.field.warrantyMonths')} />
          <TextAreaField meta={fields.warranty} label={t('offers.field.warranty')} rows={2} />
          <TextField meta={fields.commissionPct} label={t('offers.field.commissionPct')} />
          <TextField meta={fields.commissionFixedWan} label={t('offers.field.commissionFixedWan')} />
          <TextAreaField meta={fields.note} label={t('offers.field.note')} rows={2} />
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary">
            {t('offers.page.submit')}
          </button>
        </div>
      </Form>
    </section>
  )
}

function FormErrorsFor({ meta }: { meta: FieldMetadata<any> }) {
  return meta.errors?.length ? <FormErrors id={meta.errorId} errors={meta.errors} /> : null
}

type Instalment = NonNullable<OfferForm['instalments']>[number]

function InstalmentRow({ n, meta, remove }: { n: number; meta: FieldMetadata<Instalment>; remove: ButtonHTMLAttributes<HTMLButtonElement> | null }) {
  const t = useT()
  const f = meta.getFieldset()
  return (
    <fieldset className="instalment-row">
      <legend>{t('offers.field.instalment', { n })}</legend>
      <TextField meta={f.milestone} label={t('offers.field.milestone')} required />
      <TextField meta={f.amountWan} label={t('offers.field.instalmentWan')} required />
      <TextField meta={f.dueDays} label={t('offers.field.dueDays')} />
      {remove ? (
        <button className="btn btn-link" {...remove}>
          {t('offers.page.removeInstalment')}
        </button>
      ) : null}
    </fieldset>
  )
}

type ManagerTerms = ReturnType<typeof useLoaderData<typeof loader>>['managerTerms'][number]

function ManagerTermsSection({ terms, side, actionData }: { terms: ManagerTerms[]; side: string; actionData: ActionData }) {
  const t = useT()
  const locale = useLocale()
  const { userId } = useLoaderData<typeof loader>()
  const mine = terms.find((m) => m.managerId === userId)
  const [form, fields] = useForm({
    id: 'manager-terms',
    lastResult: actionData?.result,
    constraint: getZodConstraint(ManagerTermsFormSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ManagerTermsFormSchema }),
    defaultValue: mine ? { commissionPct: String(mine.rateBp / 100), commissionFixedWan: String(mine.fixedFen / 1_000_000), services: mine.services } : undefined,
  })
  const accepted = (s: 'seller' | 'buyer', name: string | null, at: string | null) =>
    name && at ? t('offers.page.acceptedBy', { side: t(`offers.page.side.${s}`), name, date: formatDateTime(locale, at) }) : t('offers.page.notAccepted', { side: t(`offers.page.side.${s}`) })
  return (
    <section className="card" id="manager-terms" aria-labelledby="manager-terms-h">
      <h2 id="manager-terms-h">{t('offers.page.managerTerms')}</h2>
      <p className="muted small">{t('offers.page.managerTermsLead')}</p>
      {terms.length ? null : <p className="muted">{t('offers.page.noManagerTerms')}</p>}
      {terms.map((m) => {
        const mySideAccepted = side === 'seller' ? m.sellerAcceptedBy : side === 'buyer' ? m.buyerAcceptedBy : 'n/a'
        return (
          <article key={m.managerId} className="manager-terms">
            <h3>
              {m.managerName}
              {m.agencyName ? ` · ${m.agencyName}` : ''}
            </h3>
            <p>{t('offers.page.commission', { rate: formatBp(m.rateBp), fixed: formatFen(m.fixedFen, locale) })}</p>
            <p className="pre-wrap">{m.services}</p>
            <ul className="plain">
              <li>{accepted('seller', m.sellerAcceptedBy, m.sellerAcceptedAt)}</li>
              <li>{accepted('buyer', m.buyerAcceptedBy, m.buyerAcceptedAt)}</li>
            </ul>
            {mySideAccepted === null ? (
              <Form method="post">
                <input type="hidden" name="intent" value="acceptManagerTerms" />
                <input type="hidden" name="managerId" value={m.managerId} />
                <input type="hidden" name="statedAt" value={m.statedAt} />
                <button type="submit" className="btn btn-primary">
                  {t('offers.page.acceptManagerTerms')}
                </button>
              </Form>
            ) : null}
          </article>
        )
      })}
      {side === 'manager' ? (
        <Form method="post" className="form" {...getFormProps(form)}>
          <h3>{t('offers.page.stateManagerTerms')}</h3>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="managerTerms" />
          <TextField meta={fields.commissionPct} label={t('offers.field.commissionPct')} />
          <TextField meta={fields.commissionFixedWan} label={t('offers.field.commissionFixedWan')} />
          <TextAreaField meta={fields.services} label={t('offers.field.services')} rows={3} required />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              {t('offers.page.saveManagerTerms')}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  )
}
