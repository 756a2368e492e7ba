import { DomainError } from '../../server/platform/errors'

// Loaders of the engagement pages call a service that throws DomainErrors;
// this turns one into the error page's status (404 hides, 403 refuses).

const STATUS = { invalid: 400, conflict: 409, forbidden: 403, not_found: 404 } as const

export async function orErrorPage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (err instanceof DomainError) throw new Response(err.kind === 'not_found' ? 'Not found' : err.messageKey, { status: STATUS[err.kind] })
    throw err
  }
}
