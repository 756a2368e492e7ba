import { getFormProps, getInputProps, useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { describedBy, FieldErrors, FormErrors, Label, SelectField, TextAreaField, TextField } from '~/components/forms'
import { useLocale, useT } from '~/utils/i18n'
import type { MessageKey } from '../../../server/i18n/catalog'
import { TRAINING_KINDS } from '../../../server/trainings/config'
import { TrainingSchema } from '../../../server/trainings/schemas'

// The officers' form of a training event (/trainings/new and /trainings/:id/edit).

export type TrainingFormValue = Record<string, string>

function DateTimeField({ meta, label, hint, required }: { meta: FieldMetadata<any>; label: string; hint?: string; required?: boolean }) {
  const props = getInputProps(meta, { type: 'datetime-local', ariaAttributes: false })
  return (
    <div className="field" data-invalid={meta.errors?.length ? '' : undefined}>
      <Label htmlFor={meta.id} label={label} required={required} />
      <input {...props} key={props.key} aria-invalid={meta.errors?.length ? true : undefined} aria-describedby={describedBy(meta, hint)} aria-required={required || undefined} />
      {hint ? (
        <p id={`${meta.id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function TrainingForm({
  id,
  lastResult,
  defaultValue,
  divisions,
  submitLabel,
}: {
  id: string
  lastResult?: SubmissionResult<string[]>
  defaultValue: TrainingFormValue
  divisions: { code: string; nameZh: string; nameEn: string }[]
  submitLabel: string
}) {
  const t = useT()
  const locale = useLocale()
  const [form, fields] = useForm({
    id,
    lastResult,
    constraint: getZodConstraint(TrainingSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TrainingSchema }),
    defaultValue,
  })
  const fieldErrorCount = Object.values(fields).filter((f) => f.errors?.length).length
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} fieldErrorCount={fieldErrorCount} />
      <SelectField
        meta={fields.kind}
        label={t('training.form.kind')}
        required
        options={TRAINING_KINDS.map((k) => ({ value: k, label: t(`training.kind.${k}` as MessageKey) }))}
      />
      <TextField meta={fields.title} label={t('training.form.title')} required />
      <TextAreaField meta={fields.summary} label={t('training.form.summary')} rows={5} />
      <TextField meta={fields.venue} label={t('training.form.venue')} required />
      <SelectField
        meta={fields.divisionCode}
        label={t('training.form.county')}
        required
        placeholder={divisions.length > 1 ? t('training.form.choose') : undefined}
        options={divisions.map((d) => ({ value: d.code, label: locale === 'en' ? d.nameEn : d.nameZh }))}
      />
      <div className="grid grid-2">
        <DateTimeField meta={fields.startsAt} label={t('training.form.startsAt')} required />
        <DateTimeField meta={fields.endsAt} label={t('training.form.endsAt')} required />
      </div>
      <div className="grid grid-2">
        <TextField meta={fields.creditHours} label={t('training.form.creditHours')} hint={t('training.form.creditHoursHint')} inputMode="text" />
        <TextField meta={fields.capacity} label={t('training.form.capacity')} hint={t('training.form.capacityHint')} />
      </div>
      <DateTimeField meta={fields.registrationClosesAt} label={t('training.form.closesAt')} hint={t('training.form.closesAtHint')} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  )
}
