import type { Submission, SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data } from '@remix-run/node'
import type { z } from 'zod'
import { DomainError } from '../../server/platform/errors'

/** The HTTP status a DomainError answers with, wherever a route or the API turns one into a response. */
export const DOMAIN_ERROR_STATUS = { invalid: 400, conflict: 409, forbidden: 403, not_found: 404 } as const satisfies Record<DomainError['kind'], number>

/**
 * Runs a domain call; a DomainError becomes a form reply with the field
 * errors (status 400/403/404/409) and everything the user typed kept.
 */
export async function attempt<T>(submission: Submission<unknown>, fn: () => Promise<T>, hideFields: string[] = []) {
  try {
    return { ok: true as const, value: await fn() }
  } catch (err) {
    if (!(err instanceof DomainError)) throw err
    const status = DOMAIN_ERROR_STATUS[err.kind]
    const hasFieldErrors = Object.keys(err.fieldErrors).length > 0
    const reply = submission.reply({
      formErrors: hasFieldErrors ? [] : [err.messageKey],
      fieldErrors: err.fieldErrors,
      hideFields,
    })
    return { ok: false as const, response: data({ result: reply }, { status }) }
  }
}

/**
 * A case page's action with several small forms (a registration, an evaluation, a credit record): the
 * form's `intent` picks its schema; an unknown intent or a value that does not parse answers 400 with the
 * errors at their fields, otherwise `fn` runs under attempt(). `ok` carries the intent for the redirect.
 */
export async function attemptIntent<S extends Record<string, z.ZodTypeAny>>(
  formData: FormData,
  schemas: S,
  fn: (intent: keyof S & string, value: Record<string, never>) => Promise<unknown>,
) {
  const intent = String(formData.get('intent') ?? '')
  if (!Object.hasOwn(schemas, intent)) {
    const result: SubmissionResult<string[]> = { status: 'error', error: { '': ['errors.invalid'] } }
    return { ok: false as const, response: data({ result }, { status: 400 }) }
  }
  const submission = parseWithZod(formData, { schema: schemas[intent]! })
  if (submission.status !== 'success') return { ok: false as const, response: data({ result: submission.reply() }, { status: 400 }) }
  const r = await attempt(submission, () => fn(intent, submission.value as Record<string, never>))
  return r.ok ? { ok: true as const, intent } : r
}
