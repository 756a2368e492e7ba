import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from '@conform-to/react'
import type { ReactNode } from 'react'
import { translateError, useLocale, useT } from '~/utils/i18n'

// Accessible fields: a real <label>, the hint and the error linked to the
// control by aria-describedby, aria-invalid when wrong. Error text is looked up
// in the user's language from the key the schema produced.

/** The error list of one field (or group), its id the field's errorId. */
export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  const locale = useLocale()
  if (!errors?.length) return null
  return (
    <ul id={id} className="field-errors" role="alert">
      {errors.map((e) => (
        <li key={e}>{translateError(locale, e)}</li>
      ))}
    </ul>
  )
}

interface Common {
  label: string
  hint?: string
  required?: boolean
}

/** The " *" of a required field, or the "(optional)" of one that is not. */
export function RequirementMark({ required }: { required?: boolean }) {
  const t = useT()
  return required ? <span className="req" aria-hidden="true"> *</span> : <span className="opt"> {t('common.optionalMark')}</span>
}

export function Label({ htmlFor, label, required }: { htmlFor: string; label: string; required?: boolean }) {
  return (
    <label htmlFor={htmlFor}>
      {label}
      <RequirementMark required={required} />
    </label>
  )
}

/** aria-describedby for a control: its hint (when shown) and its error list (when there are errors). */
export function describedBy(meta: Pick<FieldMetadata<any>, 'id' | 'errorId' | 'errors'>, hint?: string) {
  return [hint ? `${meta.id}-hint` : null, meta.errors?.length ? meta.errorId : null].filter(Boolean).join(' ') || undefined
}

export function TextField({
  meta,
  type = 'text',
  autoComplete,
  inputMode,
  ...c
}: Common & { meta: FieldMetadata<any>; type?: 'text' | 'email' | 'password' | 'tel' | 'url'; autoComplete?: string; inputMode?: 'text' | 'tel' | 'email' | 'url' }) {
  const props = getInputProps(meta, { type, ariaAttributes: false })
  return (
    <div className="field" data-invalid={meta.errors?.length ? '' : undefined}>
      <Label htmlFor={meta.id} label={c.label} required={c.required} />
      <input
        {...props}
        key={props.key}
        autoComplete={autoComplete}
        inputMode={inputMode}
        aria-invalid={meta.errors?.length ? true : undefined}
        aria-describedby={describedBy(meta, c.hint)}
        aria-required={c.required || undefined}
      />
      {c.hint ? <p id={`${meta.id}-hint`} className="hint">{c.hint}</p> : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function TextAreaField({ meta, rows = 4, ...c }: Common & { meta: FieldMetadata<any>; rows?: number }) {
  const props = getTextareaProps(meta, { ariaAttributes: false })
  return (
    <div className="field" data-invalid={meta.errors?.length ? '' : undefined}>
      <Label htmlFor={meta.id} label={c.label} required={c.required} />
      <textarea {...props} key={props.key} rows={rows} aria-invalid={meta.errors?.length ? true : undefined} aria-describedby={describedBy(meta, c.hint)} />
      {c.hint ? <p id={`${meta.id}-hint`} className="hint">{c.hint}</p> : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function SelectField({
  meta,
  options,
  placeholder,
  ...c
}: Common & { meta: FieldMetadata<any>; options: { value: string; label: string }[]; placeholder?: string }) {
  const props = getSelectProps(meta, { ariaAttributes: false })
  return (
    <div className="field" data-invalid={meta.errors?.length ? '' : undefined}>
      <Label htmlFor={meta.id} label={c.label} required={c.required} />
      <select {...props} key={props.key} aria-invalid={meta.errors?.length ? true : undefined} aria-describedby={describedBy(meta, c.hint)}>
        {placeholder ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {c.hint ? <p id={`${meta.id}-hint`} className="hint">{c.hint}</p> : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function CheckboxField({ meta, label }: { meta: FieldMetadata<any>; label: ReactNode }) {
  const props = getInputProps(meta, { type: 'checkbox', ariaAttributes: false })
  return (
    <div className="field field-check" data-invalid={meta.errors?.length ? '' : undefined}>
      <input {...props} key={props.key} aria-invalid={meta.errors?.length ? true : undefined} aria-describedby={meta.errors?.length ? meta.errorId : undefined} />
      <label htmlFor={meta.id}>{label}</label>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

/** Form-level errors (not tied to a field), plus a count of field errors for screen readers. */
/** A required file input (multipart forms) with its hint and error list. */
export function FileField({ meta, label, hint, accept, disabled }: { meta: FieldMetadata<any>; label: string; hint: string; accept: string; disabled?: boolean }) {
  const props = getInputProps(meta, { type: 'file', ariaAttributes: false })
  return (
    <div className="field" data-invalid={meta.errors?.length ? '' : undefined}>
      <Label htmlFor={meta.id} label={label} required />
      <input
        {...props}
        key={props.key}
        accept={accept}
        aria-invalid={meta.errors?.length ? true : undefined}
        aria-describedby={describedBy(meta, hint)}
        aria-required
        disabled={disabled}
      />
      <p id={`${meta.id}-hint`} className="hint">
        {hint}
      </p>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function FormErrors({ id, errors, fieldErrorCount = 0 }: { id: string; errors?: string[]; fieldErrorCount?: number }) {
  const locale = useLocale()
  const t = useT()
  if (!errors?.length && !fieldErrorCount) return null
  return (
    <div id={id} className="alert alert-error" role="alert">
      {errors?.map((e) => <p key={e}>{translateError(locale, e)}</p>)}
      {fieldErrorCount && !errors?.length ? <p>{t('common.formHasErrors', { count: fieldErrorCount })}</p> : null}
    </div>
  )
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'success' | 'warning' | 'error'; children: ReactNode }) {
  return (
    <div className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  )
}
