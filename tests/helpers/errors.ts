import { expect } from 'vitest'
import { DomainError } from '../../server/platform/errors'

/** What the call threw (it must throw): usually a DomainError from server/platform/errors.ts. */
export async function catchError(p: Promise<unknown>) {
  try {
    await p
  } catch (err) {
    return err as DomainError
  }
  throw new Error('expected the call to throw')
}

/** The DomainError the call was refused with (it must be refused with one). */
export async function rejection(p: Promise<unknown>) {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError)
    return err as DomainError
  }
  throw new Error('expected the call to be refused')
}

/**
 * Expects the call to be refused with a DomainError of `kind` (and `key`) and
 * `counts()` (the rows the call could have written) to be what they were before.
 */
export async function refusedUnchanged(counts: () => Promise<unknown>, call: () => Promise<unknown>, kind: DomainError['kind'], key?: string) {
  const before = await counts()
  const err = await catchError(call())
  expect(err).toBeInstanceOf(DomainError)
  expect(err).toMatchObject({ kind, ...(key ? { messageKey: key } : {}) })
  expect(await counts()).toEqual(before)
  return err
}
