import { getCollectionProps, getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form, Link } from '@remix-run/react'
import { useRef } from 'react'
import { describedBy, FieldErrors, FormErrors, Label, RequirementMark, SelectField, TextAreaField, TextField } from '~/components/forms'
import { NeedDraftSchema, NeedSchema, TRANSACTION_MODES } from '../../server/listings/schemas'
import { useLocale, useT } from '~/utils/i18n'

// The need form (技术需求), for posting and editing. The organisation is chosen
// when the user belongs to several enterprises; the county defaults to the
// chosen organisation's until the user picks another.

export interface NeedFormOrg {
  id: string
  name: string
  divisionCode: string
}
export interface IndustryOption {
  code: string
  nameZh: string
  nameEn: string
  parentCode: string | null
}
export interface DivisionOption {
  code: string
  nameZh: string
  nameEn: string
}

export interface NeedFormDefaults {
  orgId: string
  title?: string
  problem?: string
  desiredOutcome?: string
  industryCode?: string | null
  divisionCode?: string
  budgetKind?: 'range' | 'negotiable'
  budgetMin?: string
  budgetMax?: string
  deadline?: string
  preferredModes?: string[]
  keywords?: string
}

/** Industries as option groups: each top-level industry, then its sub-fields. */
export function IndustryOptions({ industries, topLabel }: { industries: IndustryOption[]; topLabel: (name: string) => string }) {
  const locale = useLocale()
  const name = (i: IndustryOption) => (locale === 'en' ? i.nameEn : i.nameZh)
  return (
    <>
      {industries
        .filter((i) => !i.parentCode)
        .map((top) => (
          <optgroup key={top.code} label={name(top)}>
            <option value={top.code}>{topLabel(name(top))}</option>
            {industries
              .filter((i) => i.parentCode === top.code)
              .map((sub) => (
                <option key={sub.code} value={sub.code}>
                  {name(sub)}
                </option>
              ))}
          </optgroup>
        ))}
    </>
  )
}

function IndustryField({ meta, industries }: { meta: FieldMetadata<any>; industries: IndustryOption[] }) {
  const t = useT()
  const props = getSelectProps(meta, { ariaAttributes: false })
  return (
    <div className="field" data-invalid={meta.errors?.length ? '' : undefined}>
      <label htmlFor={meta.id}>
        {t('need.industry')}
        <span className="req" aria-hidden="true"> *</span>
      </label>
      <select {...props} key={props.key} aria-invalid={meta.errors?.length ? true : undefined} aria-describedby={meta.errors?.length ? meta.errorId : undefined}>
        <option value="">{t('need.select')}</option>
        <IndustryOptions industries={industries} topLabel={(n) => t('need.industryGeneral', { name: n })} />
      </select>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

function ChoiceGroup({
  meta,
  type,
  legend,
  hint,
  options,
  required,
}: {
  meta: FieldMetadata<any>
  type: 'radio' | 'checkbox'
  legend: string
  hint?: string
  options: { value: string; label: string }[]
  required?: boolean
}) {
  const labels = new Map(options.map((o) => [o.value, o.label]))
  return (
    <fieldset className="field choice-group" data-invalid={meta.errors?.length ? '' : undefined} aria-describedby={describedBy(meta, hint)}>
      <legend>
        {legend}
        <RequirementMark required={required} />
      </legend>
      {hint ? (
        <p id={`${meta.id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <div className="choices">
        {getCollectionProps(meta, { type, options: options.map((o) => o.value), ariaAttributes: false }).map((p) => (
          <label key={p.key} className="choice" htmlFor={p.id}>
            <input {...p} key={p.key} />
            <span>{labels.get(p.value)}</span>
          </label>
        ))}
      </div>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </fieldset>
  )
}

function DateField({ meta, label, hint }: { meta: FieldMetadata<any>; label: string; hint?: string }) {
  const props = getInputProps(meta, { type: 'date', ariaAttributes: false })
  return (
    <div className="field" data-invalid={meta.errors?.length ? '' : undefined}>
      <Label htmlFor={meta.id} label={label} />
      <input {...props} key={props.key} aria-invalid={meta.errors?.length ? true : undefined} aria-describedby={describedBy(meta, hint)} />
      {hint ? (
        <p id={`${meta.id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function NeedForm({
  orgs,
  industries,
  divisions,
  defaultValue,
  lastResult,
  submitLabel,
  cancelTo,
  lockOrg = false,
  draft = true,
}: {
  orgs: NeedFormOrg[]
  industries: IndustryOption[]
  divisions: DivisionOption[]
  defaultValue: NeedFormDefaults
  lastResult?: SubmissionResult<string[]> | null
  submitLabel: string
  cancelTo: string
  /** When editing, the need stays with its organisation. */
  lockOrg?: boolean
  /** A draft (new, or draft/returned) may be saved with just a title; the rest is checked on submit. */
  draft?: boolean
}) {
  const t = useT()
  const locale = useLocale()
  const [form, fields] = useForm({
    id: 'need',
    lastResult,
    constraint: getZodConstraint(NeedSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: draft ? NeedDraftSchema : NeedSchema }),
    defaultValue: { budgetKind: 'range', ...defaultValue },
  })
  // The county follows the organisation until the user chooses one.
  const countyTouched = useRef(false)
  const fieldErrorCount = Object.values(form.allErrors).filter((e) => e.length).length
  const org = orgs.find((o) => o.id === (fields.orgId.value ?? defaultValue.orgId))
  const budgetKind = fields.budgetKind.value ?? 'range'
  const divisionName = (d: DivisionOption) => (locale === 'en' ? d.nameEn : d.nameZh)

  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} fieldErrorCount={lastResult ? fieldErrorCount : 0} />
      <div className="form-grid">
        {orgs.length > 1 && !lockOrg ? (
          <div
            className="span-2"
            onChange={(e) => {
              const target = e.target as HTMLSelectElement
              const chosen = orgs.find((o) => o.id === target.value)
              if (chosen && !countyTouched.current) form.update({ name: fields.divisionCode.name, value: chosen.divisionCode })
            }}
          >
            <SelectField
              meta={fields.orgId}
              label={t('need.org')}
              options={orgs.map((o) => ({ value: o.id, label: o.name }))}
              required
            />
          </div>
        ) : (
          <div className="span-2 field">
            <input {...getInputProps(fields.orgId, { type: 'hidden' })} key={fields.orgId.key} />
            <span className="field-label" id="need-org-label">
              {t('need.org')}
            </span>
            <p className="field-static" aria-labelledby="need-org-label">
              {org?.name ?? orgs[0]?.name}
            </p>
          </div>
        )}
        <div className="span-2">
          <TextField meta={fields.title} label={t('need.title')} hint={t('need.titleHint')} required />
        </div>
        <div className="span-2">
          <TextAreaField meta={fields.problem} label={t('need.problem')} hint={t('need.problemHint')} rows={6} required />
        </div>
        <div className="span-2">
          <TextAreaField meta={fields.desiredOutcome} label={t('need.desiredOutcome')} hint={t('need.desiredOutcomeHint')} rows={4} required />
        </div>
        <IndustryField meta={fields.industryCode} industries={industries} />
        <div
          onChange={() => {
            countyTouched.current = true
          }}
        >
          <SelectField
            meta={fields.divisionCode}
            label={t('need.county')}
            hint={t('need.countyHint')}
            placeholder={t('need.select')}
            options={divisions.map((d) => ({ value: d.code, label: divisionName(d) }))}
            required
          />
        </div>
        <div className="span-2">
          <ChoiceGroup
            meta={fields.budgetKind}
            type="radio"
            legend={t('need.budget')}
            options={[
              { value: 'range', label: t('need.budgetKind.range') },
              { value: 'negotiable', label: t('need.budgetKind.negotiable') },
            ]}
            required
          />
        </div>
        {budgetKind !== 'negotiable' ? (
          <>
            <TextField meta={fields.budgetMin} label={t('need.budgetMin')} hint={t('need.wanHint')} required />
            <TextField meta={fields.budgetMax} label={t('need.budgetMax')} hint={t('need.wanHint')} required />
          </>
        ) : null}
        <DateField meta={fields.deadline} label={t('need.deadline')} hint={t('need.deadlineHint')} />
        <TextField meta={fields.keywords} label={t('need.keywords')} hint={t('need.keywordsHint')} />
        <div className="span-2">
          <ChoiceGroup
            meta={fields.preferredModes}
            type="checkbox"
            legend={t('need.preferredModes')}
            hint={t('need.preferredModesHint')}
            options={TRANSACTION_MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))}
          />
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary">
          {submitLabel}
        </button>
        <Link to={cancelTo} className="btn btn-ghost">
          {t('need.cancel')}
        </Link>
      </div>
    </Form>
  )
}
