import { getFormProps, getInputProps, useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { IndustrySelect, type IndustryGroupOption } from '~/components/achievement-form'
import { describedBy, FieldErrors, FormErrors, Label, SelectField, TextAreaField, TextField } from '~/components/forms'
import { useT } from '~/utils/i18n'
import type { MessageKey } from '../../../server/i18n/catalog'
import { AUDIENCES, ScheduleSchema, STREAM_KINDS, VENUE_MODES } from '../../../server/roadshows/schedule-schemas'

// The scheduling form of a roadshow (安排路演 / 修改路演), shared by
// /roadshows/new and /roadshows/:id/edit. Rubric and agenda rows are added and
// removed with Conform's list intents, so the form works without JavaScript;
// what was typed comes back with every error.

// A type alias (not an interface) so Conform sees it as a record of fields.
export type ScheduleFormValue = {
  orgId?: string
  title: string
  theme: string
  industryCode: string
  startsAt: string
  plannedEndAt: string
  venueMode: string
  venueAddress: string
  audience: string
  invitedOrgs: string
  streamKind: string
  streamUrl: string
  recordingUrl: string
  judges: string
  rubric: { key: string; label: string; labelEn: string; weight: string }[]
  items: {
    achievement: string
    title: string
    presenterName: string
    presenterEmail: string
    pitchMinutes: string
    qaMinutes: string
    auction: string
    itemId?: string
  }[]
}

export const EMPTY_ITEM = { achievement: '', title: '', presenterName: '', presenterEmail: '', pitchMinutes: '5', qaMinutes: '5', auction: '' }

function DateTimeField({ meta, label, hint }: { meta: FieldMetadata<any>; label: string; hint?: string }) {
  const props = getInputProps(meta, { type: 'datetime-local', ariaAttributes: false })
  return (
    <div className="field" data-invalid={meta.errors?.length ? '' : undefined}>
      <Label htmlFor={meta.id} label={label} required />
      <input {...props} key={props.key} aria-invalid={meta.errors?.length ? true : undefined} aria-describedby={describedBy(meta, hint)} aria-required />
      {hint ? (
        <p id={`${meta.id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function ScheduleForm({
  id,
  lastResult,
  defaultValue,
  industries,
  orgs,
  limits,
  submitLabel,
}: {
  id: string
  lastResult?: SubmissionResult<string[]>
  defaultValue: ScheduleFormValue
  industries: IndustryGroupOption[]
  orgs: { id: string; name: string }[] | null
  limits: { maxJudges: number; maxItems: number }
  submitLabel: string
}) {
  const t = useT()
  const [form, fields] = useForm({
    id,
    lastResult,
    constraint: getZodConstraint(ScheduleSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ScheduleSchema }),
    defaultValue,
  })
  const rubric = fields.rubric.getFieldList()
  const items = fields.items.getFieldList()
  const weightSum = rubric.reduce((s, r) => s + (Number(r.getFieldset().weight.value) || 0), 0)
  return (
    <Form method="post" className="form roadshow-form" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <section className="card" aria-labelledby={`${id}-basics`}>
        <h2 id={`${id}-basics`}>{t('roadshow.schedule.basics')}</h2>
        {orgs && orgs.length > 1 ? (
          <SelectField
            meta={fields.orgId}
            label={t('roadshow.schedule.org')}
            placeholder="—"
            options={orgs.map((o) => ({ value: o.id, label: o.name }))}
            required
          />
        ) : null}
        <TextField meta={fields.title} label={t('roadshow.schedule.title')} required />
        <TextField meta={fields.theme} label={t('roadshow.field.theme')} hint={t('roadshow.schedule.themeHint')} />
        <IndustrySelect meta={fields.industryCode} industries={industries} label={t('roadshow.list.industry')} />
        <div className="form-grid">
          <DateTimeField meta={fields.startsAt} label={t('roadshow.schedule.startsAt')} hint={t('roadshow.schedule.timeHint')} />
          <DateTimeField meta={fields.plannedEndAt} label={t('roadshow.schedule.plannedEndAt')} />
        </div>
      </section>

      <section className="card" aria-labelledby={`${id}-venue`}>
        <h2 id={`${id}-venue`}>{t('roadshow.schedule.venueAndAudience')}</h2>
        <SelectField
          meta={fields.venueMode}
          label={t('roadshow.field.venue')}
          options={VENUE_MODES.map((v) => ({ value: v, label: t(`roadshow.venue.${v}` as MessageKey) }))}
          required
        />
        <TextField meta={fields.venueAddress} label={t('roadshow.schedule.address')} hint={t('roadshow.schedule.addressHint')} />
        <SelectField
          meta={fields.audience}
          label={t('roadshow.field.audience')}
          options={AUDIENCES.map((v) => ({ value: v, label: t(`roadshow.audience.${v}` as MessageKey) }))}
          required
        />
        <TextAreaField meta={fields.invitedOrgs} label={t('roadshow.schedule.invitedOrgs')} hint={t('roadshow.schedule.invitedOrgsHint')} rows={3} />
        <SelectField
          meta={fields.streamKind}
          label={t('roadshow.field.stream')}
          options={STREAM_KINDS.map((v) => ({ value: v, label: t(`roadshow.stream.${v}` as MessageKey) }))}
          required
        />
        <TextField meta={fields.streamUrl} type="url" label={t('roadshow.schedule.streamUrl')} hint={t('roadshow.schedule.streamUrlHint')} />
        <TextField meta={fields.recordingUrl} type="url" label={t('roadshow.field.recording')} hint={t('roadshow.schedule.recordingHint')} />
      </section>

      <section className="card" aria-labelledby={`${id}-judges`}>
        <h2 id={`${id}-judges`}>{t('roadshow.schedule.judgesAndRubric')}</h2>
        <TextAreaField
          meta={fields.judges}
          label={t('roadshow.schedule.judges')}
          hint={t('roadshow.schedule.judgesHint', { max: limits.maxJudges })}
          rows={3}
        />
        <h3>{t('roadshow.schedule.rubric')}</h3>
        <p className="hint">
          {t('roadshow.schedule.rubricHint')}{' '}
          <span className="rubric-sum" data-bad={weightSum !== 100 ? '' : undefined}>
            {t('roadshow.schedule.weightSum', { sum: weightSum })}
          </span>
        </p>
        <FieldErrors id={fields.rubric.errorId} errors={fields.rubric.errors} />
        <ol className="rows">
          {rubric.map((row, index) => {
            const f = row.getFieldset()
            return (
              <li key={row.key ?? `rubric-${index}`} className="row-item" aria-label={t('roadshow.schedule.criterionRow', { n: index + 1 })}>
                <input type="hidden" name={f.key.name} value={String(f.key.initialValue ?? '')} />
                <TextField meta={f.label} label={t('roadshow.schedule.criterionLabel')} required />
                <TextField meta={f.labelEn} label={t('roadshow.schedule.criterionLabelEn')} />
                <TextField meta={f.weight} label={t('roadshow.schedule.weight')} inputMode="text" required />
                <button type="submit" className="btn btn-ghost row-remove" {...form.remove.getButtonProps({ name: fields.rubric.name, index })}>
                  {t('ach.form.remove')}
                  <span className="visually-hidden"> {t('roadshow.schedule.criterionRow', { n: index + 1 })}</span>
                </button>
              </li>
            )
          })}
        </ol>
        <button
          type="submit"
          className="btn btn-secondary"
          {...form.insert.getButtonProps({ name: fields.rubric.name, defaultValue: { key: '', label: '', labelEn: '', weight: '' } })}
        >
          + {t('roadshow.schedule.addCriterion')}
        </button>
      </section>

      <section className="card" aria-labelledby={`${id}-agenda`}>
        <h2 id={`${id}-agenda`}>{t('roadshow.page.agenda')}</h2>
        <p className="hint">{t('roadshow.schedule.agendaHint', { max: limits.maxItems })}</p>
        <FieldErrors id={fields.items.errorId} errors={fields.items.errors} />
        <ol className="rows">
          {items.map((row, index) => {
            const f = row.getFieldset()
            return (
              <li key={row.key ?? `item-${index}`} className="row-item" aria-label={t('roadshow.schedule.itemRow', { n: index + 1 })}>
                {f.itemId.initialValue ? <input type="hidden" name={f.itemId.name} value={String(f.itemId.initialValue)} /> : null}
                <div className="wide">
                  <TextField meta={f.achievement} label={t('roadshow.schedule.achievement')} hint={t('roadshow.schedule.achievementHint')} required />
                </div>
                <div className="wide">
                  <TextField meta={f.title} label={t('roadshow.schedule.itemTitle')} hint={t('roadshow.schedule.itemTitleHint')} />
                </div>
                <TextField meta={f.presenterName} label={t('roadshow.schedule.presenterName')} required />
                <TextField meta={f.presenterEmail} type="email" label={t('roadshow.schedule.presenterEmail')} />
                <TextField meta={f.pitchMinutes} label={t('roadshow.schedule.pitchMinutes')} required />
                <TextField meta={f.qaMinutes} label={t('roadshow.schedule.qaMinutes')} required />
                <div className="wide">
                  <TextField meta={f.auction} label={t('roadshow.schedule.auction')} hint={t('roadshow.schedule.auctionHint')} />
                </div>
                <button type="submit" className="btn btn-ghost row-remove" {...form.remove.getButtonProps({ name: fields.items.name, index })}>
                  {t('ach.form.remove')}
                  <span className="visually-hidden"> {t('roadshow.schedule.itemRow', { n: index + 1 })}</span>
                </button>
              </li>
            )
          })}
        </ol>
        <button type="submit" className="btn btn-secondary" {...form.insert.getButtonProps({ name: fields.items.name, defaultValue: EMPTY_ITEM })}>
          + {t('roadshow.schedule.addItem')}
        </button>
      </section>

      <div className="form-actions">
        <button type="submit" className="btn btn-primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  )
}
