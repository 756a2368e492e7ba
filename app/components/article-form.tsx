import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { FormErrors, SelectField, TextAreaField, TextField } from '~/components/forms'
import { useT } from '~/utils/i18n'
import { ArticleSchema } from '../../server/portal/schemas'

/** An article's channel, title, text and source: the form of /articles/new and /articles/:id/edit. */
export function ArticleForm({
  result,
  defaults,
  submitLabel,
}: {
  result?: SubmissionResult<string[]>
  defaults?: { channel: string; title: string; body: string; source: string }
  submitLabel: string
}) {
  const t = useT()
  const [form, fields] = useForm({
    id: 'article',
    lastResult: result,
    defaultValue: defaults,
    constraint: getZodConstraint(ArticleSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ArticleSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <input type="hidden" name="intent" value="save" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <SelectField
        meta={fields.channel}
        label={t('article.field.channel')}
        required
        options={(['notice', 'policy', 'news'] as const).map((c) => ({ value: c, label: t(`article.channel.${c}`) }))}
      />
      <TextField meta={fields.title} label={t('article.field.title')} required />
      <TextField meta={fields.source} label={t('article.field.source')} hint={t('article.field.sourceHint')} />
      <TextAreaField meta={fields.body} label={t('article.field.body')} hint={t('article.field.bodyHint')} rows={14} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  )
}
