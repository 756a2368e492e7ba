import { getCollectionProps, getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form, Link, useNavigation } from '@remix-run/react'
import type { z } from 'zod'
import { describedBy, FieldErrors, FormErrors, SelectField, TextAreaField, TextField } from '~/components/forms'
import type { MessageKey } from '../../server/i18n/catalog'
import { AchievementSchema, achievementSchemaFor, CONTRIBUTOR_KINDS, IP_KINDS, IP_STATUSES, PRICE_KINDS, TRANSACTION_MODES } from '../../server/listings/schemas'
import { useLocale, useT } from '~/utils/i18n'

// The achievement (科技成果) form, used to draft and to edit. One schema
// (AchievementSchema) validates in the browser and on the server; the IP
// rights and the contributors are repeatable rows whose add/remove buttons
// are Conform intents, so they also work before JavaScript has loaded.

export type AchievementFormValue = z.input<typeof AchievementSchema>

export interface IndustryGroupOption {
  code: string
  nameZh: string
  nameEn: string
  children: { code: string; nameZh: string; nameEn: string }[]
}

const TRLS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const

/**
 * The submission shown again with each repeatable-row field as a list. A request
 * that sends `contributors=x` (a value where the form has rows) comes back with
 * a string there, and Conform's getFieldList() throws on it while the page
 * renders — a 500 instead of the field's message. Such a value was never typed
 * into a row, so the rows start empty; the schema's message stays at the field.
 */
export function withListsOnly<R extends SubmissionResult<string[]> | null | undefined>(result: R, names: string[]): R {
  const initial = result?.initialValue
  if (!result || !initial || names.every((n) => initial[n] === undefined || Array.isArray(initial[n]))) return result
  const fixed: Record<string, unknown> = { ...initial }
  for (const n of names) if (fixed[n] !== undefined && !Array.isArray(fixed[n])) fixed[n] = []
  return { ...result, initialValue: fixed as typeof initial }
}

/** A stored achievement as the form's default value (shared with the submit check on the server). */
export { achievementFormValues } from '../../server/listings/form-values'

/** Industries as option groups: each top-level industry (labelled by `topLabel`), then its sub-fields. */
export function IndustryGroupOptions({ industries, topLabel }: { industries: IndustryGroupOption[]; topLabel: (name: string) => string }) {
  const locale = useLocale()
  const name = (o: { nameZh: string; nameEn: string }) => (locale === 'en' ? o.nameEn : o.nameZh)
  return (
    <>
      {industries.map((g) => (
        <optgroup key={g.code} label={name(g)}>
          <option value={g.code}>{topLabel(name(g))}</option>
          {g.children.map((c) => (
            <option key={c.code} value={c.code}>
              {name(c)}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  )
}

/** A select of industries grouped by top-level industry; the top level itself can be chosen too. */
export function IndustrySelect({
  meta,
  industries,
  label,
  hint,
  required,
}: {
  meta: FieldMetadata<any>
  industries: IndustryGroupOption[]
  label: string
  hint?: string
  required?: boolean
}) {
  const t = useT()
  const props = getSelectProps(meta, { ariaAttributes: false })
  return (
    <div className="field" data-invalid={meta.errors?.length ? '' : undefined}>
      <label htmlFor={meta.id}>
        {label}
        {required ? <span className="req" aria-hidden="true"> *</span> : null}
      </label>
      <select
        {...props}
        key={props.key}
        aria-invalid={meta.errors?.length ? true : undefined}
        aria-describedby={describedBy(meta, hint)}
      >
        <option value="">{t('ach.form.selectIndustry')}</option>
        <IndustryGroupOptions industries={industries} topLabel={(n) => t('ach.form.industryGeneral', { name: n })} />
      </select>
      {hint ? <p id={`${meta.id}-hint`} className="hint">{hint}</p> : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

/** Checkboxes or radios with a legend, one error list for the group. */
export function ChoiceGroup({
  meta,
  type,
  options,
  legend,
  hint,
  label,
  className,
}: {
  meta: FieldMetadata<any>
  type: 'checkbox' | 'radio'
  options: readonly string[]
  legend: string
  hint?: string
  label: (v: string) => string
  className?: string
}) {
  return (
    <fieldset className={`choice-group ${className ?? ''}`} data-invalid={meta.errors?.length ? '' : undefined} aria-describedby={describedBy(meta, hint)}>
      <legend>
        {legend}
        <span className="req" aria-hidden="true"> *</span>
      </legend>
      {hint ? <p id={`${meta.id}-hint`} className="hint">{hint}</p> : null}
      <div className="choices">
        {getCollectionProps(meta, { type, options: [...options], ariaAttributes: false }).map(({ key, ...props }) => (
          <label key={key} className="choice">
            {/* Not `required` per box: at least one is checked by the schema, which says so in words. */}
            <input {...props} required={false} aria-invalid={meta.errors?.length ? true : undefined} />
            <span>{label(props.value)}</span>
          </label>
        ))}
      </div>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </fieldset>
  )
}

/** A bare control inside a repeatable row: the label may be visually hidden (the column header names it). */
function RowInput({ meta, label, inputMode, placeholder }: { meta: FieldMetadata<any>; label: string; inputMode?: 'decimal'; placeholder?: string }) {
  const props = getInputProps(meta, { type: 'text', ariaAttributes: false })
  return (
    <div className="field" data-invalid={meta.errors?.length ? '' : undefined}>
      <label htmlFor={meta.id}>{label}</label>
      <input
        {...props}
        key={props.key}
        inputMode={inputMode}
        placeholder={placeholder}
        aria-invalid={meta.errors?.length ? true : undefined}
        aria-describedby={meta.errors?.length ? meta.errorId : undefined}
      />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

function RowSelect({ meta, label, options }: { meta: FieldMetadata<any>; label: string; options: { value: string; label: string }[] }) {
  const props = getSelectProps(meta, { ariaAttributes: false })
  return (
    <div className="field" data-invalid={meta.errors?.length ? '' : undefined}>
      <label htmlFor={meta.id}>{label}</label>
      <select {...props} key={props.key} aria-invalid={meta.errors?.length ? true : undefined} aria-describedby={meta.errors?.length ? meta.errorId : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function AchievementForm({
  id,
  lastResult,
  defaultValue,
  industries,
  orgs,
  fixedOrg,
  cancelTo,
  submitLabel,
  draft = true,
}: {
  id: string
  lastResult?: SubmissionResult<string[]> | null
  defaultValue: Record<string, unknown>
  industries: IndustryGroupOption[]
  /** The institutions the user may draft for; a choice is shown when there are several. */
  orgs: { id: string; name: string }[]
  /** Editing: the organisation cannot change. */
  fixedOrg?: { id: string; name: string }
  cancelTo: string
  submitLabel: string
  /** A draft (new, or draft/returned) may be saved with just a title; 保存并提交 checks everything. */
  draft?: boolean
}) {
  const t = useT()
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'
  const [form, fields] = useForm<AchievementFormValue, z.output<typeof AchievementSchema>>({
    id,
    lastResult: withListsOnly(lastResult, ['ipRights', 'contributors']),
    defaultValue: defaultValue as any,
    constraint: getZodConstraint(AchievementSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    // The submitter is in formData: 保存草稿 (then=draft) needs only a title, 保存并提交 everything.
    onValidate: ({ formData }) => parseWithZod(formData, { schema: (draft ? achievementSchemaFor(formData.get('then')) : AchievementSchema) as typeof AchievementSchema }),
  })
  const fieldErrorCount = Object.entries(form.allErrors).filter(([k, e]) => k !== '' && e.length).length
  const ipRights = fields.ipRights.getFieldList()
  const contributors = fields.contributors.getFieldList()
  const shareTotal = contributors.reduce((sum, c) => {
    const v = Number(String(c.getFieldset().share.value ?? '').trim())
    return Number.isFinite(v) ? sum + v : sum
  }, 0)
  const totalText = String(Math.round(shareTotal * 100) / 100)
  const shareOk = Math.round(shareTotal * 100) === 10_000

  return (
    <Form method="post" className="form achievement-form" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} fieldErrorCount={lastResult ? fieldErrorCount : 0} />

      <section className="card" aria-labelledby={`${id}-basic`}>
        <h2 id={`${id}-basic`}>{t('ach.form.basic')}</h2>
        <div className="form-grid">
          {fixedOrg ? (
            <div className="field">
              <span className="field-label">{t('ach.form.org')}</span>
              <p className="field-static">{fixedOrg.name}</p>
              <input type="hidden" name={fields.orgId.name} value={fixedOrg.id} />
            </div>
          ) : orgs.length > 1 ? (
            <SelectField
              meta={fields.orgId}
              label={t('ach.form.org')}
              hint={t('ach.form.orgHint')}
              placeholder={t('ach.form.selectOrg')}
              options={orgs.map((o) => ({ value: o.id, label: o.name }))}
              required
            />
          ) : (
            <div className="field">
              <span className="field-label">{t('ach.form.org')}</span>
              <p className="field-static">{orgs[0]?.name}</p>
              <input type="hidden" name={fields.orgId.name} value={orgs[0]?.id ?? ''} />
              <FieldErrors id={fields.orgId.errorId} errors={fields.orgId.errors} />
            </div>
          )}
          <div className="span-2">
            <TextField meta={fields.title} label={t('ach.form.title')} hint={t('ach.form.titleHint')} required />
          </div>
          <IndustrySelect meta={fields.industryCode} industries={industries} label={t('ach.form.industry')} required />
          <SelectField
            meta={fields.trl}
            label={t('ach.form.trl')}
            hint={t('ach.form.trlHint')}
            placeholder={t('ach.form.selectTrl')}
            options={TRLS.map((v) => ({ value: v, label: t(`trl.${v}` as MessageKey) }))}
            required
          />
          <div className="span-2">
            <TextField meta={fields.keywords} label={t('ach.form.keywords')} hint={t('ach.form.keywordsHint')} />
          </div>
        </div>
      </section>

      <section className="card" aria-labelledby={`${id}-content`}>
        <h2 id={`${id}-content`}>{t('ach.form.content')}</h2>
        <div className="form">
          <TextAreaField meta={fields.summary} label={t('ach.form.summary')} hint={t('ach.form.summaryHint')} rows={6} required />
          <TextAreaField meta={fields.benefit} label={t('ach.form.benefit')} hint={t('ach.form.benefitHint')} rows={3} required />
          <div className="ach-confidential">
            <p className="ach-confidential-note" id={`${id}-details-note`}>
              <strong>{t('ach.form.detailsNoteTitle')}</strong> {t('ach.form.detailsNote')}
            </p>
            <TextAreaField meta={fields.details} label={t('ach.form.details')} hint={t('ach.form.detailsHint')} rows={6} />
          </div>
        </div>
      </section>

      <section className="card" aria-labelledby={`${id}-deal`}>
        <h2 id={`${id}-deal`}>{t('ach.form.deal')}</h2>
        <div className="form">
          <ChoiceGroup
            meta={fields.transactionModes}
            type="checkbox"
            options={TRANSACTION_MODES}
            legend={t('ach.form.modes')}
            hint={t('ach.form.modesHint')}
            label={(v) => t(`mode.${v}` as MessageKey)}
          />
          <div className="price-group">
            <ChoiceGroup
              meta={fields.priceKind}
              type="radio"
              options={PRICE_KINDS}
              legend={t('ach.form.price')}
              label={(v) => t(`ach.priceKind.${v}` as MessageKey)}
            />
            {/* Which amount fields show follows the chosen radio through CSS (:has), so it works without JavaScript. */}
            <div className="price-amounts form-grid">
              <div className="price-min">
                <TextField
                  meta={fields.priceMin}
                  label={fields.priceKind.value === 'range' ? t('ach.form.priceMin') : t('ach.form.priceAmount')}
                  hint={t('ach.form.priceHint')}
                />
              </div>
              <div className="price-max">
                <TextField meta={fields.priceMax} label={t('ach.form.priceMax')} />
              </div>
            </div>
          </div>
        </div>
      </section>

      <section className="card" aria-labelledby={`${id}-ip`}>
        <h2 id={`${id}-ip`}>{t('ach.form.ipRights')}</h2>
        <p className="muted">{t('ach.form.ipRightsHint')}</p>
        <FieldErrors id={fields.ipRights.errorId} errors={fields.ipRights.errors} />
        {ipRights.length === 0 ? <p className="empty-rows">{t('ach.form.noIpRights')}</p> : null}
        <ol className="rows">
          {ipRights.map((row, index) => {
            const f = row.getFieldset()
            return (
              <li key={row.key ?? `ip-${index}`} className="row-item row-ip" aria-label={t('ach.form.ipRow', { n: index + 1 })}>
                <RowSelect meta={f.kind} label={t('ach.form.ipKind')} options={IP_KINDS.map((v) => ({ value: v, label: t(`ip.${v}` as MessageKey) }))} />
                <RowInput meta={f.number} label={t('ach.form.ipNumber')} placeholder="ZL201710601862.3" />
                <RowSelect meta={f.status} label={t('ach.form.ipStatus')} options={IP_STATUSES.map((v) => ({ value: v, label: t(`ipStatus.${v}` as MessageKey) }))} />
                <RowInput meta={f.territory} label={t('ach.form.ipTerritory')} placeholder="CN" />
                <button type="submit" className="btn btn-ghost row-remove" {...form.remove.getButtonProps({ name: fields.ipRights.name, index })}>
                  {t('ach.form.remove')}
                  <span className="visually-hidden"> {t('ach.form.ipRow', { n: index + 1 })}</span>
                </button>
              </li>
            )
          })}
        </ol>
        <button
          type="submit"
          className="btn btn-secondary"
          {...form.insert.getButtonProps({ name: fields.ipRights.name, defaultValue: { kind: 'invention_patent', number: '', status: 'granted', territory: 'CN' } })}
        >
          + {t('ach.form.addIpRight')}
        </button>
      </section>

      <section className="card" aria-labelledby={`${id}-people`}>
        <h2 id={`${id}-people`}>{t('ach.form.contributors')}</h2>
        <p className="muted">{t('ach.form.contributorsHint')}</p>
        <ol className="rows">
          {contributors.map((row, index) => {
            const f = row.getFieldset()
            return (
              <li key={row.key ?? `person-${index}`} className="row-item row-person" aria-label={t('ach.form.personRow', { n: index + 1 })}>
                <RowSelect
                  meta={f.kind}
                  label={t('ach.form.personKind')}
                  options={CONTRIBUTOR_KINDS.map((v) => ({ value: v, label: t(`ach.contributor.${v}` as MessageKey) }))}
                />
                <RowInput meta={f.name} label={t('ach.form.personName')} />
                <RowInput meta={f.share} label={t('ach.form.share')} inputMode="decimal" placeholder="50" />
                <button
                  type="submit"
                  className="btn btn-ghost row-remove"
                  disabled={contributors.length <= 1}
                  {...form.remove.getButtonProps({ name: fields.contributors.name, index })}
                >
                  {t('ach.form.remove')}
                  <span className="visually-hidden"> {t('ach.form.personRow', { n: index + 1 })}</span>
                </button>
              </li>
            )
          })}
        </ol>
        <div className="rows-footer">
          <button
            type="submit"
            className="btn btn-secondary"
            {...form.insert.getButtonProps({ name: fields.contributors.name, defaultValue: { kind: 'researcher', name: '', share: '' } })}
          >
            + {t('ach.form.addPerson')}
          </button>
          <p className={`share-total ${shareOk ? 'share-ok' : 'share-off'}`} aria-live="polite">
            {t('ach.form.shareTotal', { total: totalText })}
            {shareOk ? ' ✓' : ` · ${t('ach.form.shareMustBe100')}`}
          </p>
        </div>
        <FieldErrors id={fields.contributors.errorId} errors={fields.contributors.errors} />
      </section>

      <div className="form-actions form-actions-card">
        <button type="submit" name="then" value="draft" className="btn btn-secondary" disabled={busy}>
          {submitLabel}
        </button>
        <button type="submit" name="then" value="submit" className="btn btn-primary" disabled={busy}>
          {t('ach.form.saveAndSubmit')}
        </button>
        <Link to={cancelTo}>{t('common.cancel')}</Link>
      </div>
    </Form>
  )
}
