import { requireDealAccess } from '~/utils/deals.server'
import { getFormProps, getInputProps, useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRevalidator, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { withListsOnly } from '~/components/achievement-form'
import { CheckboxField, FieldErrors, FormErrors, Label, Notice, SelectField, TextAreaField, TextField } from '~/components/forms'
import contractStyles from '~/styles/contracts.css?url'
import { requestMeta } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { useRoom } from '~/utils/realtime'
import { readUploadForm } from '~/utils/upload.server'
import { findContractByDeal } from '../../db/repos/contracts'
import { listDivisions } from '../../db/repos/organisations'
import { roomLastSeq } from '../../db/repos/realtime'
import { MAX_SCAN_BYTES, rewardFloorPpmOn } from '../../server/contracts/config'
import { BUYER_APPLICATIONS, ContractFormSchema, contractToForm, parsePctToPpm, REWARD_ROLES, type ContractForm, type ContractInput } from '../../server/contracts/form'
import { confirmContract, createContractDraft, updateContract, uploadSignedScan } from '../../server/contracts/service'
import { CONTRACT_TYPE_CODES, NON_TECHNICAL_KINDS, bringsTechnologyIn } from '../../server/contracts/types'
import { dealContractPage, type ContractView } from '../../server/contracts/view'
import type { MessageKey } from '../../server/i18n/catalog'
import { fileStoreFor } from '../../server/platform/files/store'
import { formatFen, parseWanToFen } from '../../server/platform/money'
import { formatPpm } from '../../server/platform/policy'
import { roomName } from '../../server/realtime/publish'

// /deals/:id/contract — 合同: the deal's technology contract. Anyone in the
// room sees it; the parties (and the manager, who helps) draft it from the
// agreed terms and edit it as revisions; each party confirms the current
// revision; once all have, a party uploads the signed scan (PDF), which freezes
// it. A tab of the deal room (layout deals.$id.tsx). Not in the room → 404.
// Lists (parties, payment plan, non-technical items, reward split) carry empty
// rows and an "add a row" button that works without JavaScript (Conform intents).

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: contractStyles }]
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'contract.page.pageTitle', { title: data?.deal.title ?? '' })

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { access } = await requireDealAccess(request, params, context)
  const db = context.services.db
  const [page, divisions, lastSeq] = await Promise.all([dealContractPage(db, access), listDivisions(db), roomLastSeq(db, roomName('deal', access.deal.id))])
  return {
    deal: { id: access.deal.id, title: access.deal.title },
    ...page,
    divisions: divisions.map((d) => ({ code: d.code, zh: d.name_zh, en: d.name_en })),
    maxMb: MAX_SCAN_BYTES / 1024 / 1024,
    floorPpm: rewardFloorPpmOn(new Date()),
    lastSeq,
  }
}

const ConfirmSchema = z.object({ intent: z.literal('confirm'), revision: z.coerce.number({ invalid_type_error: 'contract.errors.staleConfirm' }).int('contract.errors.staleConfirm').min(1, 'contract.errors.staleConfirm').max(1_000_000_000, 'contract.errors.staleConfirm') })
const SignSchema = z.object({ intent: z.literal('sign'), file: z.instanceof(File, { message: 'contract.errors.scanRequired' }).refine((f) => f.size > 0, 'contract.errors.scanRequired') })
const DraftSchema = z.object({ intent: z.literal('draft') })
/** The form's lists: text posted where one belongs is answered as an empty list, not rendered as a row. */
const LISTS = ['parties', 'payments', 'nonTechnical', 'rewards']

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { principal, access } = await requireDealAccess(request, params, context)
  const { db, config } = context.services
  const dealId = access.deal.id
  const meta = requestMeta(context)
  const { form, oversized, broken } = await readUploadForm(request, MAX_SCAN_BYTES)
  if (broken || oversized.size) {
    const result: SubmissionResult<string[]> = {
      status: 'error',
      initialValue: { intent: 'sign' },
      error: { file: [broken ? 'errors.badUpload' : `contract.errors.scanTooLarge|max=${MAX_SCAN_BYTES / 1024 / 1024}`] },
    }
    return data({ result }, { status: broken ? 400 : 413 })
  }
  const done = (what: string) => redirect(`/deals/${dealId}/contract?done=${what}`)
  const contract = await findContractByDeal(db, dealId)
  const intent = String(form.get('intent') ?? '')
  switch (intent) {
    case 'draft': {
      const submission = parseWithZod(form, { schema: DraftSchema })
      const r = await attempt(submission, () => createContractDraft(db, principal, dealId, meta))
      return r.ok ? done('drafted') : r.response
    }
    case 'save': {
      const submission = parseWithZod(form, { schema: ContractFormSchema })
      // An "add/remove a row" intent answers with the form as typed plus or minus the row.
      if (submission.status !== 'success') return data({ result: withListsOnly(submission.reply(), LISTS) }, { status: submission.status === 'error' ? 400 : 200 })
      if (!contract) throw new Response('Not found', { status: 404 })
      const r = await attempt(submission, () => updateContract(db, principal, contract.id, submission.value, meta))
      return r.ok ? done('saved') : r.response
    }
    case 'confirm': {
      const submission = parseWithZod(form, { schema: ConfirmSchema })
      if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
      if (!contract) throw new Response('Not found', { status: 404 })
      const r = await attempt(submission, () => confirmContract(db, principal, contract.id, submission.value.revision, meta))
      return r.ok ? done('confirmed') : r.response
    }
    case 'sign': {
      const submission = parseWithZod(form, { schema: SignSchema })
      if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
      if (!contract) throw new Response('Not found', { status: 404 })
      const file = submission.value.file
      const bytes = new Uint8Array(await file.arrayBuffer())
      const r = await attempt(submission, () => uploadSignedScan(db, fileStoreFor(config), principal, contract.id, { bytes, name: file.name }, meta))
      return r.ok ? done('signed') : r.response
    }
    default:
      throw new Response('Bad intent', { status: 400 })
  }
}

type ActionData = { result: SubmissionResult<string[]> } | undefined
const DONE = ['drafted', 'saved', 'confirmed', 'signed'] as const

export default function ContractTab() {
  const t = useT()
  const { deal, contract, hasTerms, may, lastSeq, maxMb } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const [params] = useSearchParams()
  const revalidator = useRevalidator()
  useRoom(roomName('deal', deal.id), (e) => ['contract', 'stage', 'terms'].includes(e.kind) && revalidator.state === 'idle' && revalidator.revalidate(), { afterSeq: lastSeq })
  const done = DONE.find((d) => d === params.get('done'))
  const replyTo = actionData?.result.initialValue?.intent
  const otherErrors = replyTo !== 'save' && replyTo !== 'sign' ? actionData?.result.error?.[''] : undefined
  return (
    <div className="contract-page">
      <h2 className="visually-hidden">{t('contract.page.heading')}</h2>
      <p className="muted small">{t('contract.page.lead')}</p>
      {done ? <Notice kind="success">{t(`contract.page.done.${done}`)}</Notice> : null}
      {otherErrors ? <FormErrors id="contract-action-errors" errors={otherErrors} /> : null}
      {!contract ? (
        <section className="card" aria-labelledby="contract-none-h">
          <h2 id="contract-none-h">{t('contract.page.heading')}</h2>
          <p className="muted">{hasTerms ? t('contract.page.noContract') : t('contract.page.noTerms')}</p>
          {may.draft ? (
            <Form method="post">
              <input type="hidden" name="intent" value="draft" />
              <button type="submit" className="btn btn-primary">
                {t('contract.page.draft')}
              </button>
            </Form>
          ) : null}
        </section>
      ) : (
        <>
          <ContractSummary c={contract} />
          {may.confirm ? (
            <section className="card" aria-labelledby="contract-confirm-h">
              <h2 id="contract-confirm-h">{t('contract.page.confirm', { revision: contract.revision })}</h2>
              <p className="muted small">{t('contract.page.confirmLead')}</p>
              <Form method="post">
                <input type="hidden" name="intent" value="confirm" />
                <input type="hidden" name="revision" value={contract.revision} />
                <button type="submit" className="btn btn-primary">
                  {t('contract.page.confirm', { revision: contract.revision })}
                </button>
              </Form>
            </section>
          ) : null}
          {may.register ? (
            <p className="contract-register">
              <Link className="btn btn-primary" to={`/registrations/new?contract=${contract.id}`}>
                {t('contract.page.submitRegistration')}
              </Link>
            </p>
          ) : null}
          {may.sign ? <SignForm maxMb={maxMb} actionData={replyTo === 'sign' ? actionData : undefined} /> : null}
          {may.edit ? <EditForm key={contract.revision} c={contract} actionData={replyTo === 'save' ? actionData : undefined} /> : null}
        </>
      )}
    </div>
  )
}

function StatusBadge({ status }: { status: ContractView['status'] }) {
  const t = useT()
  return <span className={`badge badge-contract-${status}`}>{t(`contract.status.${status}`)}</span>
}

function ContractSummary({ c }: { c: ContractView }) {
  const t = useT()
  const locale = useLocale()
  const { divisions } = useLoaderData<typeof loader>()
  const divisionName = (code: string) => {
    const d = divisions.find((x) => x.code === code)
    return d ? (locale === 'en' ? d.en : d.zh) : code
  }
  const money = (fen: number) => formatFen(fen, locale)
  const reward = c.reward
  return (
    <section className="card" aria-labelledby="contract-summary-h">
      <div className="contract-head">
        <div>
          <h2 id="contract-summary-h">{c.title}</h2>
          <p className="muted small">
            {t('contract.page.revision', { revision: c.revision })}
            {c.termsVersion ? ` · ${t('contract.page.termsVersion', { version: c.termsVersion })}` : null}
          </p>
        </div>
        <div>
          <StatusBadge status={c.status} /> {reward.belowFloor ? <span className="badge badge-floor">{t('contract.page.belowFloor')}</span> : null}
        </div>
      </div>
      <dl className="contract-facts">
        <div>
          <dt>{t('contract.page.type')}</dt>
          <dd>{t(`contract.type.${c.contractType}` as MessageKey)}</dd>
        </div>
        <div>
          <dt>{t('contract.page.amount')}</dt>
          <dd>{money(c.contractAmountFen)}</dd>
        </div>
        <div>
          <dt>{t('contract.page.technologyAmount')}</dt>
          <dd>{money(c.technologyAmountFen)}</dd>
        </div>
        <div>
          <dt>{t('contract.page.nonTechnicalTotal')}</dt>
          <dd>{money(c.nonTechnicalFen)}</dd>
        </div>
        <div>
          <dt>{t('contract.page.term')}</dt>
          <dd>{c.termStart || c.termEnd ? t('contract.page.termRange', { start: c.termStart ?? '…', end: c.termEnd ?? '…' }) : t('contract.page.noTerm')}</dd>
        </div>
        <div>
          <dt>{t('contract.page.registration')}</dt>
          <dd>
            {c.registration ? (
              <Link to={`/registrations/${c.registration.id}`}>
                {t(`contract.registration.${c.registration.status}` as MessageKey)}
                {c.registration.number ? ` · ${t('contract.page.registrationNumber', { number: c.registration.number })}` : null}
              </Link>
            ) : (
              t('contract.page.notRegistered')
            )}
          </dd>
        </div>
        {bringsTechnologyIn(c.contractType) ? (
          <>
            <div>
              <dt>{t('contract.page.buyerApplication')}</dt>
              <dd>{c.buyerApplication ? t(`contract.buyerApplication.${c.buyerApplication}`) : '—'}</dd>
            </div>
            <div>
              <dt>{t('contract.page.projectedInvestment')}</dt>
              <dd>{c.projectedInvestmentFen === null ? '—' : money(c.projectedInvestmentFen)}</dd>
            </div>
            <div>
              <dt>{t('contract.page.projectedOutput')}</dt>
              <dd>{c.projectedOutputFen === null ? '—' : money(c.projectedOutputFen)}</dd>
            </div>
          </>
        ) : null}
      </dl>
      {c.subject ? (
        <>
          <h3>{t('contract.page.subject')}</h3>
          <p className="contract-subject">{c.subject}</p>
        </>
      ) : null}

      <h3>{t('contract.page.parties')}</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('contract.form.partyName')}</th>
              <th scope="col">{t('contract.page.creditCode')}</th>
              <th scope="col">{t('contract.page.division')}</th>
              <th scope="col">{t('contract.page.confirmation')}</th>
            </tr>
          </thead>
          <tbody>
            {c.parties.map((p) => (
              <tr key={p.orgId}>
                <td>
                  <span className="muted small">{t(`contract.side.${p.side}`)}</span> {p.name}
                </td>
                <td className="mono">{p.creditCode}</td>
                <td>{divisionName(p.divisionCode)}</td>
                <td>
                  {p.confirmed && p.confirmedAt ? (
                    <span className="badge badge-verified">{t('contract.page.confirmedBy', { name: p.confirmedByName ?? '—', at: formatDateTime(locale, p.confirmedAt) })}</span>
                  ) : p.confirmedRevision ? (
                    <span className="muted">{t('contract.page.confirmedOld', { revision: p.confirmedRevision })}</span>
                  ) : (
                    <span className="muted">{t('contract.page.notConfirmed')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>{t('contract.page.plan')}</h3>
      {c.payments.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('contract.page.milestone')}</th>
                <th scope="col">{t('contract.page.planAmount')}</th>
                <th scope="col">{t('contract.page.dueOn')}</th>
              </tr>
            </thead>
            <tbody>
              {c.payments.map((p, i) => (
                <tr key={i}>
                  <td>{p.milestone}</td>
                  <td>{money(p.amountFen)}</td>
                  <td>{p.dueOn ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('contract.page.none')}</p>
      )}

      <h3>{t('contract.page.nonTechnical')}</h3>
      {c.nonTechnical.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('contract.page.kind')}</th>
                <th scope="col">{t('contract.page.description')}</th>
                <th scope="col">{t('contract.page.planAmount')}</th>
              </tr>
            </thead>
            <tbody>
              {c.nonTechnical.map((n, i) => (
                <tr key={i}>
                  <td>{t(`contract.nonTechnical.${n.kind}`)}</td>
                  <td>{n.description}</td>
                  <td>{money(n.amountFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('contract.page.none')}</p>
      )}

      {c.serviceAchievement ? (
        <>
          <h3>
            {t('contract.page.serviceAchievement')} · {t('contract.page.rewards')}
          </h3>
          {reward.belowFloor ? <Notice kind="warning">{t('contract.page.belowFloorNote', { share: formatPpm(reward.sharePpm ?? 0), floor: formatPpm(reward.floorPpm ?? 0) })}</Notice> : null}
          {c.rewards.length ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('contract.page.person')}</th>
                    <th scope="col">{t('contract.page.role')}</th>
                    <th scope="col">{t('contract.page.share')}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.rewards.map((r, i) => (
                    <tr key={i}>
                      <td>{r.personName}</td>
                      <td>{t(`contract.role.${r.role}`)}</td>
                      <td>{formatPpm(r.sharePpm)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <p className="muted small">{t('contract.page.rewardTotal', { share: formatPpm(reward.sharePpm ?? 0), floor: formatPpm(reward.floorPpm ?? 0) })}</p>
        </>
      ) : null}

      {c.signedAt ? (
        <p>
          {t('contract.page.signed', { name: c.signedByName ?? '—', at: formatDateTime(locale, c.signedAt) })}
          {c.signedScanId ? (
            <>
              {' · '}
              <a href={`/files/${c.signedScanId}`}>{t('contract.page.scan')}</a>
            </>
          ) : null}
        </p>
      ) : null}
    </section>
  )
}

function SignForm({ maxMb, actionData }: { maxMb: number; actionData: ActionData }) {
  const t = useT()
  const errors = [...(actionData?.result.error?.file ?? []), ...(actionData?.result.error?.[''] ?? [])]
  return (
    <section className="card" aria-labelledby="contract-sign-h">
      <h2 id="contract-sign-h">{t('contract.page.sign')}</h2>
      <p className="muted small">{t('contract.page.signLead', { max: maxMb })}</p>
      <Form method="post" encType="multipart/form-data" className="form">
        <input type="hidden" name="intent" value="sign" />
        <div className="field" data-invalid={errors.length ? '' : undefined}>
          <Label htmlFor="contract-scan" label={t('contract.page.file')} required />
          <input id="contract-scan" type="file" name="file" accept="application/pdf,.pdf" required aria-invalid={errors.length ? true : undefined} aria-describedby={errors.length ? 'contract-scan-errors' : undefined} />
          <FieldErrors id="contract-scan-errors" errors={errors.length ? errors : undefined} />
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary">
            {t('contract.page.upload')}
          </button>
        </div>
      </Form>
    </section>
  )
}

function DateField({ meta, label }: { meta: FieldMetadata<string | undefined>; label: string }) {
  const props = getInputProps(meta, { type: 'date', ariaAttributes: false })
  return (
    <div className="field" data-invalid={meta.errors?.length ? '' : undefined}>
      <Label htmlFor={meta.id} label={label} />
      <input {...props} key={props.key} aria-invalid={meta.errors?.length ? true : undefined} aria-describedby={meta.errors?.length ? meta.errorId : undefined} />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

function ListErrors({ meta }: { meta: FieldMetadata<any> }) {
  return meta.errors?.length ? <FormErrors id={meta.errorId} errors={meta.errors} /> : null
}

const wanOr0 = (v: unknown) => (typeof v === 'string' && v.trim() ? (parseWanToFen(v) ?? 0) : 0)

function EditForm({ c, actionData }: { c: ContractView; actionData: ActionData }) {
  const t = useT()
  const locale = useLocale()
  const { divisions, floorPpm } = useLoaderData<typeof loader>()
  const [form, fields] = useForm<ContractForm, ContractInput>({
    id: `contract-${c.revision}`,
    lastResult: actionData?.result,
    constraint: getZodConstraint(ContractFormSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ContractFormSchema }),
    defaultValue: contractToForm(c) as Partial<ContractForm>,
  })
  const type = fields.contractType.value ?? c.contractType
  const parties = fields.parties.getFieldList()
  const payments = fields.payments.getFieldList()
  const items = fields.nonTechnical.getFieldList()
  const rewards = fields.rewards.getFieldList()
  const service = fields.serviceAchievement.value === 'on'
  // Shown live as people type; the service computes and stores the same figure.
  const amount = wanOr0(fields.contractAmountWan.value)
  const nonTech = items.reduce((s, r) => s + wanOr0(r.getFieldset().amountWan.value), 0)
  const share = rewards.reduce((s, r) => s + (parsePctToPpm(String(r.getFieldset().sharePct.value ?? '')) ?? 0), 0)
  const divisionOptions = divisions.map((d) => ({ value: d.code, label: locale === 'en' ? d.en : d.zh }))
  return (
    <section className="card" aria-labelledby="contract-edit-h">
      <h2 id="contract-edit-h">{t('contract.form.heading')}</h2>
      <p className="muted small">{t('contract.form.lead')}</p>
      <Form method="post" className="form contract-form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name={fields.revision.name} value={String(c.revision)} />
        <TextField meta={fields.title} label={t('contract.form.title')} required />
        <SelectField meta={fields.contractType} label={t('contract.form.type')} options={CONTRACT_TYPE_CODES.map((code) => ({ value: code, label: t(`contract.type.${code}`) }))} required />
        <TextAreaField meta={fields.subject} label={t('contract.form.subject')} rows={4} />
        <div className="contract-two">
          <DateField meta={fields.termStart} label={t('contract.form.termStart')} />
          <DateField meta={fields.termEnd} label={t('contract.form.termEnd')} />
        </div>

        <fieldset className="contract-section">
          <legend>{t('contract.page.parties')}</legend>
          <div className="contract-rows">
            {parties.map((row, i) => {
              const f = row.getFieldset()
              return (
                <fieldset key={row.key} className="contract-row">
                  <legend>{t(`contract.side.${c.parties[i]?.side ?? 'buyer'}`)}</legend>
                  <input type="hidden" name={f.orgId.name} value={String(f.orgId.initialValue ?? '')} />
                  <TextField meta={f.name} label={t('contract.form.partyName')} required />
                  <TextField meta={f.creditCode} label={t('contract.form.creditCode')} required />
                  <SelectField meta={f.divisionCode} label={t('contract.form.division')} options={divisionOptions} required />
                </fieldset>
              )
            })}
          </div>
          <ListErrors meta={fields.parties} />
        </fieldset>

        <fieldset className="contract-section">
          <legend>{t('contract.page.amount')}</legend>
          <TextField meta={fields.contractAmountWan} label={t('contract.form.amountWan')} required />
        </fieldset>

        <fieldset className="contract-section">
          <legend>{t('contract.page.plan')}</legend>
          <p className="muted small">{t('contract.form.emptyRowsHint')}</p>
          <div className="contract-rows">
            {payments.map((row, i) => {
              const f = row.getFieldset()
              return (
                <fieldset key={row.key} className="contract-row">
                  <legend>{t('contract.form.payment', { n: i + 1 })}</legend>
                  <TextField meta={f.milestone} label={t('contract.form.milestone')} />
                  <TextField meta={f.amountWan} label={t('contract.form.amountRowWan')} />
                  <DateField meta={f.dueOn} label={t('contract.form.dueOn')} />
                  <button className="btn btn-link" {...form.remove.getButtonProps({ name: fields.payments.name, index: i })}>
                    {t('contract.form.removeRow')}
                  </button>
                </fieldset>
              )
            })}
          </div>
          <ListErrors meta={fields.payments} />
          <div>
            <button className="btn btn-secondary" {...form.insert.getButtonProps({ name: fields.payments.name, defaultValue: { milestone: '', amountWan: '', dueOn: '' } })}>
              {t('contract.form.addRow')}
            </button>
          </div>
        </fieldset>

        <fieldset className="contract-section">
          <legend>{t('contract.page.nonTechnical')}</legend>
          <div className="contract-rows">
            {items.map((row, i) => {
              const f = row.getFieldset()
              return (
                <fieldset key={row.key} className="contract-row">
                  <legend>{t('contract.form.nonTechnicalRow', { n: i + 1 })}</legend>
                  <SelectField meta={f.kind} label={t('contract.form.kind')} options={NON_TECHNICAL_KINDS.map((k) => ({ value: k, label: t(`contract.nonTechnical.${k}`) }))} />
                  <TextField meta={f.description} label={t('contract.form.description')} />
                  <TextField meta={f.amountWan} label={t('contract.form.amountRowWan')} />
                  <button className="btn btn-link" {...form.remove.getButtonProps({ name: fields.nonTechnical.name, index: i })}>
                    {t('contract.form.removeRow')}
                  </button>
                </fieldset>
              )
            })}
          </div>
          <ListErrors meta={fields.nonTechnical} />
          <div>
            <button className="btn btn-secondary" {...form.insert.getButtonProps({ name: fields.nonTechnical.name, defaultValue: { kind: 'equipment', description: '', amountWan: '' } })}>
              {t('contract.form.addRow')}
            </button>
          </div>
          <p className="contract-live" aria-live="polite">
            {t('contract.form.technologyLive', { amount: formatFen(Math.max(0, amount - nonTech), locale) })}
          </p>
        </fieldset>

        <fieldset className="contract-section">
          <legend>{t('contract.page.rewards')}</legend>
          <CheckboxField meta={fields.serviceAchievement} label={t('contract.form.serviceAchievement')} />
          <div className="contract-rows">
            {rewards.map((row, i) => {
              const f = row.getFieldset()
              return (
                <fieldset key={row.key} className="contract-row">
                  <legend>{t('contract.form.rewardRow', { n: i + 1 })}</legend>
                  <TextField meta={f.personName} label={t('contract.form.person')} />
                  <SelectField meta={f.role} label={t('contract.form.role')} options={REWARD_ROLES.map((r) => ({ value: r, label: t(`contract.role.${r}`) }))} />
                  <TextField meta={f.sharePct} label={t('contract.form.sharePct')} />
                  <button className="btn btn-link" {...form.remove.getButtonProps({ name: fields.rewards.name, index: i })}>
                    {t('contract.form.removeRow')}
                  </button>
                </fieldset>
              )
            })}
          </div>
          <ListErrors meta={fields.rewards} />
          <div>
            <button className="btn btn-secondary" {...form.insert.getButtonProps({ name: fields.rewards.name, defaultValue: { personName: '', role: 'creator', sharePct: '' } })}>
              {t('contract.form.addRow')}
            </button>
          </div>
          {service ? (
            <p className="contract-live" aria-live="polite">
              {t('contract.form.rewardLive', { share: formatPpm(share), floor: formatPpm(c.reward.floorPpm ?? floorPpm) })}
            </p>
          ) : null}
        </fieldset>

        {bringsTechnologyIn(type) ? (
          <fieldset className="contract-section">
            <legend>{t('contract.form.buyerApplication')}</legend>
            <p className="muted small">{t('contract.form.transferOnly')}</p>
            <SelectField
              meta={fields.buyerApplication}
              label={t('contract.form.buyerApplication')}
              placeholder={t('contract.form.buyerApplicationNone')}
              options={BUYER_APPLICATIONS.map((b) => ({ value: b, label: t(`contract.buyerApplication.${b}`) }))}
            />
            <div className="contract-two">
              <TextField meta={fields.projectedInvestmentWan} label={t('contract.form.projectedInvestmentWan')} />
              <TextField meta={fields.projectedOutputWan} label={t('contract.form.projectedOutputWan')} />
            </div>
          </fieldset>
        ) : null}

        <div className="form-actions">
          <button type="submit" className="btn btn-primary">
            {t('contract.form.save')}
          </button>
        </div>
      </Form>
    </section>
  )
}
