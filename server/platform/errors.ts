// Domain errors: services throw these, routes turn them into responses.
// They carry message keys from the catalog, never display text.

export class DomainError extends Error {
  constructor(
    readonly kind: 'not_found' | 'forbidden' | 'conflict' | 'invalid',
    readonly messageKey: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(messageKey)
  }
}

export const notFound = (key = 'errors.notFound') => new DomainError('not_found', key)
export const forbidden = (key = 'errors.forbidden') => new DomainError('forbidden', key)
export const conflict = (key: string, fieldErrors: Record<string, string[]> = {}) =>
  new DomainError('conflict', key, fieldErrors)
export const invalid = (fieldErrors: Record<string, string[]>, key = 'errors.invalid') =>
  new DomainError('invalid', key, fieldErrors)
