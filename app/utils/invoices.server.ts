import { data } from '@remix-run/node'
import { DOMAIN_ERROR_STATUS } from '~/utils/forms.server'
import { DomainError } from '../../server/platform/errors'

// The invoice pages' forms answer with { form, errors, values } (catalog keys,
// what was typed kept); a DomainError from the service becomes the same shape.

export async function attemptForm<T, V>(form: string, values: V, fn: () => Promise<T>, extra: Record<string, unknown> = {}) {
  try {
    return { ok: true as const, value: await fn() }
  } catch (err) {
    if (!(err instanceof DomainError)) throw err
    const errors = Object.keys(err.fieldErrors).length ? err.fieldErrors : { '': [err.messageKey] }
    return { ok: false as const, response: data({ form, errors, values, ...extra }, { status: DOMAIN_ERROR_STATUS[err.kind] }) }
  }
}

export function formReply<V>(form: string, errors: Record<string, string[]>, values: V, extra: Record<string, unknown> = {}, status = 400) {
  return data({ form, errors, values, ...extra }, { status })
}
