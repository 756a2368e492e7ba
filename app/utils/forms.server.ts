import type { Submission } from '@conform-to/react'
import { data } from '@remix-run/node'
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
