import { getFormProps, getInputProps, useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ChoiceGroup } from '~/components/achievement-form'
import { describedBy, FieldErrors, FormErrors, Label, Notice, SelectField, TextAreaField, TextField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import auctionStyles from '~/styles/auctions-lifecycle.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { applicationForm, applyForAuction } from '../../server/auctions/lifecycle'
import { ApplySchema, BIDDER_ORG_TYPES, toBeijingLocal } from '../../server/auctions/lifecycle-schemas'
import { LICENCE_KINDS } from '../../server/deals/terms'
import type { MessageKey } from '../../server/i18n/catalog'
import { TRANSACTION_MODES } from '../../server/listings/schemas'
import { defaultIncrement, type AuctionRules } from '../../server/auctions/policy'
import { fenToWan, formatFen, parseWanToFen } from '../../server/platform/money'

// /auctions/new — 申请竞价: an admin of a verified university or institute puts
// one or more published achievements up for auction as one lot (ADR 028).
// `?achievement=<id>` preselects one; `?relist=<id>` repeats an unsold or
// defaulted lot with its figures prefilled. The policy in force gives the
// defaults (increment table, deposit share, earliest start).

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: auctionStyles }]

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'auction.apply.pageTitle')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const url = new URL(request.url)
  const form = await orErrorPage(() => applicationForm(context.services.db, principal, { relist: url.searchParams.get('relist'), achievement: url.searchParams.get('achievement') }))
  return { form }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: ApplySchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const r = await attempt(submission, () => applyForAuction(context.services.db, principal, submission.value, requestMeta(context)))
  if (!r.ok) return r.response
  return redirect(`/auctions/${r.value.id}?done=applied`)
}

type ActionData = { result: SubmissionResult<string[]> } | undefined

function DateTimeField({ meta, label, hint }: { meta: FieldMetadata<any>; label: string; hint?: string }) {
  const props = getInputProps(meta, { type: 'datetime-local', ariaAttributes: false })
  return (
    <div className="field" data-invalid={meta.errors?.length ? '' : undefined}>
      <Label htmlFor={meta.id} label={label} required />
      <input {...props} key={props.key} aria-invalid={meta.errors?.length ? true : undefined} aria-describedby={describedBy(meta, hint)} aria-required />
      {hint ? <p id={`${meta.id}-hint`} className="hint">{hint}</p> : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export default function ApplyForAuctionPage() {
  const t = useT()
  const locale = useLocale()
  const { form: page } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const r = page.relist
  const rules = page.rules
  const [form, fields] = useForm({
    id: 'apply-auction',
    lastResult: actionData?.result,
    constraint: getZodConstraint(ApplySchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ApplySchema }),
    defaultValue: {
      achievementIds: page.preselected,
      title: r?.title ?? '',
      summary: r?.summary ?? '',
      format: r?.format ?? 'english',
      mode: r?.terms.mode ?? 'transfer',
      licenceKind: r?.terms.licence?.kind,
      licenceField: r?.terms.licence?.field,
      licenceTerritory: r?.terms.licence?.territory,
      licenceMonths: r?.terms.licence ? String(r.terms.licence.termMonths) : undefined,
      deliverables: r?.terms.deliverables ?? '',
      warrantyMonths: String(r?.terms.warrantyMonths ?? 0),
      note: r?.terms.note ?? '',
      startPrice: r ? fenToWan(r.startPriceFen) : '',
      increment: r ? fenToWan(r.incrementFen) : '',
      reserve: r?.reserveFen ? fenToWan(r.reserveFen) : '',
      depositPercent: r ? String(Math.round((r.depositFen / r.startPriceFen) * 1000) / 10) : String(rules.depositDefaultPercent),
      startsAt: toBeijingLocal(new Date(page.defaults.startsAt)).slice(0, 16),
      endsAt: toBeijingLocal(new Date(page.defaults.endsAt)).slice(0, 16),
      allowedOrgTypes: r?.allowedOrgTypes ?? ['enterprise'],
      relistFrom: r?.id ?? '',
    },
  })
  // The default increment follows the start price as it is typed (the table of the rules in force).
  const typedStart = parseWanToFen(String(fields.startPrice.value ?? ''))
  const defaultInc = typedStart ? defaultIncrement({ increments: rules.increments } as AuctionRules, typedStart) : null
  const available = page.achievements.filter((a) => a.available || page.preselected.includes(a.id))
  const titles = new Map(page.achievements.map((a) => [a.id, `${a.title}（${a.orgName}）`]))
  const incrementTable = rules.increments
    .map((s, i) => {
      const next = rules.increments[i + 1]
      return t('auction.apply.incrementRow', { from: formatFen(s.fromFen, locale), to: next ? formatFen(next.fromFen, locale) : '∞', inc: formatFen(s.incrementFen, locale) })
    })
    .join('；')
  return (
    <div className="container engagement auction-apply">
      <nav className="breadcrumbs" aria-label={t('ach.breadcrumbs')}>
        <Link to="/auctions">{t('auction.page.breadcrumb')}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{t('auction.apply.title')}</span>
      </nav>
      <PageHeader title={r ? t('auction.apply.relistTitle') : t('auction.apply.title')} lead={t('auction.apply.lead', { days: rules.announcementDays })} />
      {r ? <Notice kind="info">{t('auction.apply.relistNote', { title: r.title })}</Notice> : null}
      {available.length === 0 ? (
        <Notice kind="warning">{t('auction.apply.noAchievements')}</Notice>
      ) : (
        <section className="card">
          <Form method="post" className="form" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <input type="hidden" name="relistFrom" value={r?.id ?? ''} />
            <ChoiceGroup
              meta={fields.achievementIds}
              type="checkbox"
              options={available.map((a) => a.id)}
              legend={t('auction.apply.achievements')}
              hint={t('auction.apply.achievementsHint')}
              label={(id) => titles.get(id) ?? id}
            />
            <TextField meta={fields.title} label={t('auction.apply.lotTitle')} hint={t('auction.apply.lotTitleHint')} required />
            <TextAreaField meta={fields.summary} label={t('auction.apply.summary')} rows={3} />
            <SelectField meta={fields.format} label={t('auction.apply.format')} hint={t('auction.apply.formatHint')} options={(['english', 'sealed'] as const).map((f) => ({ value: f, label: t(`auction.format.${f}`) }))} required />
            <fieldset className="fieldset">
              <legend>{t('auction.apply.figures')}</legend>
              <TextField meta={fields.startPrice} label={t('auction.apply.startPrice')} hint={t('auction.apply.wanHint')} required />
              <TextField meta={fields.increment} label={t('auction.apply.increment')} hint={`${defaultInc ? t('auction.apply.incrementDefault', { amount: formatFen(defaultInc, locale) }) : ''}${t('auction.apply.incrementHint', { table: incrementTable })}`} />
              <TextField meta={fields.reserve} label={t('auction.apply.reserve')} hint={t('auction.apply.reserveHint')} />
              <TextField
                meta={fields.depositPercent}
                label={t('auction.apply.depositPercent')}
                hint={t('auction.apply.depositHint', { min: rules.depositMinPercent, max: rules.depositMaxPercent, def: rules.depositDefaultPercent })}
              />
            </fieldset>
            <fieldset className="fieldset">
              <legend>{t('auction.apply.schedule')}</legend>
              <DateTimeField meta={fields.startsAt} label={t('auction.apply.startsAt')} hint={t('auction.apply.startsAtHint', { days: rules.announcementDays })} />
              <DateTimeField meta={fields.endsAt} label={t('auction.apply.endsAt')} hint={t('auction.apply.endsAtHint', { hours: rules.minBiddingHours, days: rules.maxBiddingDays, minutes: Math.round(rules.extensionSeconds / 60) })} />
            </fieldset>
            <ChoiceGroup
              meta={fields.allowedOrgTypes}
              type="checkbox"
              options={BIDDER_ORG_TYPES}
              legend={t('auction.apply.allowedOrgTypes')}
              label={(v) => t(`orgType.${v}` as MessageKey)}
            />
            <fieldset className="fieldset">
              <legend>{t('auction.apply.terms')}</legend>
              <SelectField meta={fields.mode} label={t('notice.open.mode')} options={TRANSACTION_MODES.map((m) => ({ value: m, label: t(`deals.mode.${m}` as MessageKey) }))} required />
              <p className="hint">{t('notice.open.licenceHint')}</p>
              <SelectField meta={fields.licenceKind} label={t('notice.open.licenceKind')} placeholder="—" options={LICENCE_KINDS.map((k) => ({ value: k, label: t(`deals.licence.${k}` as MessageKey) }))} />
              <TextField meta={fields.licenceField} label={t('notice.open.licenceField')} />
              <TextField meta={fields.licenceTerritory} label={t('notice.open.licenceTerritory')} />
              <TextField meta={fields.licenceMonths} label={t('notice.open.licenceMonths')} />
              <TextAreaField meta={fields.deliverables} label={t('notice.open.deliverables')} rows={3} />
              <TextField meta={fields.warrantyMonths} label={t('notice.open.warrantyMonths')} />
              <TextAreaField meta={fields.note} label={t('notice.open.note')} rows={3} />
            </fieldset>
            <div className="form-actions">
              <button type="submit" className="btn btn-primary">
                {t('auction.apply.submit')}
              </button>
            </div>
          </Form>
        </section>
      )}
    </div>
  )
}
