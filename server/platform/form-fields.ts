import { z } from 'zod'
import { validText } from './input'

// Field builders shared by the forms of 挂牌公示 and auctions (browser and
// server): trimmed text with the catalog's messages, optional text that
// becomes '', and whole numbers typed into a text field.

/** Required text of `min`..`max` characters. */
export const formText = (max: number, min = 1) =>
  z
    .string({ required_error: 'errors.required' })
    .trim()
    .min(min, min > 1 ? `errors.minLength|min=${min}` : 'errors.required')
    .max(max, `errors.maxLength|max=${max}`)
    .refine(...validText)

/** Optional text up to `max` characters; absent becomes ''. */
export const formOptional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `errors.maxLength|max=${max}`)
    .refine(...validText)
    .optional()
    .transform((v) => v ?? '')

/** A whole number in [min, max]; anything else gets `message`. */
export const formInt = (min: number, max: number, message: string) =>
  z.coerce.number({ required_error: 'errors.required', invalid_type_error: message }).int(message).min(min, message).max(max, message)
