import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'
import type { z } from 'zod'
import { FormErrors } from '~/components/forms'

// One action panel of a case page (a registration, an evaluation, a credit
// record): its own small form posting `intent` to the page's action, validated
// in the browser by the same schema the action parses, titled and submitted by
// the same words. The page decides which panels to show from the `can` flags
// its service computed; the service checks them again.

// Conform's field metadata differ per schema; the page's render prop reads the fields it declared.
export type IntentFields = Record<string, any>

export interface IntentFormProps<I extends string> {
  intent: I
  title: string
  reply: { result: SubmissionResult<string[]> } | undefined
  defaults: Record<string, string>
  /** Extra hidden inputs (e.g. which objection a decision is about); the first value also keys the form's id. */
  hidden?: Record<string, string>
  children?: (fields: IntentFields) => ReactNode
  primary?: boolean
  danger?: boolean
  heading?: 'h3' | 'h4'
  className?: string
}

export function IntentForm<I extends string>({
  scope,
  schemas,
  intent,
  title,
  reply,
  defaults,
  hidden = {},
  children,
  primary,
  danger,
  heading: Heading = 'h3',
  className = 'form',
}: IntentFormProps<I> & { scope: string; schemas: Record<I, z.ZodTypeAny> }) {
  const key = Object.values(hidden)[0] ?? ''
  const [form, fields] = useForm({
    id: `${scope}-${intent}${key ? `-${key}` : ''}`,
    lastResult: reply?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: schemas[intent] }),
    defaultValue: { ...defaults, intent } as Record<string, string>,
    shouldRevalidate: 'onInput',
  })
  return (
    <Form method="post" className={className} {...getFormProps(form)} aria-label={title}>
      <Heading>{title}</Heading>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {children?.(fields)}
      <div className="form-actions">
        <button type="submit" className={`btn ${danger ? 'btn-danger' : primary ? 'btn-primary' : ''}`}>
          {title}
        </button>
      </div>
    </Form>
  )
}
