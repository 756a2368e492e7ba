import { DomainError } from '../../server/platform/errors'
import { DOMAIN_ERROR_STATUS } from './forms.server'

// Loaders of the engagement pages call a service that throws DomainErrors;
// this turns one into the error page's status (404 hides, 403 refuses).

export async function orErrorPage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (err instanceof DomainError) throw new Response(err.kind === 'not_found' ? 'Not found' : err.messageKey, { status: DOMAIN_ERROR_STATUS[err.kind] })
    throw err
  }
}
